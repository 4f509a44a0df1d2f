#!/usr/bin/env bash
# Kill -9 at random moments while a training job, a tuning job and a retraining run are running,
# restart on the same database, and check that each ends succeeded or failed with a reason, that
# no version is registered twice and that no study loses a trial that had finished. Prints the
# counts per kind; exits 1 on any violation.
#   bench/job-crash.sh [ROUNDS]     rounds per kind, default 10
# Needs curl and jq. The server runs with a 2 s job lease (FORECAST_JOBS_LEASE_MS) so that a job
# cut short is taken again soon after the restart.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${PORT:-18099}"
ROUNDS="${1:-10}"
export FORECAST_JOBS_LEASE_MS=2000 FORECAST_JOBS_POLL_MS=200
source "$ROOT/bench/server.sh"
H="Authorization: Bearer $FORECAST_ADMIN_KEY"
api() { # an admin call; on an error answer, its problem goes to stderr and the script stops
    local out
    out=$(curl -sS --fail-with-body -H "$H" -H 'Content-Type: application/json' "$@") || { echo "failed: $* -> $out" >&2; return 22; }
    echo "$out"
}

start_server
# the tuning rounds tune small boosters on the first 400 hours of the test data, so that a trial takes seconds
head -401 "$ROOT/test_data/time_series_train.csv" | curl -sf -X PUT "$URL/series/short" -H "$H" -H 'Content-Type: text/csv' --data-binary @- >/dev/null
declare -A succeeded failed violations
reasons="$WORK/reasons"
: >"$reasons"

# kill -9 after a random 0.3-3.3 s, then start again on the same database
crash() {
    sleep "$(awk -v r="$RANDOM" 'BEGIN {printf "%.2f", 0.3 + (r % 300) / 100}')"
    kill -9 "$SERVER"
    wait "$SERVER" 2>/dev/null || true
    start_server
}

# waits until job $1 has ended (GET /jobs/{id}) and prints it
await_job() {
    local job
    for _ in $(seq 1 1800); do
        job=$(api "$URL/jobs/$1")
        if [[ $(jq -r .status <<<"$job") =~ ^(succeeded|failed|cancelled)$ ]]; then echo "$job"; return; fi
        sleep 0.5
    done
    echo "$job"
}

versions() { api "$URL/models/default/versions" | jq '.versions | length'; }

tally() { # kind, status, error
    case "$2" in
        succeeded) succeeded[$1]=$(( ${succeeded[$1]:-0} + 1 )) ;;
        failed) failed[$1]=$(( ${failed[$1]:-0} + 1 )); echo "$1: ${3:-no reason}" >>"$reasons"
                [[ -n "${3:-}" && "$3" != null ]] || violations[$1]=$(( ${violations[$1]:-0} + 1 )) ;;
        *) violations[$1]=$(( ${violations[$1]:-0} + 1 )); echo "$1: ended $2" >>"$reasons" ;;
    esac
}

for round in $(seq 1 "$ROUNDS"); do
    # training: XGBoost on the stored hourly series; exactly one more version when it succeeded
    before=$(versions)
    id=$(api "$URL/models/train" -d '{"algorithm": "xgboost", "hyperparameters": {"rounds": 150}}' | jq -r .id)
    crash
    job=$(await_job "$id")
    status=$(jq -r .status <<<"$job")
    tally training "$status" "$(jq -r .error <<<"$job")"
    added=$(( $(versions) - before ))
    expected=$([[ $status == succeeded ]] && echo 1 || echo 0)
    if (( added != expected )); then violations[training]=$(( ${violations[training]:-0} + 1 )); echo "training: $added versions for job $id ($status)" >>"$reasons"; fi
    printf 'round %d training: %s after %s attempts, %d version(s)\n' "$round" "$status" "$(jq -r .attempts <<<"$job")" "$added"

    # tuning (on the short series): the trials that had finished before the kill are all still there, unchanged
    id=$(api "$URL/tuning/studies" -d "{\"name\": \"crash-$round\", \"algorithm\": \"xgboost\", \"series_id\": \"short\", \"n_trials\": 6, \"hyperparameters\": {\"max_horizon\": 24}, \"search_space\": {\"rounds\": {\"type\": \"int\", \"low\": 20, \"high\": 80}, \"max_depth\": {\"type\": \"int\", \"low\": 2, \"high\": 5}}}" | jq -r .id)
    sleep "$(awk -v r="$RANDOM" 'BEGIN {printf "%.2f", 0.5 + (r % 300) / 100}')"
    finished=$(api "$URL/tuning/studies/crash-$round" | jq -c '[.trials[] | select(.state == "complete") | {number, value}]')
    kill -9 "$SERVER"; wait "$SERVER" 2>/dev/null || true; start_server
    job=$(await_job "$id")
    status=$(jq -r .status <<<"$job")
    tally tuning "$status" "$(jq -r .error <<<"$job")"
    after=$(api "$URL/tuning/studies/crash-$round" | jq -c '[.trials[] | select(.state == "complete") | {number, value}]')
    lost=$(jq -n --argjson a "$finished" --argjson b "$after" '[$a[] | select(. as $t | $b | index($t) | not)] | length')
    if (( lost > 0 )); then violations[tuning]=$(( ${violations[tuning]:-0} + 1 )); echo "tuning: crash-$round lost $lost finished trials" >>"$reasons"; fi
    printf 'round %d tuning: %s after %s attempts, %s finished trials before the kill, %s after, %d lost\n' "$round" "$status" \
        "$(jq -r .attempts <<<"$job")" "$(jq length <<<"$finished")" "$(jq length <<<"$after")" "$lost"

    # retraining run: ends succeeded (deployed, registered or canary) or failed saying where it was cut short
    run=$(api "$URL/pipeline/run" -d '{"reason": "crash bench", "n_trials": 0, "hyperparameters": {"rounds": 60}, "policy": "register"}' | jq -r .id)
    crash
    for _ in $(seq 1 1800); do
        state=$(api "$URL/pipeline/runs/$run" | jq -r .state)
        [[ $state == running ]] || break
        sleep 0.5
    done
    detail=$(api "$URL/pipeline/runs/$run" | jq -r .detail)
    tally pipeline "$state" "$detail"
    printf 'round %d pipeline: %s (%s)\n' "$round" "$state" "$detail"
done

echo
printf '%-10s %7s %10s %7s %11s\n' kind rounds succeeded failed violations
for kind in training tuning pipeline; do
    printf '%-10s %7d %10d %7d %11d\n' "$kind" "$ROUNDS" "${succeeded[$kind]:-0}" "${failed[$kind]:-0}" "${violations[$kind]:-0}"
done
if [[ -s "$reasons" ]]; then echo; echo "failures and violations:"; sort "$reasons" | uniq -c; fi
total=0
for kind in training tuning pipeline; do total=$(( total + ${violations[$kind]:-0} )); done
exit $(( total > 0 ))
