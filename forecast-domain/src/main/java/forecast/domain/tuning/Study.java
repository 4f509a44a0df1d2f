package forecast.domain.tuning;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A study in the manner of Optuna: trials of an objective, each asked for parameters by a sampler
 * that learns from the trials before it, stopped early by a pruner, every step stored so that the
 * study can be resumed (by name, after a restart) and inspected.
 *
 * <p>Use {@link #optimize} with an {@link Objective} in this process, or {@link #ask()} and
 * {@link #tell} when the objective lives elsewhere (a client of the HTTP API).
 */
public final class Study {
    private final StudyDefinition definition;
    private final StudyStore store;
    private final Sampler sampler;
    private final Pruner pruner;
    private final Clock clock;
    private final AtomicBoolean stopping = new AtomicBoolean();

    Study(StudyDefinition definition, StudyStore store, Sampler sampler, Pruner pruner, Clock clock) {
        this.definition = definition;
        this.store = store;
        this.sampler = sampler;
        this.pruner = pruner;
        this.clock = clock;
    }

    public StudyDefinition definition() {
        return definition;
    }

    public String name() {
        return definition.name();
    }

    public Direction direction() {
        return definition.direction();
    }

    StudyStore store() {
        return store;
    }

    Sampler sampler() {
        return sampler;
    }

    /** Starts a trial: an enqueued one first, else a new one. */
    public Trial ask() {
        return new Trial(this, store.startTrial(name(), clock.instant()));
    }

    /**
     * Starts a trial and suggests every parameter of the study's declared search space, in order:
     * ask-and-tell for an objective that lives outside this process.
     */
    public Trial askSearchSpace() {
        var trial = ask();
        for (var e : definition.searchSpace().entrySet()) trial.suggest(e.getKey(), e.getValue());
        return trial;
    }

    /** Puts a trial with these parameters (external values) at the front of the queue: a warm start. */
    public FrozenTrial enqueue(Map<String, Object> params) {
        return store.enqueue(name(), params);
    }

    /**
     * Finishes a running trial with its value; NaN fails it, as in Optuna.
     *
     * @throws TrialStateException when the trial is unknown or already finished
     */
    public FrozenTrial tell(int number, double value) {
        if (Double.isNaN(value)) return fail(number, "the objective returned NaN");
        return store.finish(name(), number, TrialState.COMPLETE, value, clock.instant());
    }

    /** Fails a running trial, recording why. */
    public FrozenTrial fail(int number, String reason) {
        // finish first: failing a finished trial must throw without touching its recorded reason
        var failed = store.finish(name(), number, TrialState.FAILED, null, clock.instant());
        store.saveAttribute(name(), number, FrozenTrial.FAIL_REASON, reason);
        return failed.withAttribute(FrozenTrial.FAIL_REASON, reason);
    }

    /** Prunes a running trial; its value is its last intermediate value, as in Optuna. */
    public FrozenTrial prune(int number) {
        var trial = store.trial(name(), number).orElseThrow(() -> new TrialStateException("study " + name() + " has no trial " + number));
        Double last = trial.lastStep().isPresent() ? trial.intermediateValues().get(trial.lastStep().getAsInt()) : null;
        if (last != null && Double.isNaN(last)) last = null;
        return store.finish(name(), number, TrialState.PRUNED, last, clock.instant());
    }

    boolean shouldPrune(int number) {
        var trials = store.trials(name());
        var trial = trials.get(number);
        return pruner.prune(new Pruner.Context() {
            @Override
            public StudyDefinition study() {
                return definition;
            }

            @Override
            public List<FrozenTrial> trials() {
                return trials;
            }

            @Override
            public FrozenTrial trial() {
                return trial;
            }

            @Override
            public void note(String key, String value) {
                store.saveAttribute(name(), number, key, value);
            }
        });
    }

    public List<FrozenTrial> trials() {
        return store.trials(name());
    }

    /** The complete trial with the best value (the earliest of equals), if any. */
    public Optional<FrozenTrial> bestTrial() {
        return best(trials(), direction());
    }

    static Optional<FrozenTrial> best(List<FrozenTrial> trials, Direction direction) {
        return trials.stream().filter(t -> t.state() == TrialState.COMPLETE && t.value() != null)
                .min(Comparator.<FrozenTrial>comparingDouble(t -> direction.loss(t.value())).thenComparingInt(FrozenTrial::number));
    }

    /** Asks a running {@link #optimize} to start no more trials; the running ones finish. */
    public void stop() {
        stopping.set(true);
    }

    /**
     * Runs up to {@code nTrials} trials of {@code objective} ({@code null} for no limit), starting
     * none after {@code timeout} ({@code null} for none), {@code parallelism} at a time, and tells
     * {@code afterTrial} about each as it finishes. A trial whose objective throws fails and the
     * study goes on; {@link TrialPruned} prunes it. An interrupt stops the study like {@link #stop()}.
     *
     * @return the trials this call ran, by number
     * @throws IllegalArgumentException when neither a trial count nor a timeout bounds the run
     */
    public List<FrozenTrial> optimize(Objective objective, Integer nTrials, Duration timeout, int parallelism,
                                      Consumer<FrozenTrial> afterTrial) {
        if (nTrials == null && timeout == null) throw new IllegalArgumentException("give a number of trials, a timeout or both");
        if (nTrials != null && nTrials < 0) throw new IllegalArgumentException("the number of trials must be >= 0");
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be >= 1");
        stopping.set(false);
        Instant deadline = timeout == null ? null : clock.instant().plus(timeout);
        var taken = new AtomicInteger();
        var finished = new ArrayList<FrozenTrial>();
        Runnable worker = () -> {
            while (!stopping.get() && !Thread.currentThread().isInterrupted()
                    && (deadline == null || clock.instant().isBefore(deadline))
                    && (nTrials == null || taken.getAndIncrement() < nTrials)) {
                var done = runTrial(objective);
                synchronized (finished) {
                    finished.add(done);
                    afterTrial.accept(done);
                }
            }
        };
        if (parallelism == 1) {
            worker.run();
        } else {
            runInParallel(worker, parallelism);
        }
        finished.sort(Comparator.comparingInt(FrozenTrial::number));
        return List.copyOf(finished);
    }

    private void runInParallel(Runnable worker, int parallelism) {
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            var t = new Thread(r, "forecast-trial-" + name());
            t.setDaemon(true);
            return t;
        });
        try {
            var futures = new ArrayList<Future<?>>();
            for (int i = 0; i < parallelism; i++) futures.add(pool.submit(worker));
            for (var f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    stop();
                    if (e.getCause() instanceof RuntimeException r) throw r;
                    if (e.getCause() instanceof Error err) throw err;
                    throw new IllegalStateException(e.getCause());
                }
            }
        } catch (InterruptedException e) {
            stop();
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            pool.shutdown();
        }
    }

    private FrozenTrial runTrial(Objective objective) {
        var trial = ask();
        try {
            return tell(trial.number(), objective.evaluate(trial));
        } catch (TrialPruned pruned) {
            return prune(trial.number());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(trial.number(), "interrupted");
        } catch (Exception e) {
            return fail(trial.number(), e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (Error e) {
            fail(trial.number(), e.getClass().getSimpleName() + ": " + e.getMessage());
            throw e;
        }
    }
}
