#!/usr/bin/env bash
# Three replicas behind HAProxy acting as one service (issue 17): a throwaway PostgreSQL, three
# servers on it (distinct ports, data folders and replica ids, one admin key), HAProxy in front
# (round robin, health checks on GET /observe/health every 500 ms, retries 3, redispatch), and 500
# paced users offering 1,000 req/s of POST /predict (a 168-hour history naming the series
# "default", so that the forecasts are recorded) for DURATION seconds, open model
# (bench/ClusterLoad.java: latency from when each request was due), after a 10 s warm-up. As the
# load starts it trains a seasonal-naive version through HAProxy and deploys it, also through
# HAProxy, at a third of the run, then asks each replica directly which version it serves; 6 s
# before half-time it submits an XGBoost training job and, at half-time, kill -9s the replica
# holding it (found by the job row's holder, whose first part is the replica id) and follows the
# job to its end. Prints requests/s, p50/p99/max latency, errors before and
# after the kill, the version each replica served after the deploy, the predictions recorded
# (rows of ab_prediction) against the successful requests, the killed replica's job, HAProxy's
# per-server counters and which replica leads. Stops and removes everything on exit (Ctrl-C too).
#   bench/cluster.sh [DURATION]     DURATION in seconds, default 60
# Needs PostgreSQL's server binaries (/usr/lib/postgresql/<version>/bin, the newest), curl and jq;
# installs the Debian package haproxy when missing. When run as root, PostgreSQL runs as nobody. The
# server is built with `mvn -B -q -DskipTests package` when missing or older than the sources
# (never installed). PORT (18110: HAProxy; the replicas take the next three, HAProxy's stats page
# PORT+4), RATE (1000), USERS (500), WARMUP (seconds at WARMUP_RATE 200 req/s before the run, 10),
# SERVER_OPTS (JVM options), RECORD_PER_SECOND (the servers' monitoring.record_per_second; default
# 0, no cap, so that every successful request should be recorded) and KEEP_WORK=1 (keep the
# temporary folder with the logs) may be set.
# Note: everything (three JVMs, PostgreSQL, HAProxy, the load generator) shares this machine's cores.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${1:-60}"; DURATION="${DURATION%s}"
PORT="${PORT:-18110}"
RATE="${RATE:-1000}"
USERS="${USERS:-500}"
LB="http://127.0.0.1:$PORT"
STATS_PORT=$((PORT + 4))
REPLICAS=(r1 r2 r3)
declare -A RPORT=([r1]=$((PORT + 1)) [r2]=$((PORT + 2)) [r3]=$((PORT + 3)))
declare -A RPID=() PIDREP=()
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JDK="$JAVA_HOME"; else JDK="$("$ROOT/forecast" jdk)"; fi
JAVA_BIN="$JDK/bin/java"
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[[ -x "$PGBIN/initdb" ]] || { echo "no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (apt-get install postgresql)" >&2; exit 1; }
if ! command -v haproxy >/dev/null; then
    echo "installing haproxy (Debian package)..." >&2
    apt-get install -y -q haproxy >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q haproxy >/dev/null; }
fi
for p in "$PORT" "${RPORT[@]}" "$STATS_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "port $p is taken (set PORT)" >&2; exit 1; fi
done

# the server as ./forecast serve runs it, without installing (as bench/accuracy-public.sh does)
APP_JAR="$ROOT/forecast-app/target/forecast-app-0.1.0-SNAPSHOT.jar"
if [[ ! -f "$APP_JAR" || -n "$(find "$ROOT"/forecast-* "$ROOT/pom.xml" "$ROOT/db" -path '*/target' -prune -o -newer "$APP_JAR" -type f -print -quit)" ]]; then
    echo "building the server (mvn package, no tests)..." >&2
    (cd "$ROOT" && JAVA_HOME="$JDK" mvn -B -q -DskipTests package)
