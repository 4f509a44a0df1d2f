package forecast.domain.pipeline;

import java.time.Duration;
import java.time.Instant;

/**
 * One step of a run, in order ({@code position} from 0): {@code history}, {@code validate},
 * {@code tune}, {@code train}, {@code backtest}, {@code register}, {@code decide}, then
 * {@code deploy} or {@code canary}. {@code detail} says what it found or why it failed.
 */
public record PipelineStep(int position, String name, State state, Instant startedAt, Instant finishedAt, String detail) {
    public enum State { RUNNING, SUCCEEDED, FAILED, SKIPPED }

    public PipelineStep {
        if (position < 0 || name == null || state == null || startedAt == null) throw new IllegalArgumentException("a step needs its position, name, state and start");
    }

    public static PipelineStep started(int position, String name, Instant at) {
        return new PipelineStep(position, name, State.RUNNING, at, null, null);
    }

    public PipelineStep ended(State to, Instant at, String why) {
        return new PipelineStep(position, name, to, startedAt, at, why);
    }

    /** How long it took, or has taken so far when still running (null). */
    public Duration duration() {
        return finishedAt == null ? null : Duration.between(startedAt, finishedAt);
    }
}
