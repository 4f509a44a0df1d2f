#!/usr/bin/env bash
# Load and latency benchmark of POST /predict and /predict/batch, then the served model's accuracy.
# Starts its own server on a fresh database (so the bootstrap model is trained as on first start),
# drives it with wrk on this machine, prints requests/s, p50/p99 latency and errors, and stops it.
#   bench/load.sh [DURATION]        DURATION per run, default 20s
# Note: wrk and the server share this machine's cores; figures are for both together.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${1:-20s}"
PORT="${PORT:-18080}"
if ! command -v wrk >/dev/null; then
    echo "installing wrk (Debian package)..." >&2
    (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null
fi
# The clients send the admin key on every request, so that the runs work with security.predict_requires_key too.
source "$ROOT/bench/server.sh"
start=$(date +%s.%N)
start_server
ready=$(date +%s.%N)
awk -v a="$start" -v b="$ready" 'BEGIN {printf "first start (train, backtest, register, deploy, serve): %.1f s\n", b - a}'

bodies() { "$JAVA_BIN" -Dforecast.home="$ROOT" "$ROOT/bench/Bodies.java" "$@"; }
bodies predict 168 24 >"$WORK/h24.json"
bodies predict 168 100 >"$WORK/h100.json"
bodies batch 100 168 24 >"$WORK/batch100.json"
# the same request naming the bootstrap series: recorded for live accuracy and read for input drift
sed 's/^{/{"series_id": "default", /' "$WORK/h24.json" >"$WORK/h24-series.json"

run() { # name connections threads path body
    local out
    out=$(BODY_FILE="$3" wrk -t"$4" -c"$2" -d"$DURATION" --latency -s "$ROOT/bench/post.lua" "$URL$5" 2>&1)
    local rps p50 p99 non2xx sock
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1=="50%" {print $2}' <<<"$out")
    p99=$(awk '$1=="99%" {print $2}' <<<"$out")
    non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
    sock=$(awk '/Socket errors/ {gsub(",",""); print $4+$6+$8+$10}' <<<"$out")
    printf '%-44s %11s %10s %10s %8s\n' "$1" "$rps" "$p50" "$p99" "$(( ${non2xx:-0} + ${sock:-0} ))"
}

BODY_FILE="$WORK/h24.json" wrk -t2 -c16 -d5s -s "$ROOT/bench/post.lua" "$URL/predict" >/dev/null  # warm-up (JIT)
printf '%-44s %11s %10s %10s %8s\n' "run ($DURATION each)" "requests/s" "p50" "p99" "errors"
run "predict 168 h history, horizon 24, 1 conn" 1 "$WORK/h24.json" 1 /predict
run "predict 168 h history, horizon 24, 100 conn" 100 "$WORK/h24.json" 2 /predict
run "predict 168 h history, horizon 24, 500 conn" 500 "$WORK/h24.json" 2 /predict
run "predict h24 naming its series (recorded), 100 conn" 100 "$WORK/h24-series.json" 2 /predict
run "predict horizon 100, 1 conn" 1 "$WORK/h100.json" 1 /predict
run "predict horizon 100, 100 conn" 100 "$WORK/h100.json" 2 /predict
run "batch of 100 (horizon 24 each), 1 conn" 1 "$WORK/batch100.json" 1 /predict/batch
run "batch of 100 (horizon 24 each), 4 conn" 4 "$WORK/batch100.json" 2 /predict/batch
echo
echo "constant arrival rate (open model; latency counted from when each request was due):"
secs="${DURATION%s}"
"$JAVA_BIN" "$ROOT/bench/RateLoad.java" "$URL/predict" "$WORK/h24.json" 1000 "$secs" 100
"$JAVA_BIN" "$ROOT/bench/RateLoad.java" "$URL/predict" "$WORK/h24.json" 1000 "$secs" 500
"$JAVA_BIN" "$ROOT/bench/RateLoad.java" "$URL/predict" "$WORK/h100.json" 1000 "$secs" 500
echo
"$JAVA_BIN" -Dforecast.home="$ROOT" "$ROOT/bench/Accuracy.java" "$URL"
