# Sourced by the bench scripts after they set ROOT and PORT: a fresh server over a temporary
# database. Sets URL, WORK and JAVA_BIN, exports FORECAST_ADMIN_KEY (yours, or a random one for
# this run only; admin calls need it), builds what is missing, stops the server on exit, and
# defines start_server, which starts it (again, on the same database) and waits until it answers.
URL="http://127.0.0.1:$PORT"
WORK="$(mktemp -d)"
export FORECAST_ADMIN_KEY="${FORECAST_ADMIN_KEY:-$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')}"
trap 'kill "${SERVER:-0}" 2>/dev/null || true; wait 2>/dev/null || true' EXIT
"$ROOT/forecast" build >/dev/null
JAVA_BIN="$("$ROOT/forecast" jdk)/bin/java"

start_server() {
    "$ROOT/forecast" serve --port "$PORT" --data "$WORK/data" >>"$WORK/server.log" 2>&1 &
    SERVER=$!
    until curl -sf "$URL/observe/health" >/dev/null; do
        kill -0 "$SERVER" 2>/dev/null || { tail -50 "$WORK/server.log"; exit 1; }
        sleep 0.2
    done
}
