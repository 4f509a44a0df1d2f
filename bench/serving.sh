#!/usr/bin/env bash
# Serving benchmark (issue 13): POST /predict under the specification's load, against the health
# route on the same server as the control. Starts its own server on a fresh database (the bootstrap
# XGBoost model with both features), drives it with wrk, prints one line per run:
#   requests/s, p50, p90, p99, max latency (ms) and errors (non-2xx answers and socket errors).
#   bench/serving.sh [DURATION]     DURATION per run, default 20s
# Runs:
#   - one connection, horizon 100: the unloaded latency;
#   - "users": 500 connections, each pausing an exponential 500 ms (THINK_MS) between requests
#     (about 1,000 req/s offered), horizon 24, horizon 100, and the health route;
#   - saturation: 500 connections flat out, horizon 24, and the health route.
# wrk and the server share this machine's cores: the figures are for both together.
# SERVER_OPTS, when set, is passed to the server's JVM (FORECAST_JAVA_OPTS), e.g. a JFR recording.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${1:-20s}"
PORT="${PORT:-18080}"
THINK_MS="${THINK_MS:-500}"
if ! command -v wrk >/dev/null; then
    echo "installing wrk (Debian package)..." >&2
    (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null
fi
export FORECAST_JAVA_OPTS="${SERVER_OPTS:-${FORECAST_JAVA_OPTS:-}}"
source "$ROOT/bench/server.sh"
start_server

bodies() { "$JAVA_BIN" -Dforecast.home="$ROOT" "$ROOT/bench/Bodies.java" "$@"; }
bodies predict 168 24 >"$WORK/h24.json"
bodies predict 168 100 >"$WORK/h100.json"

to_ms() { # a wrk duration (850.00us, 1.20ms, 3.01s, 1.00m) in milliseconds
    awk -v d="$1" 'BEGIN {
        if (d ~ /us$/) { sub(/us$/, "", d); printf "%.2f", d / 1000 }
        else if (d ~ /ms$/) { sub(/ms$/, "", d); printf "%.2f", d }
        else if (d ~ /m$/) { sub(/m$/, "", d); printf "%.0f", d * 60000 }
        else if (d ~ /s$/) { sub(/s$/, "", d); printf "%.0f", d * 1000 }
        else printf "%s", d }'
}

RESULTS="$WORK/results.tsv"
run() { # name connections threads think_ms method path [body]
    local name="$1" conns="$2" threads="$3" think="$4" method="$5" path="$6" body="${7:-}" out
    out=$(METHOD="$method" BODY_FILE="$body" THINK_MS="$think" \
        wrk -t"$threads" -c"$conns" -d"$DURATION" --timeout 10s --latency -s "$ROOT/bench/users.lua" "$URL$path" 2>&1)
    local rps p50 p90 p99 max non2xx sock
    rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out")
    p50=$(to_ms "$(awk '$1=="50%" {print $2}' <<<"$out")")
    p90=$(to_ms "$(awk '$1=="90%" {print $2}' <<<"$out")")
    p99=$(to_ms "$(awk '$1=="99%" {print $2}' <<<"$out")")
    max=$(to_ms "$(awk '$1=="Latency" && NF>=4 {print $4; exit}' <<<"$out")")
    non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
    sock=$(awk '/Socket errors/ {gsub(",",""); print $4+$6+$8+$10}' <<<"$out")
    printf '%-46s %8s %9s %9s %9s %9s %7s\n' "$name" "$rps" "$p50" "$p90" "$p99" "$max" "$(( ${non2xx:-0} + ${sock:-0} ))"
    printf '%s\t%s\t%s\t%s\n' "$name" "$rps" "$p50" "$p99" >>"$RESULTS"
}

# warm-up: the JIT compiles the predict path before anything is measured
METHOD=POST BODY_FILE="$WORK/h24.json" wrk -t2 -c16 -d10s -s "$ROOT/bench/users.lua" "$URL/predict" >/dev/null
METHOD=POST BODY_FILE="$WORK/h100.json" wrk -t2 -c16 -d5s -s "$ROOT/bench/users.lua" "$URL/predict" >/dev/null
METHOD=GET wrk -t2 -c16 -d3s -s "$ROOT/bench/users.lua" "$URL/observe/health" >/dev/null

printf '%-46s %8s %9s %9s %9s %9s %7s\n' "run ($DURATION each; latency in ms)" "req/s" "p50" "p90" "p99" "max" "errors"
run "1 connection, horizon 100" 1 1 0 POST /predict "$WORK/h100.json"
run "500 users (${THINK_MS} ms think), horizon 24" 500 2 "$THINK_MS" POST /predict "$WORK/h24.json"
run "500 users (${THINK_MS} ms think), horizon 100" 500 2 "$THINK_MS" POST /predict "$WORK/h100.json"
run "500 users (${THINK_MS} ms think), health" 500 2 "$THINK_MS" GET /observe/health
run "500 connections flat out, horizon 24" 500 2 0 POST /predict "$WORK/h24.json"
run "500 connections flat out, health" 500 2 0 GET /observe/health
awk -F'\t' '
    /flat out, horizon 24/ { p = $2; p50 = $3; p99 = $4 }
    /flat out, health/ { h = $2 }
    END { if (h > 0 && p50 > 0) printf "saturation: /predict at %.2f of the health route'"'"'s req/s; p99 / p50 = %.1f\n", p / h, p99 / p50 }' "$RESULTS"
