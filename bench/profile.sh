#!/usr/bin/env bash
# Profiles POST /predict under load with JDK Flight Recorder: starts a server on a fresh database
# with a recording, drives it with wrk, and prints JFR's views of where the time went (hot methods,
# allocation, GC pauses, lock contention, pinned virtual threads).
#   bench/profile.sh [HORIZON] [CONNECTIONS] [THINK_MS] [DURATION]   defaults 24 500 0 30s
# The recording stays in the printed work folder (open it in JDK Mission Control for more).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HORIZON="${1:-24}"; CONNS="${2:-500}"; THINK="${3:-0}"; DURATION="${4:-30s}"
PORT="${PORT:-18081}"
source "$ROOT/bench/server.sh"
start_server
"$JAVA_BIN" -Dforecast.home="$ROOT" "$ROOT/bench/Bodies.java" predict 168 "$HORIZON" >"$WORK/body.json"
METHOD=POST BODY_FILE="$WORK/body.json" wrk -t2 -c16 -d10s -s "$ROOT/bench/users.lua" "$URL/predict" >/dev/null
JFR="$("$ROOT/forecast" jdk)/bin/jfr"
pid="$SERVER" # the launcher execs the JVM
"$("$ROOT/forecast" jdk)/bin/jcmd" "$pid" JFR.start name=load filename="$WORK/load.jfr" settings=profile >/dev/null
METHOD=POST BODY_FILE="$WORK/body.json" THINK_MS="$THINK" \
    wrk -t2 -c"$CONNS" -d"$DURATION" --timeout 10s --latency -s "$ROOT/bench/users.lua" "$URL/predict" | sed -n '/Latency Distribution/,/Requests\/sec/p'
"$("$ROOT/forecast" jdk)/bin/jcmd" "$pid" JFR.stop name=load >/dev/null
for view in hot-methods allocation-by-class gc-pauses contention-by-site pinned-threads; do
    "$JFR" view --width 200 "$view" "$WORK/load.jfr" 2>&1 | head -40
done
echo "recording: $WORK/load.jfr"
trap - EXIT
kill "$SERVER" 2>/dev/null; wait 2>/dev/null || true
