package forecast.domain.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One run of the retraining pipeline: what triggered it and why, on which series and live version,
 * its steps in order, the contenders' backtests, the candidate it registered, the canary experiment
 * it started, and how it ended, for the model {@code model} ({@code default} unless named).
 * {@code state} is {@code RUNNING} until it ends (a canary keeps it
 * running until the experiment is decided), then {@code SUCCEEDED} or {@code FAILED};
 * {@code outcome} says what it did.
 */
public record PipelineRun(String id, Trigger trigger, String reason, State state, Outcome outcome, String seriesId, String liveVersion,
                          String candidateVersion, String experiment, Instant startedAt, Instant finishedAt, String detail,
                          List<PipelineStep> steps, List<Contender> contenders, String model) {
    /** What started a run. */
    public enum Trigger { SCHEDULE, ALERT, MANUAL }

    public enum State { RUNNING, SUCCEEDED, FAILED }

    /**
     * What a run did: rejected its candidate (not better by the margin), deployed it, left it
     * registered (policy {@code register}), started a canary, whose experiment then promoted or
     * stopped it, or failed (the live version kept serving).
     */
    public enum Outcome { REJECTED, DEPLOYED, REGISTERED, CANARY_STARTED, CANARY_PROMOTED, CANARY_STOPPED, FAILED }

    public PipelineRun {
        if (id == null || trigger == null || state == null || startedAt == null) throw new IllegalArgumentException("a run needs its id, trigger, state and start");
        steps = List.copyOf(steps);
        contenders = List.copyOf(contenders);
        model = model == null || model.isBlank() ? forecast.domain.registry.ModelNames.DEFAULT : model;
    }

    /** A run of the model {@code default}. */
    public PipelineRun(String id, Trigger trigger, String reason, State state, Outcome outcome, String seriesId, String liveVersion,
                       String candidateVersion, String experiment, Instant startedAt, Instant finishedAt, String detail,
                       List<PipelineStep> steps, List<Contender> contenders) {
        this(id, trigger, reason, state, outcome, seriesId, liveVersion, candidateVersion, experiment, startedAt, finishedAt, detail, steps, contenders, null);
    }

    /** A run of {@code model} just started, without steps. */
    public static PipelineRun started(String model, String id, Trigger trigger, String reason, String seriesId, String liveVersion, Instant at) {
        return new PipelineRun(id, trigger, reason, State.RUNNING, null, seriesId, liveVersion, null, null, at, null, null, List.of(), List.of(), model);
    }

    /** A run of the model {@code default} just started, without steps. */
    public static PipelineRun started(String id, Trigger trigger, String reason, String seriesId, String liveVersion, Instant at) {
        return started(null, id, trigger, reason, seriesId, liveVersion, at);
    }

    public boolean running() {
        return state == State.RUNNING;
    }

    /** The step named {@code name}, if the run has reached it. */
    public Optional<PipelineStep> step(String name) {
        return steps.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The run with {@code step} added, or replacing the step at its position. */
    public PipelineRun withStep(PipelineStep step) {
        var out = new java.util.ArrayList<>(steps);
        out.removeIf(s -> s.position() == step.position());
        out.add(step);
        out.sort(java.util.Comparator.comparingInt(PipelineStep::position));
        return new PipelineRun(id, trigger, reason, state, outcome, seriesId, liveVersion, candidateVersion, experiment, startedAt, finishedAt, detail, out, contenders, model);
    }

    public PipelineRun withContenders(List<Contender> c) {
        return new PipelineRun(id, trigger, reason, state, outcome, seriesId, liveVersion, candidateVersion, experiment, startedAt, finishedAt, detail, steps, c, model);
    }

    public PipelineRun withCandidate(String version) {
        return new PipelineRun(id, trigger, reason, state, outcome, seriesId, liveVersion, version, experiment, startedAt, finishedAt, detail, steps, contenders, model);
    }

    public PipelineRun withExperiment(String name) {
        return new PipelineRun(id, trigger, reason, state, outcome, seriesId, liveVersion, candidateVersion, name, startedAt, finishedAt, detail, steps, contenders, model);
    }

    /** The run ended: {@code outcome} FAILED ends it FAILED, any other SUCCEEDED. */
    public PipelineRun finished(Outcome how, Instant at, String why) {
        return new PipelineRun(id, trigger, reason, how == Outcome.FAILED ? State.FAILED : State.SUCCEEDED, how, seriesId, liveVersion, candidateVersion,
                experiment, startedAt, at, why, steps, contenders, model);
    }

    /** The run goes on (a canary is running) with {@code outcome} so far. */
    public PipelineRun pending(Outcome so, String why) {
        return new PipelineRun(id, trigger, reason, State.RUNNING, so, seriesId, liveVersion, candidateVersion, experiment, startedAt, null, why, steps, contenders, model);
    }
}
