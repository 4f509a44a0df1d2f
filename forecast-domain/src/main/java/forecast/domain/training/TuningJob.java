package forecast.domain.training;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A tuning study run in the background, as its submitter sees it: the study, where the job is,
 * one line per finished trial, and once done, the best trial's number, value and settings (or
 * why it failed). The trials themselves are in the study store. {@code id} is its job in the
 * durable queue ({@code GET /jobs/{id}}), {@code attempts} how often a worker took it, {@code heldBy}
 * the worker that holds it or last held it ({@code <replica id>-<random>/<thread>}), null while queued.
 */
public record TuningJob(String study, String algorithm, State state, List<String> progress, Instant submitted, Instant started,
                        Instant finished, Integer bestTrial, Double bestValue, Map<String, String> bestHyperparameters, String failure,
                        String id, int attempts, String heldBy) {
    public enum State { QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED }

    public TuningJob {
        progress = List.copyOf(progress);
        bestHyperparameters = bestHyperparameters == null ? Map.of() : Map.copyOf(bestHyperparameters);
    }

    public boolean done() {
        return state == State.SUCCEEDED || state == State.FAILED || state == State.CANCELLED;
    }
}
