#!/usr/bin/env bash
# The monitoring loop on a fresh server with its bootstrap model (bench/RetrainDemo.java): a calm
# week of actuals, then a week whose level is SHIFT times higher; the drift alert starts a
# retraining run, whose steps are printed from the API and, at the end, from SQL.
#   bench/retrain-demo.sh [SHIFT]     default 1.4
# Small budgets so that the demo ends in minutes: 3 tuning trials, and a canary that may decide
# after 30 scored predictions per arm and 0.001 hours (overridable by the same variables).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${PORT:-18096}"
export FORECAST_PIPELINE_N_TRIALS="${FORECAST_PIPELINE_N_TRIALS:-3}"
export FORECAST_PIPELINE_CANARY_MIN_SAMPLES="${FORECAST_PIPELINE_CANARY_MIN_SAMPLES:-30}"
export FORECAST_PIPELINE_CANARY_DURATION_HOURS="${FORECAST_PIPELINE_CANARY_DURATION_HOURS:-0.001}"
export FORECAST_MONITORING_CHECK_MS="${FORECAST_MONITORING_CHECK_MS:-500}"
source "$ROOT/bench/server.sh"
start_server
(cd "$ROOT" && "$JAVA_BIN" "$ROOT/bench/RetrainDemo.java" "$URL" "$ROOT/test_data/time_series_test.csv" "${1:-1.4}")

H2_JAR="$(ls "$ROOT"/forecast-app/target/lib/h2-*.jar | head -1)"
sql() { "$JAVA_BIN" -cp "$H2_JAR" org.h2.tools.Shell -url "jdbc:h2:file:$WORK/data/forecast;AUTO_SERVER=TRUE" -user sa -password "" -sql "$1"; }
echo; echo "-- the runs"
sql "SELECT * FROM pipeline_run_summary ORDER BY started_at"
echo "-- the steps"
sql "SELECT run_id, position, name, state, duration_ms, detail FROM pipeline_step ORDER BY run_id, position"
echo "-- the contenders"
sql "SELECT run_id, role, version, algorithm, mape, mase, coverage95 FROM pipeline_contender ORDER BY run_id, position"
echo "-- alerts"
sql "SELECT id, kind, alert_key, state, occurrences, raised_at, resolved_at FROM alert ORDER BY id"
echo "-- live accuracy"
sql "SELECT * FROM live_accuracy"
