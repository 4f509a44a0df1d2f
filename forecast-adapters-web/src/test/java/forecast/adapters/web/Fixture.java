package forecast.adapters.web;

import forecast.domain.deployment.DeploymentResult;
import forecast.domain.deployment.DeploymentService;
import forecast.domain.experiment.ExperimentService;
import forecast.domain.memory.InMemoryAlertStore;
import forecast.domain.memory.InMemoryExperimentStore;
import forecast.domain.memory.InMemoryPipelineStore;
import forecast.domain.memory.InMemoryPredictionLog;
import forecast.domain.monitoring.Alerts;
import forecast.domain.monitoring.Monitor;
import forecast.domain.monitoring.MonitoringSettings;
import forecast.domain.pipeline.PipelineSettings;
import forecast.domain.pipeline.RetrainingPipeline;
import forecast.domain.recording.ActualsIntake;
import forecast.domain.recording.PredictionRecorder;
import forecast.domain.registry.ModelVersion;
import forecast.domain.series.SeriesId;
import forecast.domain.series.TimeSeries;
import forecast.domain.serving.LiveModels;
import forecast.domain.serving.PredictionService;
import forecast.domain.memory.InMemoryObservationStore;
import forecast.domain.memory.InMemoryStudyStore;
import forecast.domain.training.TrainingJobs;
import forecast.domain.training.TrainingRequest;
import forecast.domain.training.TrainingResult;
import forecast.domain.training.TrainingService;
import forecast.domain.training.TuningJobs;
import forecast.domain.tuning.Studies;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The domain's real services on an in-memory registry with the last-value model: versions
 * {@code v1.0} and {@code v2.0} (no features) and {@code with-features} (two feature columns),
 * trained on hourly data ending {@link #TRAINING_END}; a real server on a free port. Studies are
 * kept in memory, sampled by uniform samplers named {@code tpe} (the default) and {@code random},
 * and {@link MovingAverageForecaster} is the forecaster there is something to tune in. A monitor
 * with the default settings and the {@link MeanShiftDrift} detector watches the live version and
 * raises alerts into {@link #alertStore}.
 */
final class Fixture implements AutoCloseable {
    static final Instant TRAINING_START = Instant.parse("2024-01-01T00:00:00Z");
    static final int TRAINING_HOURS = 24 * 14;
    static final Instant TRAINING_END = TRAINING_START.plus(Duration.ofHours(TRAINING_HOURS - 1));
    /** The admin API key the fixture's server accepts. */
    static final String ADMIN_KEY = "fixture-admin-key";
    /**
     * The pipeline's settings: no tuning, candidates only registered, and no alert starts a run (so
     * that the monitoring tests' alerts train nothing); runs are started through the API.
     */
    static final PipelineSettings PIPELINE = new PipelineSettings(null, null, null, null, 0, null, PipelineSettings.Policy.REGISTER, 0.05, null, Set.of(),
            new PipelineSettings.Canary(0.1, 100, 24), new PipelineSettings.Rollback(false, 0.5, 100));
    /** Small limits, so that the tests can exceed them cheaply; {@link #ADMIN_KEY} accepted, {@code /predict} open. */
    static final WebSettings SETTINGS = new WebSettings("127.0.0.1", 0, 120, 500, 1_000, 256 * 1024, AdminKeys.of(AdminKeys.hash(ADMIN_KEY)));

    final CorruptibleRegistry registry = new CorruptibleRegistry();
    final LiveModels models;
    final DeploymentService deployment;
    final PredictionService prediction;
    final InMemoryObservationStore observations = new InMemoryObservationStore();
    final forecast.domain.jobs.JobWorkers workers;
    final TrainingJobs jobs;
    final Studies studies = new Studies(new InMemoryStudyStore(), List.of(new UniformSampler("tpe"), new UniformSampler("random")), Clock.systemUTC());
    final TuningJobs tuning;
    /** A/B tests in memory, judged by {@link NormalSignificance}; {@link #prediction} routes by them. */
    final ExperimentService experiments;
    final PredictionRecorder recorder;
    final InMemoryAlertStore alertStore = new InMemoryAlertStore();
    final Alerts alerts;
    final Monitor monitor;
    final ActualsIntake actuals;
    final InMemoryPipelineStore pipelineStore = new InMemoryPipelineStore();
    final RetrainingPipeline pipeline;
    final TrainingService training;
    final ModelVersion v1;
    final ModelVersion v2;
    final ModelVersion withFeatures;
    final ForecastServer server;
    /** A client that sends {@link #ADMIN_KEY} on every request. */
    final Http http;
    /** A client that sends no key. */
    final Http anonymous;

    Fixture(boolean deployV1) {
        this(deployV1, SETTINGS);
    }

    Fixture(boolean deployV1, WebSettings settings) {
        var forecaster = new LastValueForecaster();
        var tunable = new MovingAverageForecaster();
        var telemetry = WebAdapters.telemetry();
        var baseline = new LastValueForecaster("seasonal_naive"); // the pipeline compares candidates with it
        training = new TrainingService(List.of(forecaster, tunable, baseline), registry, telemetry, studies);
        models = new LiveModels(registry, List.of(forecaster, tunable, baseline));
        deployment = new DeploymentService(registry, models, Clock.systemUTC(), telemetry);
        v1 = train(training, series(0), "v1.0");
        v2 = train(training, series(0), "v2.0");
        withFeatures = train(training, series(2), "with-features");
        if (deployV1 && !(deployment.deploy(v1.id(), "fixture", "test") instanceof DeploymentResult.Changed))
            throw new IllegalStateException("could not deploy " + v1.id());
        var predictionLog = new InMemoryPredictionLog();
        recorder = new PredictionRecorder(predictionLog, PredictionRecorder.Settings.defaults(), null, telemetry);
        experiments = new ExperimentService(new InMemoryExperimentStore(), predictionLog, recorder, models, deployment, new NormalSignificance(),
                Clock.systemUTC());
        alerts = new Alerts(alertStore, List.of(), telemetry, Clock.systemUTC());
        monitor = new Monitor(MonitoringSettings.defaults(), models, observations, predictionLog, List.of(new MeanShiftDrift()), alerts, telemetry,
                Clock.systemUTC());
        actuals = new ActualsIntake(observations, recorder, monitor);
        prediction = new PredictionService(models, telemetry, experiments, monitor, recorder, observations);
        workers = new forecast.domain.jobs.JobWorkers(new forecast.domain.memory.InMemoryJobQueue(),
                new forecast.domain.jobs.JobWorkers.Settings(1, Duration.ofSeconds(30), Duration.ofMillis(100), 3), Clock.systemUTC());
        jobs = new TrainingJobs(training, observations, models, deployment, workers, Clock.systemUTC());
        tuning = new TuningJobs(training.tuning().orElseThrow(), observations, workers, Clock.systemUTC());
        workers.start();
        pipeline = new RetrainingPipeline(PIPELINE, pipelineStore, observations, training, models, deployment, experiments, alerts, telemetry,
                Clock.systemUTC());
        server = ForecastServer.start(settings, new WebServices(prediction, deployment, registry, models, jobs, studies, tuning, experiments, monitor,
                actuals, alerts, pipeline, observations, new forecast.domain.serving.ModelHealth(models, registry, observations, Clock.systemUTC(), Duration.ZERO)));
        anonymous = new Http(server.port(), this::seen);
        http = anonymous.withKey(ADMIN_KEY);
    }

    /** Checked against the OpenAPI document when {@link #checkedAgainstOpenApi()} was called: null until then. */
    private volatile ApiContract contract;

    /**
     * From now on every answer {@link #http} and {@link #anonymous} (and the clients made from them)
     * get to a route of the server is checked against the OpenAPI document the server serves
     * ({@link ApiContract}): a test using this fixture fails on an answer the document does not allow.
     */
    Fixture checkedAgainstOpenApi() {
        var served = anonymous.get("/openapi?format=json");
        if (served.status() != 200) throw new IllegalStateException("GET /openapi answered " + served.status() + ": " + served.body());
        contract = new ApiContract(served.body());
        return this;
    }

    private void seen(java.net.http.HttpRequest request, Http.Response response) {
        var c = contract;
        if (c != null) c.checkServed(server.routes(), request.method(), request.uri().getRawPath(), response);
    }

    private static ModelVersion train(TrainingService training, TimeSeries series, String label) {
        var result = training.train(new TrainingRequest(new SeriesId("test"), series, LastValueForecaster.ALGORITHM, null, null, label));
        if (result instanceof TrainingResult.Trained t) return t.version();
        throw new IllegalStateException("training failed: " + result);
    }

    /** A daily-seasonal hourly series with noise, fixed seed. */
    static TimeSeries series(int features) {
        var random = new Random(42);
        var times = new ArrayList<Instant>();
        double[] values = new double[TRAINING_HOURS];
        double[][] rows = new double[TRAINING_HOURS][features];
        for (int i = 0; i < TRAINING_HOURS; i++) {
            times.add(TRAINING_START.plus(Duration.ofHours(i)));
            values[i] = 100 + 10 * Math.sin(2 * Math.PI * i / 24) + random.nextGaussian();
            for (int k = 0; k < features; k++) rows[i][k] = random.nextDouble();
        }
        var names = new ArrayList<String>();
        for (int k = 0; k < features; k++) names.add("x" + k);
        return TimeSeries.of(times, values, names, features == 0 ? null : rows, null);
    }

    /** {@code rows} hourly rows as JSON, ending at {@code end}, with {@code features} extra columns. */
    static String rows(Instant end, int rows, int features) {
        var sb = new StringBuilder("[");
        for (int i = 0; i < rows; i++) {
            if (i > 0) sb.append(',');
            sb.append("[\"").append(end.minus(Duration.ofHours(rows - 1 - i))).append("\",").append(100 + i % 7);
            for (int k = 0; k < features; k++) sb.append(',').append(0.5);
            sb.append(']');
        }
        return sb.append(']').toString();
    }

    @Override
    public void close() {
        server.close();
        pipeline.close();
        workers.close();
        recorder.close();
        alerts.close();
    }
}