fi
MODULE_PATH="$APP_JAR"
CLASS_PATH=""
for jar in "$ROOT"/forecast-app/target/lib-classpath/*.jar; do
    if [[ -e "$jar" ]]; then CLASS_PATH="${CLASS_PATH:+$CLASS_PATH:}$jar"; fi
done
for jar in "$ROOT"/forecast-app/target/lib/*.jar; do
    if [[ ! -e "$ROOT/forecast-app/target/lib-classpath/$(basename "$jar")" ]]; then MODULE_PATH="$MODULE_PATH:$jar"; fi
done

WORK="$(mktemp -d)"
chmod 755 "$WORK"
export FORECAST_ADMIN_KEY="${FORECAST_ADMIN_KEY:-$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')}"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
H="Authorization: Bearer $FORECAST_ADMIN_KEY"
AS_PG=(); [[ $(id -u) == 0 ]] && AS_PG=(runuser -u nobody --)

cleanup() {
    trap - EXIT INT TERM
    set +e
    [[ -n "${LOAD:-}" ]] && kill "$LOAD" 2>/dev/null
    [[ -n "${HAPROXY:-}" ]] && kill "$HAPROXY" 2>/dev/null
    for r in "${!RPID[@]}"; do kill "${RPID[$r]}" 2>/dev/null; done
    wait 2>/dev/null
    [[ -f "$WORK/pg/data/postmaster.pid" ]] && "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg/data" -m immediate -w stop >/dev/null 2>&1
    if [[ "${KEEP_WORK:-}" == 1 ]]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# PostgreSQL: initdb into the temporary folder, on a free port, as nobody when root
mkdir -p "$WORK/pg"
[[ ${#AS_PG[@]} -gt 0 ]] && chown nobody:nogroup "$WORK/pg"
"${AS_PG[@]}" "$PGBIN/initdb" -D "$WORK/pg/data" -U postgres -A trust -E UTF8 --no-locale --no-sync >"$WORK/initdb.log" 2>&1 \
    || { cat "$WORK/initdb.log" >&2; exit 1; }
PGPORT=$(( PORT + 5 ))
while (exec 3<>"/dev/tcp/127.0.0.1/$PGPORT") 2>/dev/null; do PGPORT=$((PGPORT + 1)); done
"${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/server.log" -w -t 60 \
    -o "-p $PGPORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
sql() { "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -d "${DB:-forecast}" -X -q -t -A -F ' ' -c "$1"; }
DB=postgres sql "CREATE DATABASE forecast"
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on port $PGPORT"

export FORECAST_DATABASE_URL="jdbc:postgresql://127.0.0.1:$PGPORT/forecast" FORECAST_DATABASE_USER=postgres FORECAST_DATABASE_PASSWORD=""
# a 2 s job lease, so that the killed replica's job is taken again within the run
export FORECAST_JOBS_LEASE_MS=2000 FORECAST_JOBS_POLL_MS=200
# every prediction naming a series recorded (no rate cap), so that recorded rows can be compared with answers
export FORECAST_MONITORING_RECORD_PER_SECOND="${RECORD_PER_SECOND:-0}"

start_replica() { # id
    local r=$1
    FORECAST_CLUSTER_REPLICA_ID="$r" "$JAVA_BIN" --module-path "$MODULE_PATH" --class-path "$CLASS_PATH" --add-modules ALL-MODULE-PATH,jdk.unsupported \
        --add-reads forecast.adapters.ml=ALL-UNNAMED --enable-native-access=ALL-UNNAMED,ml.dmlc.xgboost4j ${SERVER_OPTS:-} \
        -m forecast.app/forecast.app.Main serve --home "$ROOT" --port "${RPORT[$r]}" --data "$WORK/$r" >>"$WORK/$r.log" 2>&1 &
    RPID[$r]=$!
    PIDREP[$!]=$r
}
await_healthy() { # id: until its health route answers 200 (a live model loaded)
    local r=$1
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${RPORT[$r]}/observe/health")" == 200 ]]; do
        kill -0 "${RPID[$r]}" 2>/dev/null || { echo "$r stopped:" >&2; tail -40 "$WORK/$r.log" >&2; exit 1; }
        sleep 0.2
    done
}
health() { # replica: its name and whether it leads, from its health route's details
    curl -s -m 5 "http://127.0.0.1:${RPORT[$1]}/observe/health" | jq -c '[.. | objects | select(has("replica"))][0] | {replica, leader}' 2>/dev/null || echo '(no answer)'
}
t0=$(date +%s.%N)
# the first replica trains and deploys the bootstrap model; the others then find it live
start_replica r1
await_healthy r1
echo "r1 up (bootstrap XGBoost trained and deployed) after $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s"
start_replica r2
start_replica r3
await_healthy r2
await_healthy r3
echo "r2 and r3 up after $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s"
for r in "${REPLICAS[@]}"; do echo "  $r: port ${RPORT[$r]}, pid ${RPID[$r]}, health $(health "$r")"; done

cat >"$WORK/haproxy.cfg" <<EOF
global
    maxconn 4000
defaults
    mode http
    timeout connect 1s
    timeout client 30s
    timeout server 30s
    timeout check 1s
    retries 3
    option redispatch
    maxconn 4000
frontend service
    bind 127.0.0.1:$PORT
    default_backend replicas
backend replicas
    balance roundrobin
    # HTTP/1.1 with a Host header: the server answers HAProxy's default HTTP/1.0 check with 505
    option httpchk
    http-check send meth GET uri /observe/health ver HTTP/1.1 hdr Host localhost
    http-response set-header X-Replica %[srv_name]
    default-server check inter 500 fall 2 rise 2
    server r1 127.0.0.1:${RPORT[r1]}
    server r2 127.0.0.1:${RPORT[r2]}
    server r3 127.0.0.1:${RPORT[r3]}
listen stats
    bind 127.0.0.1:$STATS_PORT
    stats enable
    stats uri /stats
EOF
haproxy -f "$WORK/haproxy.cfg" -db >"$WORK/haproxy.log" 2>&1 &
HAPROXY=$!
until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$LB/observe/health")" == 200 ]]; do
    kill -0 "$HAPROXY" 2>/dev/null || { cat "$WORK/haproxy.log" >&2; exit 1; }
    sleep 0.2
done
sleep 1.5 # every server's first checks
echo "HAProxy $(haproxy -v | awk 'NR==1 {print $3}') on $LB: $(curl -s "http://127.0.0.1:$STATS_PORT/stats;csv" | awk -F, '$1=="replicas" && $2 ~ /^r/ {printf "%s %s  ", $2, $18}')"

"$JAVA_BIN" -Dforecast.home="$ROOT" "$ROOT/bench/Bodies.java" predict 168 24 >"$WORK/h24.json"
# naming the bootstrap series: recorded (monitoring.recording identified) and read for input drift
sed 's/^{/{"series_id": "default", /' "$WORK/h24.json" >"$WORK/h24-series.json"
api() { curl -sS -m 120 -H "$H" -H 'Content-Type: application/json' "$@"; }
now_ms() { date +%s%3N; }
cpu_of() { ps -o times= -p "$(echo "$@" | tr ' ' ,)" 2>/dev/null | awk '{s += $1} END {print s + 0}'; } # CPU seconds of the processes
busy_jiffies() { awk '$1 == "cpu" {print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat; } # busy, total
bench_pids() { echo "${RPID[@]}" "$HAPROXY" "$(head -1 "$WORK/pg/data/postmaster.pid")" $(pgrep -P "$(head -1 "$WORK/pg/data/postmaster.pid")"); }
served_by() { # replica: the version its own /predict answers with (a request naming no series, so not recorded)
    local out
    out=$(curl -s -m 5 -H 'Content-Type: application/json' --data-binary @"$WORK/h24.json" "http://127.0.0.1:${RPORT[$1]}/predict")  || true
    jq -r '.model_version // "error"' <<<"$out" 2>/dev/null || { echo "$out" >>"$WORK/served_by.errors"; echo error; }
}
old_version=$(served_by r1)
# warm-up (JIT) of the three JVMs through HAProxy, not recorded (no series named), not counted
echo "warm-up: ${WARMUP_RATE:-200} req/s for ${WARMUP:-10} s: $("$JAVA_BIN" "$ROOT/bench/ClusterLoad.java" "$LB/predict" "$WORK/h24.json" "${WARMUP_RATE:-200}" "${WARMUP:-10}" 100 "$WORK/warmup-events" | head -1)"
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "load: $RATE req/s offered by $USERS users through HAProxy for $DURATION s; deploy at $((DURATION / 3)) s, kill -9 at $((DURATION / 2)) s"
: >"$WORK/events"
"$JAVA_BIN" "$ROOT/bench/ClusterLoad.java" "$LB/predict" "$WORK/h24-series.json" "$RATE" "$DURATION" "$USERS" "$WORK/events" >"$WORK/load.out" 2>&1 &
LOAD=$!
until grep -q ' start ' "$WORK/events"; do kill -0 "$LOAD" 2>/dev/null || { cat "$WORK/load.out" >&2; exit 1; }; sleep 0.05; done
load_start=$(awk '$2 == "start" {printf "%.3f", $1 / 1000}' "$WORK/events")
cpu_start=$(cpu_of $(bench_pids)); read -r busy_start total_start < <(busy_jiffies); t_cpu_start=$(date +%s.%N)
sleep_until() { # seconds after the load started
    local s; s=$(awk -v a="$load_start" -v b="$(date +%s.%N)" -v t="$1" 'BEGIN {d = a + t - b; print (d > 0 ? d : 0)}')
    sleep "$s"
}
elapsed() { awk -v a="$load_start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}'; }

# train a new version (seasonal naive, fast) as the load starts, and deploy it at a third of the run,
# both through HAProxy; in the background, so that a slow training moves neither the deploy nor the kill
deploy_sequence() {
t_train=$(elapsed)
trained=$(api "$LB/models/train" -d '{"algorithm": "seasonal_naive", "series_id": "default", "wait": true}')
new_version=$(jq -r '.model_version // empty' <<<"$trained")
[[ -n "$new_version" ]] || { echo "training failed: $trained" >"$WORK/deploy-report"; exit 1; }
t_trained=$(elapsed)
sleep_until $((DURATION / 3))
t_deploy=$(elapsed)
deploy_start=$(now_ms)
deployed=$(api "$LB/models/deploy" -d "{\"model_version\": \"$new_version\", \"reason\": \"cluster bench\"}")
deploy_done=$(now_ms)
echo "$deploy_done deploy $new_version" >>"$WORK/events"
deploy_report="trained $new_version from $t_train s to $t_trained s (seasonal_naive, wait: true), deployed it at $t_deploy s through HAProxy ($((deploy_done - deploy_start)) ms, answer: $(jq -c '{version, previous_version, action}' <<<"$deployed" 2>/dev/null || head -c 200 <<<"$deployed"))"
# each replica asked directly (in the background, so as not to delay the kill) until it serves the
# new version, at most 15 s; under load the answer also waits in the replica's forecast queue
for r in "${REPLICAS[@]}"; do
    (
        for _ in $(seq 1 150); do
            sent=$(now_ms)
            v=$(served_by "$r")
            if [[ "$v" == "$new_version" ]]; then
                echo "$v: the first direct answer with it was asked $((sent - deploy_done)) ms after the deploy's answer and came after $(( $(now_ms) - deploy_done )) ms"; exit
            fi
            sleep 0.1
        done
        echo "still $(served_by "$r") after 15 s"
    ) >"$WORK/followed-$r" 2>&1 &
done
echo "$deploy_report" >"$WORK/deploy-report"
wait
}
deploy_sequence >"$WORK/deploy.out" 2>&1 &
DEPLOYER=$!

# before half-time: a training job (XGBoost, several seconds) that one replica takes
kill_at=$((DURATION / 2))
sleep_until $(( kill_at - 6 > 0 ? kill_at - 6 : 0 ))
job=$(api "$LB/models/train" -d '{"algorithm": "xgboost", "series_id": "default", "hyperparameters": {"rounds": 150}}' | jq -r .id)
job_submitted=$(elapsed)
(for r in "${REPLICAS[@]}"; do printf '%s ' "$(health "$r")"; done) >"$WORK/leaders-before" &
holder_of() { sql "SELECT coalesce(holder, '-') FROM job WHERE id = '$job'"; }
replica_of() { # a holder (<replica id>-<random>/<thread>; before issue 17's last part <pid>-<random>/<thread>): its replica
    local first="${1%%-*}"
    if [[ -n "${RPID[$first]:-}" ]]; then echo "$first"; else echo "${PIDREP[$first]:-?}"; fi
}
sleep_until "$kill_at"
# the replica holding the job; when none does yet (still queued), wait for one up to 5 s more
for _ in $(seq 1 50); do
    state=$(sql "SELECT state FROM job WHERE id = '$job'")
    [[ "$state" != queued ]] && break
    sleep 0.1
done
holder=$(holder_of)
victim=$(replica_of "$holder")
if [[ "$state" != running || "$victim" == "?" ]]; then
    job_note="job $job was $state (holder $holder) at the kill, so r3 was killed instead"
    victim=r3
else
    job_note="job $job (xgboost, submitted at $job_submitted s) was running on $victim (holder $holder, attempt $(sql "SELECT attempts FROM job WHERE id = '$job'"))"
fi
killed_cpu=$(cpu_of "${RPID[$victim]}")
kill -9 "${RPID[$victim]}"
echo "$(now_ms) kill $victim" >>"$WORK/events"
t_kill=$(elapsed)
wait "${RPID[$victim]}" 2>/dev/null || true
unset "RPID[$victim]"
# follow the job in the background: who holds it, until it ends (at most 4 minutes after the kill)
job_log="$WORK/job-history"
: >"$job_log"
follow_job() {
last=""
for _ in $(seq 1 960); do
    row=$(sql "SELECT state, attempts, coalesce(holder, '-') FROM job WHERE id = '$job'")
    if [[ "$row" != "$last" ]]; then
        read -r st at ho <<<"$row"
        echo "  $(elapsed) s: $st, attempt $at, holder $ho ($(replica_of "$ho"))" >>"$job_log"
        last="$row"
    fi
    [[ "$row" =~ ^(succeeded|failed|cancelled) ]] && break
    sleep 0.25
done
}
follow_job &
FOLLOWER=$!
wait "$LOAD" || true
LOAD=""
cpu_end=$(cpu_of $(bench_pids)); read -r busy_end total_end < <(busy_jiffies); t_cpu_end=$(date +%s.%N)
load_cpu=$(awk '/^load generator CPU/ {print $4}' "$WORK/load.out")
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
wait "$FOLLOWER" || true
job_final=$(api "$LB/jobs/$job" | jq -c '{status, attempts, model_version, error, progress: [.progress[]? | select(test("attempt|taken|stopped"))]}')
wait "$DEPLOYER" || true
sleep 1.5 # the recorders write every 200 ms
recorded=$(sql "SELECT count(*) FROM ab_prediction")
recorded_by_version=$(sql "SELECT version || ': ' || count(*) FROM ab_prediction GROUP BY version ORDER BY version" | paste -sd, - | sed 's/,/, /g')
succeeded=$(awk -F= '/^SUCCEEDED=/ {print $2}' "$WORK/load.out")

echo
grep -v '^SUCCEEDED=' "$WORK/load.out"
echo
echo "deploy: $(cat "$WORK/deploy-report" 2>/dev/null || echo "did not happen: $(cat "$WORK/deploy.out")")"
echo "version each replica served after the deploy (asked directly, polled every 100 ms; old version $old_version):"
for r in "${REPLICAS[@]}"; do echo "  $r: $(cat "$WORK/followed-$r" 2>/dev/null)$([[ $r == "$victim" ]] && echo " (killed at $t_kill s)")"; done
echo
echo "kill -9 of $victim at $t_kill s: $job_note"
echo "leadership before the kill (asked at $job_submitted s): $(cat "$WORK/leaders-before")"
echo "the job after the kill (state, attempt, holder as the job row shows them):"
cat "$job_log"
echo "  GET /jobs/$job: $job_final"
echo "leadership at the end: $(for r in "${REPLICAS[@]}"; do [[ -n "${RPID[$r]:-}" ]] && printf '%s ' "$(health "$r")"; done)"
echo
echo "recorded predictions (rows of ab_prediction): $recorded against ${succeeded:-?} successful requests (by version: $recorded_by_version);"
echo "  monitoring.record_per_second ${FORECAST_MONITORING_RECORD_PER_SECOND} per replica (0: no cap)"
echo "HAProxy per server (sessions, connection errors, response errors, retries, redispatches, status):"
curl -s "http://127.0.0.1:$STATS_PORT/stats;csv" | awk -F, '$1=="replicas" {printf "  %-8s %7s %5s %5s %5s %5s  %s\n", $2, $8, $14, $15, $16, $17, $18}'
echo "load average after the run: $load_after (the machine's other work included)"
awk -v c0="$cpu_start" -v c1="$cpu_end" -v k="${killed_cpu:-0}" -v l="${load_cpu:-0}" -v b0="$busy_start" -v b1="$busy_end" -v j0="$total_start" -v j1="$total_end" \
    -v t0="$t_cpu_start" -v t1="$t_cpu_end" -v n="$(getconf _NPROCESSORS_ONLN)" 'BEGIN {
    wall = t1 - t0; busy = (b1 - b0) / (j1 - j0); mine = c1 - c0 + k + l
    printf "CPU during the load (%.0f s, %d cores): the machine %.0f%% busy; the replicas, PostgreSQL, HAProxy and the load generator used %.0f core-seconds (%.0f%% of the machine), the rest went to other work\n", wall, n, 100 * busy, mine, 100 * mine / (wall * n)
}'
