package forecast.domain.pipeline;

import java.util.List;
import java.util.Optional;

/**
 * The pipeline's runs with their steps and contenders, durable (port). {@link #save} writes a run
 * whole, replacing what was stored for its id, atomically: a reader sees the run before or after,
 * never half of it.
 */
public interface PipelineStore {
    void save(PipelineRun run);

    Optional<PipelineRun> find(String id);

    /** The newest {@code limit} runs, newest started first. */
    List<PipelineRun> list(int limit);

    /** The runs still running (after a crash: those it interrupted). */
    List<PipelineRun> running();

    /**
     * Saves {@code run}, which has just started, unless another run is running: at most one run at
     * a time, also across processes that share the store (replicas on one database), where a
     * check of {@link #running()} followed by a {@link #save} could let two start.
     *
     * @return empty when {@code run} was saved; otherwise the run that is running, and nothing was saved
     * @throws IllegalArgumentException when {@code run} is not running
     */
    Optional<PipelineRun> startIfIdle(PipelineRun run);
}
