#!/usr/bin/env bash
# An A/B test on a fresh server, end to end (bench/AbDemo.java), then the experiment as a SQL
# client sees it while the server runs (H2 AUTO_SERVER), with the README's three queries.
#   bench/ab-demo.sh [UNITS]      default 2000 predictions
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${PORT:-18095}"
source "$ROOT/bench/server.sh"
start_server
"$JAVA_BIN" "$ROOT/bench/AbDemo.java" "$URL" "$ROOT/test_data/time_series_train.csv" "${1:-2000}"

H2_JAR="$(ls "$ROOT"/forecast-app/target/lib/h2-*.jar | head -1)"
sql() { "$JAVA_BIN" -cp "$H2_JAR" org.h2.tools.Shell -url "jdbc:h2:file:$WORK/data/forecast;AUTO_SERVER=TRUE" -user sa -password "" -sql "$1"; }
echo; echo "-- which arm won, by how much, on how many requests"
sql "SELECT experiment, state, requests, scored_predictions, best_version, best_value, next_version, lead, lead_pct FROM ab_test_summary"
echo "-- every arm of the experiment"
sql "SELECT position, version, weight, requests, traffic_share, scored_predictions, mape, mae, latency_p50_ms, latency_p99_ms FROM ab_test_arm_summary WHERE experiment = 'demo' ORDER BY position"
echo "-- the arms' daily MAPE"
sql "SELECT version, CAST(requested_at AS DATE) AS on_day, COUNT(*) AS scored, AVG(mape) AS mape FROM ab_scored_prediction WHERE experiment = 'demo' GROUP BY version, on_day ORDER BY on_day, version"
echo "-- the deployment history"
sql "SELECT sequence, version, action, previous_version, at, reason, actor FROM deployment ORDER BY sequence"
