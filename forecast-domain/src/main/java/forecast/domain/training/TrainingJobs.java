package forecast.domain.training;

import forecast.domain.deployment.DeploymentResult;
import forecast.domain.deployment.DeploymentService;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.observation.ObservationStore;
import forecast.domain.serving.LiveModels;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import forecast.domain.jobs.Job;
import forecast.domain.jobs.JobHandler;
import forecast.domain.jobs.JobWorkers;
import forecast.domain.jobs.NewJob;
import forecast.domain.registry.ModelVersion;
import forecast.domain.series.SeriesId;

/**
 * Training as jobs: a request is checked at once (algorithm, label, stored history), then queued
 * as a row of the durable job queue and trained by the one pool of {@link JobWorkers}, so that it
 * survives a restart and shares the machine with serving. A job taken again after a crash finds
 * the version it registered before (registration is idempotent per job) instead of training a
 * second one. A trained version is kept in memory for serving at once and, when asked, deployed.
 */
public final class TrainingJobs {
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
    private final JobWorkers workers;
    private final Clock clock;

    /** Jobs in {@code workers}' queue, run by its pool: give every handler to it before it starts; its owner stops it. */
    public TrainingJobs(TrainingService training, ObservationStore observations, LiveModels models, DeploymentService deployment,
                        JobWorkers workers, Clock clock) {
        this.training = training;
        this.observations = observations;
        this.models = models;
        this.deployment = deployment;
        this.workers = workers;
        this.clock = clock;
        workers.handle(new Handler());
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
        if (request.series() == null && observations.summary(request.seriesId()).isEmpty())
            return new Submission.NoStoredHistory(request.seriesId().value());
        return accepted(TrainingPayload.of(request, deploy, actor));
    }

