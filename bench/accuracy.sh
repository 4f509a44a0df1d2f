#!/usr/bin/env bash
# Accuracy of every model family, the ensemble and the automatic choice on test_data: starts a
# server on a fresh database, trains each through POST /models/train (on the stored training
# series, default hyperparameters), prints each fit time, then bench/Accuracy.java's table of
# MAPE, sMAPE, MASE and interval coverage on time_series_test.csv beside seasonal naive.
#   bench/accuracy.sh [ALGORITHM ...]     default: seasonal_naive arima xgboost lstm ensemble auto
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${PORT:-18090}"
ALGORITHMS=("${@:-seasonal_naive arima xgboost lstm ensemble auto}")
read -r -a ALGORITHMS <<<"${ALGORITHMS[*]}"
source "$ROOT/bench/server.sh"
start_server

versions=()
printf '%-16s %-22s %10s %9s %9s\n' "algorithm" "version" "fit s" "bt MAPE%" "bt MASE"
for algorithm in "${ALGORITHMS[@]}"; do
    answer=$(curl -s --max-time 3600 "$URL/models/train" -H 'Content-Type: application/json' \
        -H "Authorization: Bearer $FORECAST_ADMIN_KEY" \
        -d "{\"algorithm\": \"$algorithm\", \"name\": \"bench-$algorithm\", \"wait\": true}")
    line=$("$JAVA_BIN" "$ROOT/bench/JobSummary.java" <<<"$answer") || { echo "$algorithm: $answer" >&2; continue; }
    read -r version fit mape mase <<<"$line"
    printf '%-16s %-22s %10s %9s %9s\n' "$algorithm" "$version" "$fit" "$mape" "$mase"
    versions+=("$version")
done
echo
"$JAVA_BIN" -Dforecast.home="$ROOT" "$ROOT/bench/Accuracy.java" "$URL" "${versions[@]}"
