package forecast.domain.pipeline;

import forecast.domain.deployment.DeploymentResult;
import forecast.domain.deployment.DeploymentService;
import forecast.domain.ensemble.EnsembleForecaster;
import forecast.domain.evaluation.BacktestMetrics;
import forecast.domain.evaluation.BacktestSpec;
import forecast.domain.experiment.ExperimentReport;
import forecast.domain.experiment.ExperimentService;
import forecast.domain.experiment.StartRequest;
import forecast.domain.registry.ModelNames;
import forecast.domain.forecasting.Forecaster;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.monitoring.Alert;
import forecast.domain.monitoring.Alerts;
import forecast.domain.observation.ObservationStore;
import forecast.domain.preprocessing.Imputation;
import forecast.domain.serving.LiveModels;
import forecast.domain.serving.LoadedModel;
import forecast.domain.series.SeriesId;
import forecast.domain.series.TimeSeries;
import forecast.domain.telemetry.Telemetry;
import forecast.domain.training.Candidate;
import forecast.domain.training.TrainingRequest;
import forecast.domain.training.TrainingService;
import forecast.domain.training.TuningRequest;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import forecast.domain.jobs.Job;
import forecast.domain.jobs.JobHandler;
import forecast.domain.jobs.JobWorkers;
import forecast.domain.jobs.NewJob;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The automated retraining pipeline. A run (on a schedule, when a drift or accuracy alert opens,
 * or on request; one at a time) takes the stored history of the series, validates it, tunes the
 * candidate's family within a budget warm-started from the live version's settings, fits the
 * candidate, backtests candidate, live version (as it is) and the seasonal-naive baseline on the
 * same folds, registers the candidate with its metrics, and then by policy rejects it (not better
 * by the margin), deploys it, or starts a canary A/B test that {@link #tick()} promotes when the
 * candidate wins and stops when it loses. Every step is stored as it starts and ends; a failing
 * step ends the run FAILED with its reason, raises an alert, and leaves the live version serving.
 *
 * <p>The pipeline is a client of training: imputing, fitting, backtesting on shared folds and
 * registering are {@link TrainingService}'s steps, so that a retrained version is made exactly as
 * a training request would make it. What is the pipeline's own is the recording of runs and
 * steps, the choice of folds the live version has not seen, the tuning budget and its warm start,
 * the decision rule, and the deploy, register or canary policy.
 */
public final class RetrainingPipeline implements AutoCloseable {
    static final String ACTOR = "pipeline";
    static final String FAILED_ALERT = "pipeline_failed";
    private static final System.Logger LOG = System.getLogger(RetrainingPipeline.class.getName());

    /** Overrides of the settings for one run, each null for the configured value. */
    public record RunOptions(String model, String seriesId, String algorithm, Hyperparameters hyperparameters, Integer nTrials,
                             PipelineSettings.Policy policy) {
        public static final RunOptions NONE = new RunOptions(null, null, null, null, null, null);

        /** Options for the model {@code default}. */
        public RunOptions(String seriesId, String algorithm, Hyperparameters hyperparameters, Integer nTrials, PipelineSettings.Policy policy) {
            this(null, seriesId, algorithm, hyperparameters, nTrials, policy);
        }

        /** Nothing but the model to retrain. */
        public static RunOptions of(String model) {
            return new RunOptions(model, null, null, null, null, null);
        }

        String modelOrDefault() {
            return model == null ? ModelNames.DEFAULT : model;
        }
    }

    /** How a trigger was taken. */
    public sealed interface Started {
        /** The run started (in the background); poll it by id. */
        record Accepted(PipelineRun run) implements Started {}

        /** A run is going (one at a time). */
        record Busy(PipelineRun running) implements Started {}

        /** The run cannot start: {@code field} of the options is at fault (an unknown algorithm, series), or nothing is live. */
        record Refused(String field, String reason) implements Started {}
    }

    private final PipelineSettings settings;
    private final PipelineStore store;
    private final ObservationStore observations;
    private final TrainingService training;
    private final LiveModels models;
    private final DeploymentService deployment;
    private final ExperimentService experiments;
    private final Alerts alerts;
    private final Telemetry telemetry;
    private final Clock clock;
    static final String KIND = "pipeline";
    private final AtomicLong ids = new AtomicLong();
    private volatile JobWorkers jobs; // null: runs go on this pipeline's own thread
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        var t = new Thread(r, "forecast-pipeline");
        t.setDaemon(true);
        return t;
    });

    public RetrainingPipeline(PipelineSettings settings, PipelineStore store, ObservationStore observations, TrainingService training, LiveModels models,
                              DeploymentService deployment, ExperimentService experiments, Alerts alerts, Telemetry telemetry, Clock clock) {
        this.settings = settings;
        this.store = store;
        this.observations = observations;
        this.training = training;
        this.models = models;
        this.deployment = deployment;
        this.experiments = experiments;
        this.alerts = alerts;
        this.telemetry = telemetry;
        this.clock = clock;
        alerts.onRaised(this::onAlert);
    }

    public PipelineSettings settings() {
        return settings;
    }

    public Optional<PipelineRun> find(String id) {
        return store.find(id);
    }

    public List<PipelineRun> list(int limit) {
        return store.list(limit);
    }

    /**
     * How long a run may be without a job before it counts as cut off: a run is stored first, then
     * its job is queued, and on a shared database another replica may look in between.
     */
    static final java.time.Duration ORPHAN_GRACE = java.time.Duration.ofMinutes(1);

    /**
     * Ends the runs a stopped process left running, recording where they were; a run whose canary
     * experiment is still going stays running and {@link #tick()} decides it. With the job queue
     * ({@link #runAsJobs}), a run whose job has not ended is left to its job, and one without a job
     * is ended only after {@link #ORPHAN_GRACE}: another replica may be running it.
     *
     * @return how many runs were ended
     */
    public int recover() {
        int ended = 0;
        for (var run : store.running()) {
            boolean canaryGoing = run.experiment() != null && run.step("canary").map(s -> s.state() == PipelineStep.State.RUNNING).orElse(false);
            if (canaryGoing) continue;
            if (jobs != null) {
                // a run that is a job of the queue is taken again with its job, and ended there
                if (jobs.queue().find(jobId(run)).filter(j -> !j.done()).isPresent()) continue;
                if (run.startedAt().plus(ORPHAN_GRACE).isAfter(clock.instant())) continue;
            }
            interrupted(run);
            ended++;
        }
        return ended;
    }

    /** Ends {@code run}, which a stopped process left running, recording where it was; the reason. */
    private String interrupted(PipelineRun run) {
        var at = clock.instant();
        var r = run;
        for (var s : run.steps())
            if (s.state() == PipelineStep.State.RUNNING) r = r.withStep(s.ended(PipelineStep.State.FAILED, at, "interrupted: the process stopped"));
        String where = run.steps().isEmpty() ? "before its first step" : "during step " + run.steps().get(run.steps().size() - 1).name();
        String reason = "interrupted " + where + "; the live version kept serving";
        store.save(r.finished(PipelineRun.Outcome.FAILED, at, reason));
        return reason;
    }

    private static String jobId(PipelineRun run) {
        return "pipeline-" + run.id();
    }

    /**
     * Runs triggered runs as durable jobs of {@code workers}' queue, in its one pool with training
     * and tuning, instead of on this pipeline's own thread. A run whose job is taken again after a
     * crash is ended as failed, saying in which step the crash cut it short (its finished steps stay
     * recorded); the live version keeps serving.
     */
    public void runAsJobs(JobWorkers workers) {
        this.jobs = workers;
        workers.handle(new Handler());
    }

    /** Runs pipeline jobs: the planned run, unless a crash cut it short or the live version changed while it waited. */
    private final class Handler implements JobHandler {
        @Override
        public String kind() {
            return KIND;
        }

        @Override
        public Outcome run(Job job, java.util.function.Consumer<String> progress) {
            var p = job.payload();
            var run = store.find(p.get("run")).orElse(null);
            if (run == null) return Outcome.failed(Map.of(), "run " + p.get("run") + " is not stored");
            if (run.state() != PipelineRun.State.RUNNING) return Outcome.succeeded(Map.of("run", run.id(), "outcome", String.valueOf(run.outcome())));
            if (job.attempts() > 1 || !run.steps().isEmpty()) return Outcome.failed(Map.of("run", run.id()), interrupted(run));
            var live = models.live(run.model()).filter(l -> l.version().id().equals(run.liveVersion()));
            var forecaster = training.forecasters().get(p.get("algorithm"));
            if (live.isEmpty() || forecaster == null) {
                String reason = live.isEmpty() ? "the live version of " + run.model() + " is no longer " + run.liveVersion() + " (it changed while the run waited)"
                        : "no model family " + p.get("algorithm");
                store.save(run.finished(PipelineRun.Outcome.FAILED, clock.instant(), reason));
                return Outcome.failed(Map.of("run", run.id()), reason);
            }
            var fixed = new java.util.LinkedHashMap<String, String>();
            p.forEach((k, v) -> {
                if (k.startsWith("fixed.")) fixed.put(k.substring(6), v);
            });
            progress.accept("running " + run.id() + " of " + run.model());
            var ended = execute(new Planned(run, live.get(), forecaster, new Hyperparameters(fixed), Integer.parseInt(p.get("n_trials")),
                    PipelineSettings.Policy.valueOf(p.get("policy"))));
            return Outcome.succeeded(Map.of("run", ended.id(), "outcome", ended.outcome() == null ? "pending" : ended.outcome().name()));
        }
    }

    /** A planned run as the job queue keeps it. */
    private static Map<String, String> payload(Planned p) {
        var out = new java.util.LinkedHashMap<String, String>();
        out.put("run", p.run().id());
        out.put("model", p.run().model());
        out.put("algorithm", p.forecaster().algorithm());
        p.fixed().values().forEach((k, v) -> out.put("fixed." + k, v));
        out.put("n_trials", String.valueOf(p.nTrials()));
        out.put("policy", p.policy().name());
        return out;
    }

    /** Starts a run in the background, unless one is going or the options are wrong. */
    public Started trigger(PipelineRun.Trigger trigger, String reason, RunOptions options) {
        var plan = plan(trigger, reason, options);
        if (!(plan instanceof Planned p)) return (Started) plan;
        var queue = jobs;
        if (queue != null) queue.submit(new NewJob(jobId(p.run()), KIND, payload(p), clock.instant()));
        else worker.execute(() -> execute(p));
        return new Started.Accepted(p.run());
    }

    /** As {@link #trigger}, running the pipeline on the caller's thread and returning the run as it ended (or pends on a canary). */
    public Started runNow(PipelineRun.Trigger trigger, String reason, RunOptions options) {
        var plan = plan(trigger, reason, options);
        if (!(plan instanceof Planned p)) return (Started) plan;
        return new Started.Accepted(execute(p));
    }

    /** A run that may start: its stored first state and what it will do. */
    private record Planned(PipelineRun run, LoadedModel live, Forecaster forecaster, Hyperparameters fixed, int nTrials,
                           PipelineSettings.Policy policy) {}

    private synchronized Object plan(PipelineRun.Trigger trigger, String reason, RunOptions options) {
        var o = options == null ? RunOptions.NONE : options;
        var going = store.running();
        if (!going.isEmpty()) return new Started.Busy(going.get(0));
        String model = o.modelOrDefault();
        var live = models.live(model);
        if (live.isEmpty()) return new Started.Refused(o.model() == null ? "model_version" : "model",
                "no version of the model " + model + " is live: deploy one before retraining it");
        var v = live.get().version();
        String algorithm = o.algorithm() != null ? o.algorithm() : settings.algorithm() != null ? settings.algorithm() : v.algorithm();
        var forecaster = training.forecasters().get(algorithm);
        if (forecaster == null) return new Started.Refused("algorithm", "no model family " + algorithm + "; one of " + training.forecasters().keySet());
        if (v.portfolio()) {
            // a portfolio is retrained whole: every series of the live version, from their stored histories
            if (o.seriesId() != null) return new Started.Refused("series_id", v.id() + " covers " + v.series().size()
                    + " series; a run retrains all of them, so it names none");
            var fixed = fixed(o);
            var unknownSettings = training.unknownHyperparameters(algorithm, fixed);
            if (unknownSettings.isPresent()) return new Started.Refused("hyperparameters", unknownSettings.get().message());
            var policy = o.policy() != null ? o.policy() : settings.policy();
            String id = "run-" + Long.toString(clock.millis(), 36) + "-" + ids.incrementAndGet();
            var run = PipelineRun.started(model, id, trigger, reason, v.series().size() + " series", v.id(), clock.instant());
            var other = store.startIfIdle(run);
            if (other.isPresent()) return new Started.Busy(other.get());
            return new Planned(run, live.get(), forecaster, TrainingService.withoutNotes(fixed), 0, policy);
        }
        String series = o.seriesId() != null ? o.seriesId() : settings.seriesId() != null ? settings.seriesId() : v.provenance().seriesId();
        var history = observations.history(new SeriesId(series));
        if (history.isEmpty())
            return new Started.Refused("series_id", "no stored history for series " + series + "; send actuals or train on it first");
        var fixed = fixed(o);
        var unknown = training.unknownHyperparameters(algorithm, fixed);
        if (unknown.isPresent()) return new Started.Refused(unknown.get().violations().get(0).field(), unknown.get().message());
        try {
            training.minTrainingSize(algorithm, history.get(), fixed); // reads, and so checks, every setting
        } catch (IllegalArgumentException e) {
            return new Started.Refused("hyperparameters", e.getMessage());
        }
        int trials = o.nTrials() != null ? o.nTrials() : settings.nTrials();
        if (trials < 0) return new Started.Refused("n_trials", "must be >= 0");
        var policy = o.policy() != null ? o.policy() : settings.policy();
        String id = "run-" + Long.toString(clock.millis(), 36) + "-" + ids.incrementAndGet();
        var run = PipelineRun.started(model, id, trigger, reason, series, v.id(), clock.instant());
        var other = store.startIfIdle(run); // another replica may have started one since the check above
        if (other.isPresent()) return new Started.Busy(other.get());
        return new Planned(run, live.get(), forecaster, TrainingService.withoutNotes(fixed), trials, policy);
    }

    /** The configured fixed settings with the run's on top (notes a client gave back among them are dropped later, as training drops them). */
    private Hyperparameters fixed(RunOptions o) {
        return settings.hyperparameters().with(o.hyperparameters() == null ? Hyperparameters.NONE : o.hyperparameters());
    }

    /** Thrown by a step that cannot go on; the run ends FAILED with the message. */
    private static final class StepFailed extends RuntimeException {
        StepFailed(String message) {
            super(message);
        }
    }

    /** The run being executed, saved at every change. */
    private final class Recorder {
        private PipelineRun run;
        private PipelineStep current;

        Recorder(PipelineRun run) {
            this.run = run;
        }

        void begin(String name) {
            current = PipelineStep.started(run.steps().size(), name, clock.instant());
            save(run.withStep(current));
        }

        void end(PipelineStep.State state, String detail) {
            current = current.ended(state, clock.instant(), detail);
            save(run.withStep(current));
            current = null;
        }

        void save(PipelineRun r) {
            run = r;
            store.save(r);
        }
    }

    private PipelineRun execute(Planned p) {
        long started = System.nanoTime();
        var rec = new Recorder(p.run());
        var liveVersion = p.live().version();
        try {
            if (liveVersion.portfolio()) return executePortfolio(p, rec, started);
            rec.begin("history");
            var stored = observations.history(new SeriesId(p.run().seriesId()))
                    .orElseThrow(() -> new StepFailed("series " + p.run().seriesId() + " has no stored history"));
            // the stored series is regular (gaps are NaN), so imputation keeps its times: this counts for both
            int unseen = (int) stored.times().stream().filter(t -> t.isAfter(liveVersion.provenance().dataTo())).count();
            rec.end(PipelineStep.State.SUCCEEDED, String.format(Locale.ROOT, "%d observations of %s from %s to %s, %d after %s's training data ended",
                    stored.size(), p.run().seriesId(), stored.firstTime(), stored.lastTime(), unseen, liveVersion.id()));

            rec.begin("validate");
            String algorithm = p.forecaster().algorithm();
            var imputation = TrainingService.imputation(liveVersion);
            int gaps = stored.missingCount();
            var series = training.impute(stored, imputation);
            if (!training.forecasters().containsKey(TrainingService.BASELINE))
                throw new StepFailed("no " + TrainingService.BASELINE + " forecaster to compare with");
            var fixed = training.hyperparameters(algorithm, p.fixed());
            var liveModel = p.live().model().model();
            // a live version trained on the values alone (ETS chosen by auto on a series with columns) is
            // compared on the values; one trained with other columns than the series has cannot be
            if (!liveModel.featureNames().isEmpty() && !liveModel.featureNames().equals(series.featureNames()))
                throw new StepFailed("the series has the feature columns " + series.featureNames() + " but " + liveVersion.id() + " was trained with "
                        + liveModel.featureNames() + "; they cannot be compared on it");
            int need = training.comparisonMinTrainingSize(algorithm, fixed, liveModel, series);
            // the fair comparison forecasts only what the live version never saw: every fold after its training data
            var outOfSample = BacktestSpec.defaultsFor(series.size(), series.frequency(), Math.max(need, series.size() - unseen));
            var spec = outOfSample.or(() -> BacktestSpec.defaultsFor(series.size(), series.frequency(), need))
                    .orElseThrow(() -> new StepFailed("the history has " + series.size() + " observations; a backtest of " + algorithm
                            + " needs at least " + BacktestSpec.minimumLength(need)));
            rec.end(PipelineStep.State.SUCCEEDED, String.format(Locale.ROOT, "%d observations at %s, %d gaps filled by %s imputation; folds: %s, %s",
                    series.size(), series.frequency(), gaps, imputation.id(), spec, outOfSample.isPresent()
                            ? "every forecast after " + liveVersion.id() + "'s training data"
                            : "partly inside " + liveVersion.id() + "'s training data (only " + unseen + " newer observations), which favours it"));

            rec.begin("tune");
            Hyperparameters params = fixed;
            boolean sameFamily = algorithm.equals(liveVersion.algorithm());
            if (p.nTrials() == 0) {
                rec.end(PipelineStep.State.SKIPPED, "no trials in the budget: the candidate keeps "
                        + (sameFamily ? "the live version's settings" : "the family's defaults"));
                if (sameFamily) params = training.hyperparameters(algorithm, liveVersion.hyperparameters().with(p.fixed()));
            } else if (p.forecaster() instanceof EnsembleForecaster || training.tuning().isEmpty()
                    || p.forecaster().searchSpace(series).isEmpty() && settings.searchSpace().isEmpty()) {
                rec.end(PipelineStep.State.SKIPPED, algorithm + " has nothing to tune here");
            } else {
                var tuned = tune(p, series, rec.run.id(), imputation);
                params = tuned.hyperparameters();
                rec.end(PipelineStep.State.SUCCEEDED, tuned.detail());
            }

            rec.begin("train");
            long fitStart = System.nanoTime();
            var model = training.fit(algorithm, series, params);
            rec.end(PipelineStep.State.SUCCEEDED, String.format(Locale.ROOT, "fitted %s on %d observations in %.1f s with %s", algorithm,
                    series.size(), (System.nanoTime() - fitStart) / 1e9, params.sorted()));

            rec.begin("backtest");
            var compared = training.compare(algorithm, params, liveModel, series, spec);
            var candidate = compared.candidate().metrics();
            var live = compared.live().metrics();
            var naive = compared.baseline().metrics();
            rec.save(rec.run.withContenders(List.of(
                    new Contender("candidate", null, algorithm, candidate),
                    new Contender("live", liveVersion.id(), liveVersion.algorithm(), live),
                    new Contender("seasonal_naive", null, compared.baselineAlgorithm(), naive))));
            rec.end(PipelineStep.State.SUCCEEDED, String.format(Locale.ROOT, "MASE on the same %d folds: candidate %.4f, live %s %.4f, seasonal naive %.4f",
                    spec.folds(), candidate.mase(), liveVersion.id(), live.mase(), naive.mase()));

            rec.begin("register");
            var request = new TrainingRequest(p.run().model(), new SeriesId(p.run().seriesId()), series, algorithm, params, imputation, null, null);
            var trained = training.register(request, series,
                    new Candidate(algorithm, model, compared.candidate(), params).withNote("trained_by", "pipeline " + rec.run.id()));
            models.add(trained.version(), trained.model());
            var candidateId = trained.version().id();
            rec.save(rec.run.withCandidate(candidateId).withContenders(List.of(
                    new Contender("candidate", candidateId, algorithm, candidate),
                    rec.run.contenders().get(1), rec.run.contenders().get(2))));
            rec.end(PipelineStep.State.SUCCEEDED, "registered " + candidateId + " with its backtest metrics");

            String better = String.format(Locale.ROOT, "candidate MASE %.4f beats live %.4f by more than %.0f%% and the baseline's %.4f",
                    candidate.mase(), live.mase(), 100 * settings.margin(), naive.mase());
            return decide(rec, p, candidateId, verdict(candidate, live, naive), better, started);
        } catch (RuntimeException e) {
            String why = e instanceof StepFailed ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
            if (rec.current != null) rec.end(PipelineStep.State.FAILED, why);
            LOG.log(System.Logger.Level.WARNING, "pipeline run " + rec.run.id() + " failed: " + why, e instanceof StepFailed ? null : e);
            var failedStep = rec.run.steps().stream().filter(s -> s.state() == PipelineStep.State.FAILED).map(PipelineStep::name).findFirst().orElse("?");
            var run = finish(rec, PipelineRun.Outcome.FAILED, "step " + failedStep + " failed: " + why + "; " + liveVersion.id() + " kept serving", started);
            alerts.breach(new Alert.Breach(failedAlert(run.model()), Alert.Kind.PIPELINE, Alert.Severity.WARNING, p.run().seriesId(),
                    "retraining run " + run.id() + " of " + run.model() + " failed at step " + failedStep + ": " + why, Double.NaN, Double.NaN, run.model()));
            return run;
        }
    }

    /**
     * A run over a portfolio: every series of the live version is read, one candidate version over
     * all of them is trained and backtested per series (as {@code POST /models/{model}/train} with
     * its series would), and judged by the mean MASE over the series against the live version's,
     * each from its own backtest (a portfolio's versions are not re-backtested on each other's folds).
     */
    private PipelineRun executePortfolio(Planned p, Recorder rec, long started) {
        var liveVersion = p.live().version();
        rec.begin("history");
        var histories = new java.util.LinkedHashMap<SeriesId, TimeSeries>();
        for (var s : liveVersion.series()) observations.history(new SeriesId(s.seriesId())).ifPresent(h -> histories.put(new SeriesId(s.seriesId()), h));
        if (histories.isEmpty()) throw new StepFailed("none of the " + liveVersion.series().size() + " series of " + liveVersion.id() + " is stored");
        long observed = histories.values().stream().mapToLong(TimeSeries::size).sum();
        rec.end(PipelineStep.State.SUCCEEDED, String.format(Locale.ROOT, "%d of the %d series of %s, %d observations", histories.size(),
                liveVersion.series().size(), liveVersion.id(), observed));

        rec.begin("train");
        var imputation = TrainingService.imputation(liveVersion);
        var params = p.forecaster().algorithm().equals(liveVersion.algorithm()) ? liveVersion.hyperparameters().with(p.fixed()) : p.fixed();
        var request = new forecast.domain.training.PortfolioRequest(p.run().model(), List.copyOf(histories.keySet()), p.forecaster().algorithm(), params,
                imputation, null, Runtime.getRuntime().availableProcessors(), "retraining run " + rec.run.id() + " of " + liveVersion.id());
        var result = training.trainPortfolio(request, histories, message -> {});
        if (!(result instanceof forecast.domain.training.TrainingResult.Trained trained)) throw new StepFailed("training failed: " + result);
        models.add(trained.version(), trained.portfolio());
        var candidateId = trained.version().id();
        var candidate = trained.version().metrics();
        rec.save(rec.run.withCandidate(candidateId).withContenders(List.of(
                new Contender("candidate", candidateId, trained.version().algorithm(), candidate),
                new Contender("live", liveVersion.id(), liveVersion.algorithm(), liveVersion.metrics()))));
        rec.end(PipelineStep.State.SUCCEEDED, String.format(Locale.ROOT, "registered %s over %d series: MASE mean %.4f against %s's %.4f%s",
                candidateId, trained.version().series().size(), candidate.mase(), liveVersion.id(), liveVersion.metrics().mase(),
                trained.skipped().isEmpty() ? "" : "; " + trained.skipped().size() + " series left out"));

        double bound = liveVersion.metrics().mase() * (1 - settings.margin());
        String rejection = candidate.mase() < bound ? null : String.format(Locale.ROOT, "mean MASE %.4f is not below the live version's %.4f x %.2f = %.4f",
                candidate.mase(), liveVersion.metrics().mase(), 1 - settings.margin(), bound);
        String better = String.format(Locale.ROOT, "candidate mean MASE %.4f beats live %.4f by more than %.0f%%", candidate.mase(),
                liveVersion.metrics().mase(), 100 * settings.margin());
        return decide(rec, p, candidateId, rejection, better, started);
    }

    /** The decide step and what the policy makes of it: the candidate {@code rejection} names why it is not better (null when it is). */
    private PipelineRun decide(Recorder rec, Planned p, String candidateId, String rejection, String better, long started) {
        String liveId = p.live().version().id();
        rec.begin("decide");
        if (rejection != null) {
            rec.end(PipelineStep.State.SUCCEEDED, "rejected: " + rejection);
            return finish(rec, PipelineRun.Outcome.REJECTED, "candidate " + candidateId + " rejected: " + rejection + "; " + liveId + " stays live", started);
        }
        rec.end(PipelineStep.State.SUCCEEDED, better + "; policy " + p.policy().name().toLowerCase(Locale.ROOT));
        return switch (p.policy()) {
            case REGISTER -> finish(rec, PipelineRun.Outcome.REGISTERED, candidateId + " is registered; deploy it by hand", started);
            case DEPLOY -> deploy(rec, candidateId, better, started);
            case CANARY -> canary(rec, liveId, candidateId, started);
        };
    }

    /** Why the candidate is not better, or null when it is: below the live version's MASE by the margin, and below the baseline's. */
    private String verdict(BacktestMetrics candidate, BacktestMetrics live, BacktestMetrics naive) {
        double c = candidate.mase();
        if (!Double.isFinite(c)) return "its backtest MASE could not be computed";
        double bound = live.mase() * (1 - settings.margin());
        if (Double.isFinite(live.mase()) && !(c < bound))
            return String.format(Locale.ROOT, "MASE %.4f is not below the live version's %.4f × (1 - %.2f) = %.4f", c, live.mase(), settings.margin(), bound);
        if (Double.isFinite(naive.mase()) && !(c < naive.mase()))
            return String.format(Locale.ROOT, "MASE %.4f does not beat the seasonal-naive baseline's %.4f", c, naive.mase());
        return null;
    }

    private record Tuned(Hyperparameters hyperparameters, String detail) {}

    /** Tunes within the budget, the live version's settings queued as the first trial when it is of the same family. */
    private Tuned tune(Planned p, TimeSeries series, String runId, Imputation imputation) {
        var tuning = training.tuning().orElseThrow();
        var request = new TuningRequest("pipeline-" + runId, new SeriesId(p.run().seriesId()), series, p.forecaster().algorithm(), p.fixed(),
                imputation, settings.searchSpace(), "mase", p.nTrials(), settings.tuneTimeout(), 1, null, null, null, false);
        var prepared = tuning.prepare(request);
        String warm = "no warm start (the live version is another family)";
        if (p.forecaster().algorithm().equals(p.live().version().algorithm())) {
            var start = tuning.warmStart(prepared, p.live().version().hyperparameters());
            if (!start.isEmpty()) warm = "warm-started from the live version's " + start;
        }
        var outcome = tuning.run(prepared, t -> {});
        return new Tuned(outcome.hyperparameters(), String.format(Locale.ROOT, "study %s: best trial %d of %d, MASE %.4f with %s; %s",
                prepared.study().name(), outcome.best().number(), outcome.trialsRun(), outcome.best().value(), outcome.best().params(), warm));
    }

    private PipelineRun deploy(Recorder rec, String candidate, String why, long started) {
        rec.begin("deploy");
        var result = deployment.deploy(rec.run.model(), candidate, "pipeline " + rec.run.id() + ": " + why, ACTOR);
        if (result instanceof DeploymentResult.Changed) {
            rec.end(PipelineStep.State.SUCCEEDED, candidate + " is live");
            return finish(rec, PipelineRun.Outcome.DEPLOYED, candidate + " deployed", started);
        }
        throw new StepFailed("the deploy of " + candidate + " was refused: " + result);
    }

    private PipelineRun canary(Recorder rec, String live, String candidate, long started) {
        rec.begin("canary");
        var c = settings.canary();
        String name = "canary-" + rec.run.id();
        var result = experiments.start(new StartRequest(rec.run.model(), name, List.of(live, candidate), List.of(1 - c.split(), c.split()), c.durationHours(), "mape",
                c.minSamples(), true, null, ACTOR));
        return switch (result) {
            case ExperimentService.StartResult.Started s -> {
                rec.save(rec.run.withExperiment(name).pending(PipelineRun.Outcome.CANARY_STARTED,
                        String.format(Locale.ROOT, "canary %s: %.0f%% of the traffic on %s until it wins or loses", name, 100 * c.split(), candidate)));
                // the step stays running: tick() ends it when the experiment decides
                yield rec.run;
            }
            case ExperimentService.StartResult.Competing x -> throw new StepFailed("experiment " + x.running().name() + " takes the traffic a canary needs");
            case ExperimentService.StartResult.NameTaken x -> throw new StepFailed("an experiment named " + x.name() + " exists");
            case ExperimentService.StartResult.Invalid x -> throw new StepFailed("the canary was refused: " + x.violations());
        };
    }

    private PipelineRun finish(Recorder rec, PipelineRun.Outcome outcome, String detail, long startedNanos) {
        rec.save(rec.run.finished(outcome, clock.instant(), detail));
        telemetry.pipelineRunFinished(outcome.name().toLowerCase(Locale.ROOT), System.nanoTime() - startedNanos);
        if (outcome != PipelineRun.Outcome.FAILED) alerts.recover(failedAlert(rec.run.model()));
        return rec.run;
    }

    /** The key of a model's failed-run alert: the default model keeps the key it had before named models. */
    static String failedAlert(String model) {
        return model.equals(ModelNames.DEFAULT) ? FAILED_ALERT : FAILED_ALERT + "@" + model;
    }

    /**
     * Does what time decides: starts a scheduled run when one is due, and ends canaries whose
     * experiment has decided (or was ended by hand).
     */
    public void tick() {
        if (jobs != null) recover(); // a run whose process died between storing it and queueing its job would block every other run
        for (var run : store.running()) {
            if (run.experiment() != null) {
                try {
                    decideCanary(run);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "deciding the canary of " + run.id() + " failed", e);
                }
            }
        }
        var every = settings.schedule();
        if (every == null) return;
        // each model with a live version in turn: the one whose last run is oldest, when it is due
        var recent = store.list(1_000);
        String due = null;
        java.time.Instant dueSince = null;
        for (var live : models.liveModels()) {
            String model = live.version().model();
            var last = recent.stream().filter(r -> r.model().equals(model)).findFirst().map(PipelineRun::startedAt).orElse(java.time.Instant.MIN);
            if (last.plus(every).isAfter(clock.instant())) continue;
            if (due == null || last.isBefore(dueSince)) {
                due = model;
                dueSince = last;
            }
        }
        if (due != null) trigger(PipelineRun.Trigger.SCHEDULE, "scheduled every " + every, RunOptions.of(due));
    }

    private void decideCanary(PipelineRun run) {
        var experiment = experiments.find(run.experiment()).orElse(null);
        var rec = new Recorder(run);
        rec.current = run.step("canary").orElse(null);
        if (rec.current == null) return;
        String candidate = run.candidateVersion();
        if (experiment == null || !experiment.running()) {
            boolean promoted = experiment != null && candidate.equals(experiment.promoted());
            rec.end(PipelineStep.State.SUCCEEDED, "experiment " + run.experiment() + " was ended by " + (experiment == null ? "someone" : experiment.endedBy()));
            finish(rec, promoted ? PipelineRun.Outcome.CANARY_PROMOTED : PipelineRun.Outcome.CANARY_STOPPED,
                    promoted ? candidate + " promoted by hand" : "the canary was ended by hand", nanosSince(run));
            return;
        }
        var report = experiments.report(run.experiment()).orElseThrow();
        switch (report.decision()) {
            case ExperimentReport.Decision.Winner w when w.version().equals(candidate) -> {
                var ended = experiments.promote(run.experiment(), candidate, ACTOR);
                String deployed = ended instanceof ExperimentService.EndResult.Ended e && e.deployment() instanceof DeploymentResult.Changed
                        ? candidate + " is live" : "promotion: " + ended;
                rec.end(PipelineStep.State.SUCCEEDED, "the candidate won the canary; " + deployed);
                finish(rec, PipelineRun.Outcome.CANARY_PROMOTED, candidate + " won its canary and was promoted", nanosSince(run));
            }
            case ExperimentReport.Decision.Winner w -> stopCanary(rec, run, "the live version won the canary", nanosSince(run));
            case ExperimentReport.Decision.NoDifference n -> stopCanary(rec, run, "no difference in the canary", nanosSince(run));
            default -> {
                // still running: not enough scored predictions or time
            }
        }
    }

    private void stopCanary(Recorder rec, PipelineRun run, String why, long nanos) {
        experiments.stop(run.experiment(), ACTOR);
        rec.end(PipelineStep.State.SUCCEEDED, why + "; experiment stopped, " + run.liveVersion() + " stays live");
        finish(rec, PipelineRun.Outcome.CANARY_STOPPED, why + "; " + run.candidateVersion() + " was not promoted", nanos);
    }

    private long nanosSince(PipelineRun run) {
        return java.time.Duration.between(run.startedAt(), clock.instant()).toNanos();
    }

    private void onAlert(Alert alert) {
        if (!settings.alertTriggers().contains(Alert.name(alert.kind()))) return;
        var started = trigger(PipelineRun.Trigger.ALERT, "alert " + alert.key() + ": " + alert.message(), RunOptions.of(alert.model()));
        if (!(started instanceof Started.Accepted))
            LOG.log(System.Logger.Level.INFO, "alert " + alert.key() + " did not start a retraining run: " + started);
    }

    /** Waits for the run in progress (up to a minute), then stops. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
