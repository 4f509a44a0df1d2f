package forecast.app;

import forecast.adapters.ml.MlAdapters;
import forecast.adapters.persistence.Persistence;
import forecast.adapters.persistence.PersistenceAdapters;
import forecast.adapters.web.ForecastServer;
import forecast.adapters.web.WebAdapters;
import forecast.adapters.web.WebServices;
import forecast.domain.deployment.DeploymentService;
import forecast.domain.experiment.ExperimentService;
import forecast.domain.monitoring.AlertSink;
import forecast.domain.monitoring.Alerts;
import forecast.domain.monitoring.Monitor;
import forecast.domain.pipeline.RetrainingPipeline;
import forecast.domain.pipeline.RollbackGuard;
import forecast.domain.ensemble.EnsembleForecaster;
import forecast.domain.forecasting.Forecaster;
import forecast.domain.recording.ActualsIntake;
import forecast.domain.recording.PredictionRecorder;
import forecast.domain.serving.LiveModels;
import forecast.domain.serving.LiveRefresher;
import forecast.domain.serving.ModelHealth;
import forecast.domain.serving.PredictionService;
import forecast.domain.jobs.JobWorkers;
import forecast.domain.training.TrainingJobs;
import forecast.domain.training.TrainingService;
import forecast.domain.training.TuningJobs;
import forecast.domain.tuning.Studies;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The composition root: every adapter wired to the use cases with plain constructors. */
public final class Application implements AutoCloseable {
    private final Persistence persistence;
    private final JobWorkers workers;
    private final JobWorkers outbox;
    private final PredictionRecorder recorder;
    private final Alerts alerts;
    private final RetrainingPipeline pipeline;
    private final MonitoringLoop loop;
    private final ClusterRefresh refresh;
    private final ForecastServer server;
    private boolean closed; // guarded by this

    private Application(Persistence persistence, JobWorkers workers, JobWorkers outbox, PredictionRecorder recorder, Alerts alerts,
                        RetrainingPipeline pipeline, MonitoringLoop loop, ClusterRefresh refresh, ForecastServer server) {
        this.persistence = persistence;
        this.workers = workers;
        this.outbox = outbox;
        this.recorder = recorder;
        this.alerts = alerts;
        this.pipeline = pipeline;
        this.loop = loop;
        this.refresh = refresh;
        this.server = server;
    }

    /** Every model family, and their ensemble (of all but the seasonal-naive baseline). */
    static List<Forecaster> forecasters() {
        var families = MlAdapters.forecasters();
        var members = families.stream().filter(f -> !f.algorithm().equals("seasonal_naive")).toList();
        var all = new ArrayList<>(families);
        all.add(new EnsembleForecaster(members));
        return List.copyOf(all);
    }

    /** Opens the database, makes sure a model is live, and starts serving; a generated admin key is printed on stdout. */
    public static Application start(ForecastConfig config) {
        return start(config, System.out);
    }

