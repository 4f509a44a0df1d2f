#!/usr/bin/env bash
# The portfolio benchmark (issue 14) on a fresh server: generates 1,000 series (500 monthly x 120
# months, m-0001.., and 500 daily x 730 days, d-0001..: trend, seasonality, noise, a few with gaps
# and level shifts; fixed seed) as one long CSV, uploads them through POST /series, trains
# seasonal_naive, arima and xgboost over each frequency's series (one version per model:
# monthly-naive, monthly-arima, ..., daily-xgboost), forecasts every series from its stored history
# through /predict/batch, and prints series per second for each step, each version's aggregate
# backtest MASE (mean and median over its series), the server's RSS and the database's size.
#   bench/portfolio.sh [OPTION ...]     options of bench/Portfolio.java, for example
#     --upload-only                     stop after the upload and the listing check
#     --monthly 100 --daily 100         fewer series;  --months L --days L  other lengths
#     --algorithms arima                one algorithm;  --hyperparameters 'xgboost={"rounds": 50}'
#                                       (defaults: arima {"max_p": 1, "max_q": 1, "max_P": 1, "max_Q": 1,
#                                       "approximation": true}, xgboost {"rounds": 100})
#     --csv FILE                        keep the generated CSV;  --parallel K  batches in flight (4)
# SERVER_OPTS, when set, is passed to the server's JVM (FORECAST_JAVA_OPTS), e.g. SERVER_OPTS=-Xmx1g:
# the server's RSS follows the heap G1 chooses to grow to (a quarter of the machine's memory at most).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${PORT:-18098}"
export FORECAST_JAVA_OPTS="${SERVER_OPTS:-${FORECAST_JAVA_OPTS:-}}"
source "$ROOT/bench/server.sh"
start_server
echo "server pid $SERVER, database $WORK/data, log $WORK/server.log"
"$JAVA_BIN" "$ROOT/bench/Portfolio.java" "$URL" --pid "$SERVER" --data "$WORK/data" "$@"
