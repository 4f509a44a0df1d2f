package forecast.domain.training;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of a training job: what it trains, where it is, what it said along the way
 * ({@code progress}, oldest first) and, once finished, how it ended ({@code result}, null before).
 * {@code attempts} counts how often a worker took it (more than once after a crash), and
 * {@code queuePosition} how many queued jobs are ahead of it while it waits (null otherwise), and
 * {@code heldBy} the worker that holds it or last held it ({@code <replica id>-<random>/<thread>}),
 * null while queued: with several replicas, which one runs it.
 */
public record TrainingJob(String id, String algorithm, String seriesId, State state, List<String> progress,
                          Instant submitted, Instant started, Instant finished, TrainingResult result, String failure,
                          String deployedVersion, int attempts, Integer queuePosition, String heldBy) {
    public enum State { QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED }

    public TrainingJob {
        progress = List.copyOf(progress);
    }

    public boolean done() {
        return state == State.SUCCEEDED || state == State.FAILED || state == State.CANCELLED;
    }
}