    /**
     * Why a training of {@code algorithm} with {@code hyperparameters} into {@code model} named
     * {@code label} would be refused, before anything is stored or queued: an unknown algorithm or
     * hyperparameter, or a label the model already has. Empty when it would be accepted.
     */
    public Optional<Submission> refusal(String model, String algorithm, Hyperparameters hyperparameters, String label) {
        return training.refusal(model, algorithm, hyperparameters, label).map(refused -> switch (refused) {
            case TrainingResult.UnknownAlgorithm u -> new Submission.UnknownAlgorithm(u.algorithm(), u.known());
            case TrainingResult.InvalidHyperparameters h -> new Submission.UnknownHyperparameters(h);
            case TrainingResult.LabelTaken l -> new Submission.LabelTaken(l.label());
            default -> throw new IllegalStateException("not a refusal before training: " + refused);
        });
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
        // series are fitted in parallel within the pool's budget: jobs.workers cores at most, the rest is serving's
        int parallelism = Math.min(request.parallelism(), workers.settings().workers());
        var bounded = new PortfolioRequest(request.model(), request.series(), request.algorithm(), request.hyperparameters(), request.imputation(),
                request.label(), parallelism, request.selection());
        return accepted(TrainingPayload.of(bounded, deploy, actor));
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

    private Submission accepted(java.util.Map<String, String> payload) {
        var job = workers.submit(new NewJob("job-" + UUID.randomUUID().toString().substring(0, 13), TrainingPayload.KIND, payload, clock.instant()));
        return new Submission.Accepted(snapshot(job));
    }

    /** Runs training jobs: trains (or, taken again after a crash, finds the version it registered), keeps the model in memory, deploys. */
    private final class Handler implements JobHandler {
        @Override
        public String kind() {
            return TrainingPayload.KIND;
        }

        @Override
        public Outcome run(Job job, Consumer<String> progress) {
            var p = job.payload();
            var earlier = training.registry().registeredBy(job.id());
            TrainingResult result;
            if (earlier.isPresent()) {
                progress.accept("found " + earlier.get().id() + ", registered by this job before it was interrupted");
                result = reloaded(earlier.get());
            } else {
                var service = training.forJob(job.id());
                result = TrainingPayload.portfolio(p) ? portfolio(service, TrainingPayload.portfolioRequest(p), progress)
                        : single(service, TrainingPayload.request(p), progress);
            }
            String deployed = result instanceof TrainingResult.Trained t ? keep(t, job, progress) : null;
            var stored = TrainingOutcomes.write(result, deployed);
            return result instanceof TrainingResult.Trained ? Outcome.succeeded(stored) : Outcome.failed(stored, failure(result));
        }

        private TrainingResult single(TrainingService service, TrainingRequest request, Consumer<String> progress) {
            if (request.series() == null) {
                var stored = observations.history(request.seriesId());
                if (stored.isEmpty()) return new TrainingResult.InsufficientHistory(2, 0);
                request = request.withSeries(stored.get());
            }
            return service.train(request, progress);
        }

        private TrainingResult portfolio(TrainingService service, PortfolioRequest request, Consumer<String> progress) {
            var histories = new java.util.LinkedHashMap<SeriesId, forecast.domain.series.TimeSeries>();
            for (var id : request.series()) observations.history(id).ifPresent(h -> histories.put(id, h));
            progress.accept("read " + histories.size() + " stored series");
            return service.trainPortfolio(request, histories, progress);
        }

        /** The version a job registered before a crash, with its model read back from its artifact. */
        private TrainingResult reloaded(ModelVersion version) {
            if (version.portfolio()) {
                var portfolio = training.readPortfolio(version).orElseThrow();
                return new TrainingResult.Trained(version, null, portfolio, java.util.Map.of());
            }
            return new TrainingResult.Trained(version, training.read(version));
        }

        /** Keeps a trained version in memory for serving and deploys it when asked; the version deployed, or null. */
        private String keep(TrainingResult.Trained t, Job job, Consumer<String> progress) {
            if (t.portfolio() != null) models.add(t.version(), t.portfolio());
            else models.add(t.version(), t.model());
            if (!TrainingPayload.deploy(job.payload())) return null;
            var outcome = deployment.deploy(t.version().model(), t.version().id(), "trained by " + job.id() + " with deploy", TrainingPayload.actor(job.payload()));
            progress.accept("deploy: " + describe(outcome));
            return outcome instanceof DeploymentResult.Changed || outcome instanceof DeploymentResult.AlreadyLive ? t.version().id() : null;
        }
    }

    /** Why a training that ended without a version failed, in one line. */
    private static String failure(TrainingResult result) {
        return switch (result) {
            case TrainingResult.Trained t -> null;
            case TrainingResult.NoSeriesTrained n -> "no series could be trained: " + n.reasons();
            case TrainingResult.InsufficientHistory i -> "not enough history: " + i.actual() + " observations, at least " + i.required() + " needed";
            case TrainingResult.InvalidHyperparameters h -> "invalid hyperparameters: " + h.message();
            case TrainingResult.TuningFailed t -> "tuning failed: " + t.field() + ": " + t.message();
            case TrainingResult.LabelTaken l -> "name " + l.label() + " is taken";
            case TrainingResult.UnknownAlgorithm u -> "unknown algorithm " + u.algorithm();
        };
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

    /** The durable queue the jobs are in (with jobs of other kinds), for listing and inspection. */
    public forecast.domain.jobs.JobQueue queue() {
        return workers.queue();
    }

    /** The training job {@code id}, from the queue: also after a restart. */
    public Optional<TrainingJob> find(String id) {
        return workers.queue().find(id).flatMap(this::of);
    }

    /** {@code job} as a training job, when it is one: for a listing that has read the queue already. */
    public Optional<TrainingJob> of(Job job) {
        return Optional.of(job).filter(j -> j.kind().equals(TrainingPayload.KIND)).map(this::snapshot);
    }

    /** The newest training jobs, newest first. */
    public List<TrainingJob> list() {
        return workers.queue().list(KEPT).stream().filter(j -> j.kind().equals(TrainingPayload.KIND)).map(this::snapshot).toList();
    }

    /** The job once finished, or as it is after {@code timeout}. */
    public Optional<TrainingJob> await(String id, Duration timeout) throws InterruptedException {
        return workers.await(id, timeout).filter(j -> j.kind().equals(TrainingPayload.KIND)).map(this::snapshot);
    }

    /** Cancels job {@code id}: at once while queued, at its next progress point while running. */
    public Optional<TrainingJob> cancel(String id) {
        if (find(id).isEmpty()) return Optional.empty();
        return workers.queue().cancel(id, clock.instant()).map(this::snapshot);
    }

    private TrainingJob snapshot(Job j) {
        var result = j.done() ? TrainingOutcomes.read(j.result(), training.registry()) : null;
        String failure = j.error();
        if (j.state() == Job.State.FAILED && failure == null && result == null) failure = "failed without a result";
        Integer position = j.state() == Job.State.QUEUED ? workers.queue().position(j.id()).orElse(null) : null;
        return new TrainingJob(j.id(), j.payload().get("algorithm"), TrainingPayload.seriesLabel(j.payload()),
                TrainingJob.State.valueOf(j.state().name()), j.progress(), j.submitted(), j.started(), j.finished(), result,
                failure, j.result().get("deployed"), j.attempts(), position, j.holder());
    }

}
