#!/usr/bin/env bash
# The service beside R's forecast package on public series (issue 16): every algorithm spec trained
# through POST /models/train on the training part of each series in bench/public/series.csv (the
# eight of ../shared/reference/series, test_data and classic series from R's datasets and forecast
# packages; the last 12 monthly, 8 quarterly, 6 yearly, 14 daily, 96 half-hourly and test_data's 336
# test hours held out), the hold-out forecast through POST /predict, and per series and on average
# MAPE, sMAPE, MASE, 80%/95% coverage, MSIS and fit time beside R's auto.arima, ets and thetaf on
# the same split (bench/public/r-forecasts.csv), then a summary against auto.arima
# (bench/PublicAccuracy.java). Writes the per-series rows to bench/public/results-DATE.csv.
#   bench/accuracy-public.sh [OPTION ...] [SPEC ...]
#     SPEC              an algorithm, with hyperparameters as name:key=value,key=value (a + in a
#                       value for a comma: ensemble:members=arima+ets,combination=median); default:
#                       every family but lstm, the inverse-MASE, mean and median combinations of
#                       arima, ets, theta and mstl (seasonal naive is no member), and auto (a spec the server
#                       refuses is reported, not fatal)
#     --series A,B      only these series (names as in bench/public/series.csv)
#     --skip-slow       leave out the half-hourly series (taylor, 4,032 points)
#     --refresh-r       recompute R's forecasts (also done when r-forecasts.csv is missing; installs
#                       r-base-core and r-cran-forecast with apt-get when R or forecast is missing)
#     --out FILE        the per-series CSV (default bench/public/results-YYYY-MM-DD.csv)
#   bench/accuracy-public.sh --report FILE.csv ...   no server: the averages and summary again from
#                       per-series CSV files merged (a --skip-slow run and one of taylor alone)
# The server runs from forecast-app/target (built with `mvn -B -q -DskipTests package` when missing
# or older than the sources; never installed), on a fresh database in a temporary folder, without
# the bootstrap model, with FORECAST_ADMIN_KEY (yours, or a random one for the run). PORT (18093)
# and SERVER_OPTS (JVM options) as in the other scripts.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${PORT:-18093}"
URL="http://127.0.0.1:$PORT"
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then JDK="$JAVA_HOME"; else JDK="$("$ROOT/forecast" jdk)"; fi
JAVA_BIN="$JDK/bin/java"
if [[ "${1:-}" == --report ]]; then # no server: the averages and summary of saved per-series rows
    shift
    exec "$JAVA_BIN" "$ROOT/bench/PublicAccuracy.java" --report "$@"
fi
refresh_r=false
args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --refresh-r) refresh_r=true ;;
        --series|--out) args+=("$1" "$2"); shift ;;
        *) args+=("$1") ;;
    esac
    shift
done

# R's forecasts, once: they depend only on the committed series
if $refresh_r || [[ ! -s "$ROOT/bench/public/r-forecasts.csv" ]]; then
    if ! command -v Rscript >/dev/null || ! Rscript -e 'suppressPackageStartupMessages(library(forecast))' >/dev/null 2>&1; then
        echo "installing R and its forecast package (apt-get)..." >&2
        apt-get install -y -q r-base-core r-cran-forecast >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q r-base-core r-cran-forecast >/dev/null; }
    fi
    echo "R's auto.arima, ets and thetaf on every series (bench/public/forecasts.R)..." >&2
    (cd "$ROOT" && Rscript bench/public/forecasts.R)
fi

# the server as ./forecast serve runs it, but without building or installing: ./forecast would
# `mvn install` whenever any .java file (bench/ included) is newer than the app jar
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
export FORECAST_ADMIN_KEY="${FORECAST_ADMIN_KEY:-$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')}"
export FORECAST_BOOTSTRAP_ENABLED=false OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
trap 'kill "${SERVER:-0}" 2>/dev/null || true; wait 2>/dev/null || true' EXIT
"$JAVA_BIN" --module-path "$MODULE_PATH" --class-path "$CLASS_PATH" --add-modules ALL-MODULE-PATH,jdk.unsupported \
    --add-reads forecast.adapters.ml=ALL-UNNAMED --enable-native-access=ALL-UNNAMED,ml.dmlc.xgboost4j ${SERVER_OPTS:-} \
    -m forecast.app/forecast.app.Main serve --home "$ROOT" --port "$PORT" --data "$WORK/data" >>"$WORK/server.log" 2>&1 &
SERVER=$!
# without a deployed model the health route answers 503: any answer means it is up
until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/observe/health")" =~ ^[2-5] ]]; do
    kill -0 "$SERVER" 2>/dev/null || { tail -50 "$WORK/server.log"; exit 1; }
    sleep 0.2
done
echo "server pid $SERVER, database $WORK/data, log $WORK/server.log"
"$JAVA_BIN" -Dforecast.home="$ROOT" "$ROOT/bench/PublicAccuracy.java" "$URL" "${args[@]}"
