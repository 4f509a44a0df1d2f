#!/usr/bin/env bash
# Kill -9 at random moments while admin calls (deploy, rollback, experiment start, stop, promote)
# and experiment predictions run, restart, and check that nothing is half applied
# (bench/CrashCheck.java lists the invariants).
#   bench/crash.sh [ROUNDS]      default 10
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${PORT:-18097}"
ROUNDS="${1:-10}"
source "$ROOT/bench/server.sh"

start_server
curl -sf "$URL/models/train" -H "Authorization: Bearer $FORECAST_ADMIN_KEY" -H 'Content-Type: application/json' \
    -d '{"algorithm": "seasonal_naive", "name": "naive", "wait": true}' >/dev/null
failed=0
for round in $(seq 1 "$ROUNDS"); do
    "$JAVA_BIN" "$ROOT/bench/CrashCheck.java" churn "$URL" "$round" &
    CHURN=$!
    delay=$(awk -v r="$RANDOM" 'BEGIN {printf "%.2f", 0.5 + (r % 250) / 100}')
    sleep "$delay"
    kill -9 "$SERVER"
    wait "$SERVER" 2>/dev/null || true
    wait "$CHURN" 2>/dev/null || true
    start_server
    printf 'round %d: killed after %s s; ' "$round" "$delay"
    "$JAVA_BIN" "$ROOT/bench/CrashCheck.java" check "$URL" || failed=1
done
exit "$failed"
