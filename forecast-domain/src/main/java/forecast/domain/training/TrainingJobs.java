package forecast.domain.training;

import forecast.domain.deployment.DeploymentResult;
import forecast.domain.deployment.DeploymentService;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.observation.ObservationStore;
import forecast.domain.serving.LiveModels;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Training as jobs: a request is checked at once (algorithm, label, stored history), then queued
 * and trained in the background, one at a time so that serving keeps the other cores. A trained
 * version is kept in memory for serving at once and, when asked, deployed. Jobs are remembered in
 * memory (the newest {@value #KEPT}); the versions they register are durable.
 */
public final class TrainingJobs implements AutoCloseable {
    private static final int KEPT = 200;

    /** How a submission was taken. */
    public sealed interface Submission {
        record Accepted(TrainingJob job) implements Submission {}

        record UnknownAlgorithm(String algorithm, java.util.Set<String> known) implements Submission {}

        /** The request names hyperparameters its algorithm does not accept; nothing was queued. */
        record UnknownHyperparameters(TrainingResult.InvalidHyperparameters refusal) implements Submission {}

        record LabelTaken(String label) implements Submission {}

        record NoStoredHistory(String seriesId) implements Submission {}

        /** The request's series could not be added to the stored series {@code seriesId}: {@code reason}. Nothing was queued. */
        record HistoryRefused(String seriesId, String reason) implements Submission {}
    }

    private final TrainingService training;
    private final ObservationStore observations;
    private final LiveModels models;
    private final DeploymentService deployment;
    private final Clock clock;
    private final JobBook<TrainingJob> jobs = new JobBook<>("forecast-training", KEPT);
    private final AtomicLong ids = new AtomicLong();

    public TrainingJobs(TrainingService training, ObservationStore observations, LiveModels models, DeploymentService deployment, Clock clock) {
        this.training = training;
        this.observations = observations;
        this.models = models;
        this.deployment = deployment;
        this.clock = clock;
    }

    /** Every algorithm a request may name, with search spaces for {@code series} (see {@link TrainingService#families}). */
    public List<ModelFamily> families(forecast.domain.series.TimeSeries series) {
        return training.families(series);
    }

    /**
     * What {@code version}'s model fitted (see {@link forecast.domain.forecasting.TrainedModel#fitted()}):
     * from memory when it is loaded, else read from its artifact without loading it for serving.
     *
     * @throws RuntimeException when its artifact is missing, corrupt or of an unknown algorithm
     */
    public FittedDetails fitted(forecast.domain.registry.ModelVersion version) {
        for (var loaded : models.loaded())
            if (loaded.version().id().equals(version.id())) return FittedDetails.of(loaded.model(), loaded.portfolio());
        if (!version.portfolio()) return FittedDetails.of(training.read(version), null);
        return FittedDetails.of(null, training.readPortfolio(version).orElseThrow(
                () -> new IllegalStateException("version " + version.id() + " covers several series but its artifact holds one model")));
    }

    /**
     * What a version's model fitted: {@code model} for the version as a whole (for a portfolio, see
     * {@link forecast.domain.forecasting.Portfolio#fitted()}) and, for a local portfolio, each
     * series' own by id (empty otherwise).
     */
    public record FittedDetails(java.util.Map<String, String> model, java.util.Map<String, java.util.Map<String, String>> series) {
        static FittedDetails of(forecast.domain.forecasting.CalibratedModel model, forecast.domain.forecasting.Portfolio portfolio) {
            if (portfolio != null) return new FittedDetails(portfolio.fitted(), portfolio.fittedBySeries());
            return new FittedDetails(model.model().fitted(), java.util.Map.of());
        }
    }

    /**
     * Queues a training of {@code request}; when its series is null, of the stored history of
     * {@code request.seriesId()}. With {@code deploy}, the trained version is made live. A
     * hyperparameter the algorithm does not accept is refused here, so that no job starts.
     */
    public Submission submit(TrainingRequest request, boolean deploy, String actor) {
        return submit(request, deploy, actor, false);
    }

    /**
     * As {@link #submit(TrainingRequest, boolean, String)}; with {@code storeSeries}, a series given
     * in the request is first appended to the stored history of {@code request.seriesId()} (its
     * feature columns named as the stored series' when there are as many), so that a later training
     * of the id alone finds it. Rows the stored series refuses are {@link Submission.HistoryRefused}.
     */
    public Submission submit(TrainingRequest request, boolean deploy, String actor, boolean storeSeries) {
        var refused = refusal(request.model(), request.algorithm(), request.hyperparameters(), request.label());
        if (refused.isPresent()) return refused.get();
        if (storeSeries && request.series() != null) {
            var series = request.series();
            var stored = observations.summary(request.seriesId()).map(s -> s.featureNames());
            if (stored.isPresent() && stored.get().size() == series.featureCount()) series = series.withFeatureNames(stored.get());
            try {
                observations.append(request.seriesId(), series);
            } catch (IllegalArgumentException e) {
                return new Submission.HistoryRefused(request.seriesId().value(), e.getMessage());
            }
        }
        TrainingRequest resolved = request;
        if (request.series() == null) {
            var stored = observations.history(request.seriesId());
            if (stored.isEmpty()) return new Submission.NoStoredHistory(request.seriesId().value());
            resolved = request.withSeries(stored.get());
        }
        var tracker = new Tracker(nextId(), resolved.algorithm(), resolved.seriesId().value(), clock.instant());
        final var job = resolved;
        jobs.submit(tracker.id, tracker, () -> run(tracker, job, deploy, actor));
        return new Submission.Accepted(tracker.snapshot());
    }

    /**
     * Why a training of {@code algorithm} with {@code hyperparameters} into {@code model} named
     * {@code label} would be refused, before anything is stored or queued: an unknown algorithm or
     * hyperparameter, or a label the model already has. Empty when it would be accepted.
     */
    public Optional<Submission> refusal(String model, String algorithm, Hyperparameters hyperparameters, String label) {
        if (!training.algorithms().contains(algorithm)) return Optional.of(new Submission.UnknownAlgorithm(algorithm, training.algorithms()));
        var unknown = training.unknownHyperparameters(algorithm, hyperparameters);
        if (unknown.isPresent()) return Optional.of(new Submission.UnknownHyperparameters(unknown.get()));
        if (label != null && models.resolve(model, label).isPresent()) return Optional.of(new Submission.LabelTaken(label));
        return Optional.empty();
    }

    private String nextId() {
        return "job-" + ids.incrementAndGet() + "-" + Long.toHexString(clock.millis());
    }

    /**
     * Queues a training of one version over the stored series {@code request.series()} (see
     * {@link TrainingService#trainPortfolio}); refused at once when the algorithm, a hyperparameter
     * or the label is wrong, or a series is not stored.
     */
    public Submission submitPortfolio(PortfolioRequest request, boolean deploy, String actor) {
        var refused = refusal(request.model(), request.algorithm(), request.hyperparameters(), request.label());
        if (refused.isPresent()) return refused.get();
        for (var id : request.series()) if (observations.summary(id).isEmpty()) return new Submission.NoStoredHistory(id.value());
        var tracker = new Tracker(nextId(), request.algorithm(), request.series().size() == 1 ? request.series().get(0).value()
                : request.series().size() + " series", clock.instant());
        jobs.submit(tracker.id, tracker, () -> runPortfolio(tracker, request, deploy, actor));
        return new Submission.Accepted(tracker.snapshot());
    }

    /** The ids of the stored series whose id starts with {@code prefix}, in id order. */
    public List<forecast.domain.series.SeriesId> storedSeries(String prefix) {
        var out = new ArrayList<forecast.domain.series.SeriesId>();
        String after = null;
        while (true) {
            var page = observations.summaries(prefix, after, 1_000);
            for (var s : page) out.add(s.id());
            if (page.size() < 1_000) return out;
            after = page.get(page.size() - 1).id().value();
        }
    }

    private void runPortfolio(Tracker tracker, PortfolioRequest request, boolean deploy, String actor) {
        tracker.start(clock.instant());
        try {
            var histories = new java.util.LinkedHashMap<forecast.domain.series.SeriesId, forecast.domain.series.TimeSeries>();
            for (var id : request.series()) observations.history(id).ifPresent(h -> histories.put(id, h));
            tracker.say("read " + histories.size() + " stored series");
            var result = training.trainPortfolio(request, histories, tracker::say);
            finish(tracker, result, deploy, actor);
        } catch (RuntimeException e) {
            tracker.finish(clock.instant(), null, e.getClass().getSimpleName() + ": " + e.getMessage(), null);
        }
    }

    /** Keeps a trained version in memory for serving, deploys it when asked, and ends the job. */
    private void finish(Tracker tracker, TrainingResult result, boolean deploy, String actor) {
        String deployed = null;
        if (result instanceof TrainingResult.Trained t) {
            if (t.portfolio() != null) models.add(t.version(), t.portfolio());
            else models.add(t.version(), t.model());
            if (deploy) {
                var outcome = deployment.deploy(t.version().model(), t.version().id(), "trained by " + tracker.id + " with deploy", actor);
                tracker.say("deploy: " + describe(outcome));
                if (outcome instanceof DeploymentResult.Changed) deployed = t.version().id();
            }
        }
        tracker.finish(clock.instant(), result, null, deployed);
    }

    private void run(Tracker tracker, TrainingRequest request, boolean deploy, String actor) {
        tracker.start(clock.instant());
        try {
            finish(tracker, training.train(request, tracker::say), deploy, actor);
        } catch (RuntimeException e) {
            tracker.finish(clock.instant(), null, e.getClass().getSimpleName() + ": " + e.getMessage(), null);
        }
    }

    private static String describe(DeploymentResult r) {
        return switch (r) {
            case DeploymentResult.Changed c -> "now live (sequence " + c.event().sequence() + ")";
            case DeploymentResult.AlreadyLive a -> "already live";
            case DeploymentResult.UnknownVersion u -> "unknown version " + u.reference();
            case DeploymentResult.NothingToRollBack n -> "nothing to roll back";
            case DeploymentResult.NeverLive n -> "never live";
            case DeploymentResult.Unloadable u -> "unloadable: " + u.reason();
            case DeploymentResult.Conflict c -> "conflict: " + c.detail();
        };
    }

    public Optional<TrainingJob> find(String id) {
        return jobs.find(id);
    }

    /** The remembered jobs, newest first. */
    public List<TrainingJob> list() {
        return jobs.list();
    }

    /** The job once finished, or as it is after {@code timeout}. */
    public Optional<TrainingJob> await(String id, Duration timeout) throws InterruptedException {
        return jobs.await(id, timeout);
    }

    /** Stops taking work; a running training is interrupted at its next check. */
    @Override
    public void close() {
        jobs.close();
    }

    private static final class Tracker implements JobBook.Tracked<TrainingJob> {
        final String id;
        final String algorithm;
        final String series;
        final Instant submitted;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final List<String> progress = new ArrayList<>();
        private TrainingJob.State state = TrainingJob.State.QUEUED;
        private Instant started;
        private Instant finished;
        private TrainingResult result;
        private String failure;
        private String deployed;

        /** {@code series}: the series id, or how many a portfolio covers. */
        Tracker(String id, String algorithm, String series, Instant submitted) {
            this.id = id;
            this.algorithm = algorithm;
            this.series = series;
            this.submitted = submitted;
        }

        synchronized void start(Instant at) {
            state = TrainingJob.State.RUNNING;
            started = at;
        }

        synchronized void say(String message) {
            progress.add(message);
        }

        void finish(Instant at, TrainingResult result, String failure, String deployed) {
            synchronized (this) {
                this.finished = at;
                this.result = result;
                this.failure = failure;
                this.deployed = deployed;
                this.state = result instanceof TrainingResult.Trained ? TrainingJob.State.SUCCEEDED : TrainingJob.State.FAILED;
            }
            done.complete(null);
        }

        @Override
        public CompletableFuture<Void> finished() {
            return done;
        }

        @Override
        public synchronized TrainingJob snapshot() {
            return new TrainingJob(id, algorithm, series, state, progress, submitted, started, finished,
                    result, failure, deployed);
        }
    }
}
