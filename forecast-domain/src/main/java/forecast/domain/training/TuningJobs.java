package forecast.domain.training;

import forecast.domain.observation.ObservationStore;
import forecast.domain.tuning.FrozenTrial;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Tuning studies as background jobs: a request is checked and its study created at once (so it
 * can be inspected before the first trial ends), then run on its own worker, one study at a time,
 * apart from training jobs so that neither waits for the other. The study and its trials are
 * durable in the store; the job (its progress lines) is remembered in memory.
 */
public final class TuningJobs implements AutoCloseable {
    private static final int KEPT = 200;

    /** How a submission was taken. */
    public sealed interface Submission {
        record Accepted(TuningJob job) implements Submission {}

        /** The request cannot be tuned; {@code field} names what is wrong. */
        record Refused(String field, String message) implements Submission {}

        /** The study is already running in this process. */
        record Running(String study) implements Submission {}

        record NoStoredHistory(String seriesId) implements Submission {}
    }

    private final ForecasterTuning tuning;
    private final ObservationStore observations;
    private final Clock clock;
    private final JobBook<TuningJob> jobs = new JobBook<>("forecast-tuning", KEPT); // by study

    public TuningJobs(ForecasterTuning tuning, ObservationStore observations, Clock clock) {
        this.tuning = tuning;
        this.observations = observations;
        this.clock = clock;
    }

    /** Checks {@code request}, creates (or loads, to resume) its study and queues its trials. */
    public Submission submit(TuningRequest request) {
        if (jobs.find(request.study()).filter(j -> !j.done()).isPresent()) return new Submission.Running(request.study());
        var resolved = request;
        if (request.series() == null) {
            var stored = observations.history(request.seriesId());
            if (stored.isEmpty()) return new Submission.NoStoredHistory(request.seriesId().value());
            resolved = request.withSeries(stored.get());
        }
        if (resolved.series().size() < 2) return new Submission.Refused("data", "needs at least 2 observations");
        ForecasterTuning.Prepared prepared;
        try {
            prepared = tuning.prepare(resolved);
        } catch (ForecasterTuning.TuningException e) {
            return new Submission.Refused(e.field(), e.getMessage());
        }
        var tracker = new Tracker(request.study(), request.algorithm(), new TrialProgress(request.nTrials()), clock.instant());
        jobs.submit(request.study(), tracker, () -> run(tracker, prepared));
        return new Submission.Accepted(tracker.snapshot());
    }

    private void run(Tracker tracker, ForecasterTuning.Prepared prepared) {
        tracker.start(clock.instant());
        try {
            var outcome = tuning.run(prepared, t -> tracker.trial(t, prepared.study().bestTrial().orElse(null)));
            tracker.succeed(clock.instant(), outcome);
        } catch (RuntimeException e) {
            tracker.fail(clock.instant(), e instanceof ForecasterTuning.TuningException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** The latest job of {@code study} in this process, if any. */
    public Optional<TuningJob> find(String study) {
        return jobs.find(study);
    }

    /** The remembered jobs, newest first. */
    public List<TuningJob> list() {
        return jobs.list();
    }

    /** The job once finished, or as it is after {@code timeout}. */
    public Optional<TuningJob> await(String study, Duration timeout) throws InterruptedException {
        return jobs.await(study, timeout);
    }

    /** Stops taking work and interrupts a running study: its running trials fail, the finished ones stay. */
    @Override
    public void close() {
        jobs.close();
    }

    private static final class Tracker implements JobBook.Tracked<TuningJob> {
        final String study;
        final String algorithm;
        final TrialProgress lines;
        final Instant submitted;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final List<String> progress = new ArrayList<>();
        private TuningJob.State state = TuningJob.State.QUEUED;
        private Instant started;
        private Instant finished;
        private Integer bestTrial;
        private Double bestValue;
        private Map<String, String> best;
        private String failure;

        Tracker(String study, String algorithm, TrialProgress lines, Instant submitted) {
            this.study = study;
            this.algorithm = algorithm;
            this.lines = lines;
            this.submitted = submitted;
        }

        synchronized void start(Instant at) {
            state = TuningJob.State.RUNNING;
            started = at;
        }

        synchronized void trial(FrozenTrial t, FrozenTrial bestSoFar) {
            if (bestSoFar != null) {
                bestValue = bestSoFar.value();
                bestTrial = bestSoFar.number();
            }
            progress.add(lines.line(t, bestSoFar));
        }

        void succeed(Instant at, ForecasterTuning.Outcome outcome) {
            synchronized (this) {
                finished = at;
                state = TuningJob.State.SUCCEEDED;
                bestTrial = outcome.best().number();
                bestValue = outcome.best().value();
                best = outcome.hyperparameters().values();
            }
            done.complete(null);
        }

        void fail(Instant at, String why) {
            synchronized (this) {
                finished = at;
                state = TuningJob.State.FAILED;
                failure = why;
            }
            done.complete(null);
        }

        @Override
        public CompletableFuture<Void> finished() {
            return done;
        }

        @Override
        public synchronized TuningJob snapshot() {
            return new TuningJob(study, algorithm, state, progress, submitted, started, finished, bestTrial, bestValue, best, failure);
        }
    }
}