    /** The same, printing a generated admin key on {@code console}. */
    static Application start(ForecastConfig config, java.io.PrintStream console) {
        // a port in use fails here, in one line naming it, before the database opens or a model trains
        ForecastServer.checkPort(config.web().host(), config.web().port());
        var persistence = config.openDatabase();
        // what has started so far, closed (newest first) when a later step fails, so that no thread keeps the JVM alive
        var started = new java.util.ArrayDeque<AutoCloseable>();
        try {
            var forecasters = forecasters();
            var telemetry = WebAdapters.telemetry();
            var registry = persistence.modelRegistry();
            var models = new LiveModels(registry, forecasters);
            var studies = new Studies(persistence.studyStore(), MlAdapters.samplers(), Clock.systemUTC());
            var training = new TrainingService(forecasters, registry, telemetry, studies);
            var deployment = new DeploymentService(registry, models, Clock.systemUTC(), telemetry);
            var recorder = new PredictionRecorder(persistence.predictionLog(), config.recording(),
                    PersistenceAdapters.spill(config.dataDir().resolve("prediction-spill.log")), telemetry);
            started.push(recorder::close);
            var experiments = new ExperimentService(persistence.experimentStore(), persistence.predictionLog(), recorder, models, deployment,
                    MlAdapters.significanceTest(), Clock.systemUTC());
            experiments.completePromotions(); // a promotion a crash cut short is finished before serving
            var watching = config.watching();
            var sinks = watching.webhook() == null ? List.<AlertSink>of()
                    : List.of(WebAdapters.webhook(watching.webhook(), watching.webhookTimeout(), watching.webhookHeaders()));
            var alerts = new Alerts(persistence.alertStore(), sinks, telemetry, Clock.systemUTC());
            started.push(alerts::close);
            // alert deliveries are jobs too (an outbox), on a worker of their own so that they never wait behind a training
            var outbox = new JobWorkers(persistence.jobQueue(), new JobWorkers.Settings(1, config.jobs().lease(), config.jobs().poll(),
                    config.jobs().maxAttempts()), Clock.systemUTC(), config.cluster().replicaId());
            alerts.deliverThroughQueue(outbox);
            alerts.redeliver(1_000); // what a crash cut off between storing an alert and queueing its delivery
            started.push(outbox::close);
            outbox.start();
            var detectors = List.of(MlAdapters.ksDrift(watching.ksMaxDistance(), watching.ksAlpha()),
                    MlAdapters.psiDrift(watching.psiBins(), watching.psiThreshold()));
            var monitor = new Monitor(watching.monitoring(), models, persistence.observationStore(), persistence.predictionLog(), detectors, alerts,
                    telemetry, Clock.systemUTC());
            var actuals = new ActualsIntake(persistence.observationStore(), recorder, monitor);
            var prediction = new PredictionService(models, telemetry, experiments, monitor, recorder, persistence.observationStore());
            new Bootstrap(config.bootstrap(), registry, persistence.observationStore(), training, deployment, models).ensureLiveModel();
            monitor.resume(); // live accuracy goes on from the stored scored predictions
            // one pool of workers for the durable jobs; a job a crash interrupted is taken again once its lease expires
            var workers = new JobWorkers(persistence.jobQueue(), config.jobs(), Clock.systemUTC(), config.cluster().replicaId());
            var jobs = new TrainingJobs(training, persistence.observationStore(), models, deployment, workers, Clock.systemUTC());
            var tuning = new TuningJobs(training.tuning().orElseThrow(), persistence.observationStore(), workers, Clock.systemUTC());
            var pipeline = new RetrainingPipeline(watching.pipeline(), persistence.pipelineStore(), persistence.observationStore(), training, models,
                    deployment, experiments, alerts, telemetry, Clock.systemUTC());
            started.push(pipeline::close);
            pipeline.runAsJobs(workers);
            pipeline.recover(); // a run a crash interrupted outside the job queue is recorded as failed; a canary goes on
            started.push(workers::close);
            workers.start();
            var guard = new RollbackGuard(watching.pipeline().rollback(), deployment, registry, monitor, alerts);
            var web = AdminKeySetup.ensureKey(config.web(), config.keySources(), config.dataDir(), persistence.adminKeyStore(), Clock.systemUTC(), console);
            var health = new ModelHealth(models, registry, persistence.observationStore(), Clock.systemUTC(), java.time.Duration.ofSeconds(10));
            // what other replicas on the same database deploy, roll back, promote or experiment with is picked up here
            var refresh = new ClusterRefresh(new LiveRefresher(registry, models, experiments, telemetry), config.cluster().refresh());
            started.push(refresh::close);
            persistence.onChange(refresh::refreshSoon, config.cluster().refresh()); // PostgreSQL's NOTIFY: at once, besides polling
            // the monitoring loop and the pipeline's schedule run on one replica only: the leader
            var leadership = persistence.leadership(config.cluster().leaderRetry());
            var services = new WebServices(prediction, deployment, registry, models, jobs, studies, tuning, experiments,
                    monitor, actuals, alerts, pipeline, persistence.observationStore(), health);
            var server = quietBindFailure(() -> ForecastServer.start(web, services, config.cluster().replicaId(), leadership));
            var loop = new MonitoringLoop(monitor, guard, pipeline, watching.monitoring().checkInterval(), leadership);
            return new Application(persistence, workers, outbox, recorder, alerts, pipeline, loop, refresh, server);
        } catch (RuntimeException e) {
            while (!started.isEmpty()) {
                try {
                    started.pop().close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            persistence.close();
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    /** Helidon's loggers that report a listener that cannot bind, with a stack trace, before {@link ForecastServer} says so in one line. */
    private static final List<String> LISTENER_LOGGERS = List.of("io.helidon.webserver.LoomServer", "io.helidon.webserver.ServerListener");

    /**
     * Starts the server with Helidon's SEVERE reports of a failed listener held back: a port that
     * another process took since {@link ForecastServer#checkPort} is then one line (the
     * {@link ForecastServer.BindException}), not a stack trace. Other log records pass as usual.
     */
    private static ForecastServer quietBindFailure(java.util.function.Supplier<ForecastServer> start) {
        var loggers = LISTENER_LOGGERS.stream().map(java.util.logging.Logger::getLogger).toList();
        var filters = loggers.stream().map(java.util.logging.Logger::getFilter).toList();
        for (int i = 0; i < loggers.size(); i++) {
            var previous = filters.get(i);
            loggers.get(i).setFilter(r -> r.getLevel().intValue() < java.util.logging.Level.SEVERE.intValue() && (previous == null || previous.isLoggable(r)));
        }
        try {
            return start.get();
        } finally {
            for (int i = 0; i < loggers.size(); i++) loggers.get(i).setFilter(filters.get(i));
        }
    }

    /** The database's JDBC URL: a SQL client may open it while the server runs (H2's AUTO_SERVER mode). */
    public String jdbcUrl() {
        return persistence.jdbcUrl();
    }

    @Override
    public synchronized void close() {
        if (closed) return; // idempotent: a test may stop a replica and close it again on the way out
        closed = true;
        server.close();
        refresh.close();
        loop.close();
        pipeline.close();
        alerts.close();
        recorder.close(); // every recorded prediction is written before the database closes
        workers.close();
        outbox.close();
        persistence.close();
    }
}
