package forecast.domain.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.deployment.DeploymentResult;
import forecast.domain.deployment.DeploymentService;
import forecast.domain.experiment.ExperimentService;
import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.Level;
import forecast.domain.memory.InMemoryAlertStore;
import forecast.domain.memory.InMemoryExperimentStore;
import forecast.domain.memory.InMemoryModelRegistry;
import forecast.domain.memory.InMemoryObservationStore;
import forecast.domain.memory.InMemoryPipelineStore;
import forecast.domain.memory.InMemoryPredictionLog;
import forecast.domain.memory.InMemoryStudyStore;
import forecast.domain.monitoring.Alert;
import forecast.domain.monitoring.Alerts;
import forecast.domain.monitoring.Monitor;
import forecast.domain.monitoring.MonitoringSettings;
import forecast.domain.preprocessing.Imputation;
import forecast.domain.recording.Actuals;
import forecast.domain.recording.ActualsIntake;
import forecast.domain.recording.PredictionRecorder;
import forecast.domain.registry.ModelVersion;
import forecast.domain.series.SeriesId;
import forecast.domain.series.TimeSeries;
import forecast.domain.serving.LiveModels;
import forecast.domain.serving.PredictionRequest;
import forecast.domain.serving.PredictionResult;
import forecast.domain.serving.PredictionService;
import forecast.domain.telemetry.Telemetry;
import forecast.domain.testing.LastSeasonForecaster;
import forecast.domain.testing.NormalApproximation;
import forecast.domain.testing.SeasonalMeanForecaster;
import forecast.domain.testing.Series;
import forecast.domain.testing.Serving;
import forecast.domain.testing.TrainingMeanForecaster;
import forecast.domain.testing.UniformSampler;
import forecast.domain.training.TrainingRequest;
import forecast.domain.training.TrainingResult;
import forecast.domain.training.TrainingService;
import forecast.domain.tuning.Studies;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pipeline on in-memory adapters with tiny real models: the live version is frozen at its
 * training mean, so a level shift in the stored history makes a retrained seasonal model better.
 */
class RetrainingPipelineTest {
    static final SeriesId METER = new SeriesId("meter");
    static final int TRAINED = 400;
    static final int SHIFTED = 300;

    final InMemoryModelRegistry registry = new InMemoryModelRegistry();
    final List<forecast.domain.forecasting.Forecaster> forecasters = List.of(new TrainingMeanForecaster(), new SeasonalMeanForecaster(),
            new LastSeasonForecaster(), new TrainingMeanForecaster("broken", true));
    final LiveModels models = new LiveModels(registry, forecasters);
    final DeploymentService deployment = new DeploymentService(registry, models, Clock.systemUTC(), Telemetry.NONE);
    final Studies studies = new Studies(new InMemoryStudyStore(), List.of(new UniformSampler()), Clock.systemUTC());
    final TrainingService training = new TrainingService(forecasters, registry, Telemetry.NONE, studies);
    final InMemoryObservationStore observations = new InMemoryObservationStore();
    final InMemoryPredictionLog log = new InMemoryPredictionLog();
    final PredictionRecorder recorder = new PredictionRecorder(log, PredictionRecorder.Settings.defaults(), null, Telemetry.NONE);
    final ExperimentService experiments = new ExperimentService(new InMemoryExperimentStore(), log, recorder, models, deployment,
            new NormalApproximation(), Clock.systemUTC());
    final List<String> delivered = new ArrayList<>();
    final Alerts alerts = new Alerts(new InMemoryAlertStore(), List.of((event, a) -> {
        synchronized (delivered) {
            delivered.add(event + " " + a.key());
        }
    }), Telemetry.NONE, Clock.systemUTC());
    final InMemoryPipelineStore store = new InMemoryPipelineStore();
    final ModelVersion champion;

    RetrainingPipelineTest() {
        var history = Series.hourly(TRAINED, 1.0, 7);
        observations.append(METER, history);
        var trained = (TrainingResult.Trained) training.train(new TrainingRequest(METER, history, "training_mean", Hyperparameters.NONE,
                Imputation.LINEAR, "champion"));
        champion = trained.version();
        models.add(champion, trained.model());
        assertInstanceOf(DeploymentResult.Changed.class, deployment.deploy(champion.id(), "first", "test"));
    }

    @AfterEach
    void close() {
        alerts.close();
        recorder.close();
    }

    /** {@code n} more hours after the training data, at level {@code 100 + shift}, the same daily cycle. */
    static TimeSeries later(int n, double shift, long seed) {
        var random = new java.util.Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = 100 + shift + 10 * Math.sin(2 * Math.PI * (TRAINED + i) / 24) + random.nextGaussian();
        return TimeSeries.of(Series.hours(TRAINED, n), v);
    }

    PipelineSettings settings(String algorithm, int trials, PipelineSettings.Policy policy) {
        return new PipelineSettings(null, algorithm, Hyperparameters.NONE, null, trials, null, policy, 0.05, null, Set.of("input_drift"),
                new PipelineSettings.Canary(0.2, 5, 1e-6), new PipelineSettings.Rollback(true, 0.5, 20));
    }

    RetrainingPipeline pipeline(PipelineSettings settings) {
        return new RetrainingPipeline(settings, store, observations, training, models, deployment, experiments, alerts, Telemetry.NONE, Clock.systemUTC());
    }

    static PipelineRun accepted(RetrainingPipeline.Started started) {
        return assertInstanceOf(RetrainingPipeline.Started.Accepted.class, started).run();
    }

    @Test
    void aBetterCandidateIsBacktestedRegisteredAndDeployedWithEveryStepRecorded() {
        observations.append(METER, later(SHIFTED, 30, 8));
        // no tuning: the sampler is random, and a trial of the wrong period could make the candidate worse
        var run = accepted(pipeline(settings("seasonal_mean", 0, PipelineSettings.Policy.DEPLOY)).runNow(PipelineRun.Trigger.MANUAL, "test", null));

        assertEquals(PipelineRun.State.SUCCEEDED, run.state(), run.detail());
        assertEquals(PipelineRun.Outcome.DEPLOYED, run.outcome());
        assertEquals(List.of("history", "validate", "tune", "train", "backtest", "register", "decide", "deploy"),
                run.steps().stream().map(PipelineStep::name).toList());
        assertTrue(run.steps().stream().allMatch(s -> s.state() == (s.name().equals("tune") ? PipelineStep.State.SKIPPED : PipelineStep.State.SUCCEEDED)
                && s.finishedAt() != null), run.steps().toString());
        assertTrue(run.step("history").orElseThrow().detail().contains("700 observations"), run.step("history").orElseThrow().detail());
        var validate = run.step("validate").orElseThrow().detail();
        assertTrue(validate.contains("every forecast after " + champion.id() + "'s training data"), "out of sample for the live version: " + validate);
        var byRole = run.contenders().stream().collect(java.util.stream.Collectors.toMap(Contender::role, c -> c));
        assertEquals(Set.of("candidate", "live", "seasonal_naive"), byRole.keySet());
        assertEquals(champion.id(), byRole.get("live").version());
        assertTrue(byRole.get("candidate").metrics().mase() < byRole.get("live").metrics().mase() * 0.95, run.contenders().toString());
        assertEquals(byRole.get("candidate").metrics().folds(), byRole.get("live").metrics().folds(), "the same folds");

        String candidate = run.candidateVersion();
        assertEquals(candidate, byRole.get("candidate").version());
        assertEquals(candidate, models.live().orElseThrow().version().id(), "deployed");
        var registered = registry.find(candidate).orElseThrow();
        assertEquals("seasonal_mean", registered.algorithm());
        assertEquals("pipeline " + run.id(), registered.provenance().notes().get("trained_by"));
        assertEquals("linear", registered.provenance().notes().get("imputation"), "imputed as the live version was");
        assertEquals(java.util.Set.of("period"), registered.hyperparameters().values().keySet(), "only what the algorithm accepts");
        assertEquals(byRole.get("candidate").metrics(), registered.metrics(), "registered with the backtest it was judged by");
        assertEquals(700, registered.provenance().observations(), "trained on the stored history including the newer data");
        assertEquals(run, store.find(run.id()).orElseThrow(), "stored as it ended");
    }

    @Test
    void tuningIsWarmStartedFromTheLiveVersionsSettingsWhenItIsOfTheSameFamily() {
        // the champion is seasonal_mean with period 17; the study's first trial must be that
        var history = observations.history(METER).orElseThrow();
        var trained = (TrainingResult.Trained) training.train(new TrainingRequest(METER, history, "seasonal_mean", Hyperparameters.of("period", "17"),
                Imputation.LINEAR, "period17"));
        models.add(trained.version(), trained.model());
        deployment.deploy(trained.version().id(), "seasonal", "test");
        observations.append(METER, later(SHIFTED, 0, 9));
        var run = accepted(pipeline(settings(null, 3, PipelineSettings.Policy.REGISTER)).runNow(PipelineRun.Trigger.MANUAL, "test", null));

        var tune = run.step("tune").orElseThrow();
        assertEquals(PipelineStep.State.SUCCEEDED, tune.state(), tune.detail());
        assertTrue(tune.detail().contains("warm-started from the live version's {period=17}"), tune.detail());
        var study = studies.load("pipeline-" + run.id()).orElseThrow();
        assertEquals(17L, ((Number) study.trials().get(0).params().get("period")).longValue(), "trial 0 is the live version's setting");
        assertEquals(PipelineRun.State.SUCCEEDED, run.state(), run.detail());
        // whether the tuned candidate beats period 17 by the margin depends on the random trials; either way it is not deployed
        assertTrue(Set.of(PipelineRun.Outcome.REGISTERED, PipelineRun.Outcome.REJECTED).contains(run.outcome()), run.detail());
        assertEquals(trained.version().id(), models.live().orElseThrow().version().id(), "the live version stays");
    }

    /** {@code s} with a temperature column, as a shop's series has. */
    static TimeSeries withTemperature(TimeSeries s) {
        double[][] rows = new double[s.size()][];
        for (int i = 0; i < s.size(); i++) rows[i] = new double[] {15 + 5 * Math.sin(2 * Math.PI * i / 24)};
        return TimeSeries.of(s.times(), s.values(), List.of("temperature"), rows, null);
    }

    @Test
    void aLiveVersionTrainedOnTheValuesAloneIsComparedOnTheValuesOfASeriesWithFeatureColumns() {
        // as after auto chose ETS (which takes no columns) on a series that has some: the run used to
        // fail with "the series has the feature columns [temperature] but ... was trained with []"
        var shop = new SeriesId("shop");
        var history = withTemperature(Series.hourly(TRAINED, 1.0, 7));
        observations.append(shop, history);
        var trained = (TrainingResult.Trained) training.train(new TrainingRequest(shop, history, "training_mean", Hyperparameters.NONE,
                Imputation.LINEAR, "values-alone"));
        models.add(trained.version(), trained.model());
        deployment.deploy(trained.version().id(), "the shop's", "test");
        observations.append(shop, withTemperature(later(SHIFTED, 30, 12)));

        var run = accepted(pipeline(settings("seasonal_mean", 0, PipelineSettings.Policy.REGISTER)).runNow(PipelineRun.Trigger.MANUAL, "test", null));
        assertEquals(PipelineRun.State.SUCCEEDED, run.state(), run.detail());
        var live = run.contenders().stream().filter(c -> c.role().equals("live")).findFirst().orElseThrow();
        assertEquals(trained.version().id(), live.version());
        assertTrue(Double.isFinite(live.metrics().mase()), run.contenders().toString());
    }

    @Test
    void aCandidateThatIsNotBetterByTheMarginIsRejectedAndTheLiveVersionStays() {
        observations.append(METER, later(SHIFTED, 0, 10));
        var run = accepted(pipeline(settings(null, 0, PipelineSettings.Policy.DEPLOY)).runNow(PipelineRun.Trigger.MANUAL, "test", null));

        assertEquals(PipelineRun.Outcome.REJECTED, run.outcome(), run.detail());
        assertEquals(PipelineRun.State.SUCCEEDED, run.state());
        assertEquals(PipelineStep.State.SKIPPED, run.step("tune").orElseThrow().state(), "no trials in the budget");
        assertTrue(run.step("decide").orElseThrow().detail().startsWith("rejected: MASE"), run.step("decide").orElseThrow().detail());
        assertTrue(run.step("deploy").isEmpty());
        assertNotNull(run.candidateVersion(), "the rejected candidate stays registered, for the record");
        assertEquals(champion.id(), models.live().orElseThrow().version().id());
    }

    @Test
    void aFailedTrainingLeavesTheChampionLiveRecordsWhyAndRaisesAnAlert() {
        observations.append(METER, later(SHIFTED, 30, 11));
        var run = accepted(pipeline(settings("broken", 0, PipelineSettings.Policy.DEPLOY)).runNow(PipelineRun.Trigger.MANUAL, "test", null));

        assertEquals(PipelineRun.State.FAILED, run.state());
        assertEquals(PipelineRun.Outcome.FAILED, run.outcome());
        var train = run.step("train").orElseThrow();
        assertEquals(PipelineStep.State.FAILED, train.state());
        assertTrue(train.detail().contains("the training library crashed"), train.detail());
        assertEquals("train", run.steps().get(run.steps().size() - 1).name(), "nothing after the failed step");
        assertTrue(run.detail().contains(champion.id() + " kept serving"), run.detail());
        assertEquals(champion.id(), models.live().orElseThrow().version().id());
        assertEquals(List.of(champion.id()), registry.list().stream().map(ModelVersion::id).toList(), "nothing registered");
        var open = alerts.list(Alert.State.OPEN, 10);
        assertEquals(1, open.size());
        assertEquals(Alert.Kind.PIPELINE, open.get(0).kind());

        // the next good run resolves it
        accepted(pipeline(settings("seasonal_mean", 0, PipelineSettings.Policy.REGISTER)).runNow(PipelineRun.Trigger.MANUAL, "again", null));
        assertTrue(alerts.list(Alert.State.OPEN, 10).isEmpty());
    }

    @Test
    void oneRunAtATimeAndWrongOptionsAreRefusedNamingTheField() {
        var p = pipeline(settings("seasonal_mean", 0, PipelineSettings.Policy.DEPLOY));
        var refused = assertInstanceOf(RetrainingPipeline.Started.Refused.class,
                p.runNow(PipelineRun.Trigger.MANUAL, "x", new RetrainingPipeline.RunOptions(null, "prophet", null, null, null)));
        assertEquals("algorithm", refused.field());
        refused = assertInstanceOf(RetrainingPipeline.Started.Refused.class,
                p.runNow(PipelineRun.Trigger.MANUAL, "x", new RetrainingPipeline.RunOptions("nowhere", null, null, null, null)));
        assertEquals("series_id", refused.field());
        assertTrue(store.list(10).isEmpty(), "a refused trigger stores nothing");

        store.save(PipelineRun.started("run-going", PipelineRun.Trigger.MANUAL, "elsewhere", "meter", champion.id(), Instant.now()));
        var busy = assertInstanceOf(RetrainingPipeline.Started.Busy.class, p.trigger(PipelineRun.Trigger.MANUAL, "x", null));
        assertEquals("run-going", busy.running().id());

        var canary = PipelineRun.started("run-canary", PipelineRun.Trigger.ALERT, "drift", "meter", champion.id(), Instant.now().minusSeconds(60))
                .withStep(PipelineStep.started(0, "canary", Instant.now())).withExperiment("canary-run-canary");
        store.save(canary);
        assertEquals(1, p.recover(), "a run a stopped process left running; the canary's run goes on");
        assertEquals(PipelineRun.State.RUNNING, store.find("run-canary").orElseThrow().state());
        var ended = store.find("run-going").orElseThrow();
        assertEquals(PipelineRun.State.FAILED, ended.state());
        assertTrue(ended.detail().startsWith("interrupted"), ended.detail());
    }

    @Test
    void aCanaryPromotesTheCandidateWhenItWinsOnLiveTraffic() throws Exception {
        observations.append(METER, later(SHIFTED, 30, 12));
        var p = pipeline(settings("seasonal_mean", 0, PipelineSettings.Policy.CANARY));
        var run = accepted(p.runNow(PipelineRun.Trigger.MANUAL, "test", null));
        assertEquals(PipelineRun.State.RUNNING, run.state(), run.detail());
        assertEquals(PipelineRun.Outcome.CANARY_STARTED, run.outcome());
        var experiment = experiments.find(run.experiment()).orElseThrow();
        assertEquals(List.of(champion.id(), run.candidateVersion()), experiment.arms().stream().map(a -> a.version()).toList());
        assertEquals(0.2, experiment.arms().get(1).weight(), 1e-12);
        assertInstanceOf(RetrainingPipeline.Started.Busy.class, p.trigger(PipelineRun.Trigger.MANUAL, "x", null), "the canary's run is still going");

        // live traffic on the shifted level, then its actuals
        var prediction = new PredictionService(models, Telemetry.NONE, experiments, Serving.unwatched(models, observations, log), recorder, observations);
        var history = observations.history(METER).orElseThrow();
        var future = later(SHIFTED + 24, 30, 12);
        for (int u = 0; u < 300; u++) {
            var result = prediction.predict(new PredictionRequest(ForecastQuery.of(history, 24, Level.P95), null, "meter", "unit-" + u));
            assertInstanceOf(PredictionResult.Predicted.class, result);
        }
        var actuals = new ArrayList<Actuals.Observed>();
        for (int i = SHIFTED; i < SHIFTED + 24; i++) actuals.add(new Actuals.Observed(future.time(i), future.value(i)));
        assertEquals(300 * 24, recorder.score(new Actuals(null, "meter", null, actuals)));
        Thread.sleep(5); // the canary's duration (1e-6 hours) has passed

        p.tick();
        var ended = store.find(run.id()).orElseThrow();
        assertEquals(PipelineRun.Outcome.CANARY_PROMOTED, ended.outcome(), ended.detail());
        assertEquals(PipelineRun.State.SUCCEEDED, ended.state());
        assertEquals(PipelineStep.State.SUCCEEDED, ended.step("canary").orElseThrow().state());
        assertEquals(run.candidateVersion(), models.live().orElseThrow().version().id());
        assertFalse(experiments.find(run.experiment()).orElseThrow().running());
    }

    @Test
    void anAlertOfATriggerKindStartsARunAndOthersDoNot() throws Exception {
        observations.append(METER, later(SHIFTED, 30, 13));
        try (var p = pipeline(settings("seasonal_mean", 0, PipelineSettings.Policy.REGISTER))) {
            alerts.breach(new Alert.Breach("coverage:x", Alert.Kind.COVERAGE, Alert.Severity.WARNING, "x", "coverage", 0.5, 0.85));
            alerts.breach(new Alert.Breach("input_drift:ks:meter", Alert.Kind.INPUT_DRIFT, Alert.Severity.WARNING, "meter", "drift", 0.9, 0.2));
            alerts.breach(new Alert.Breach("input_drift:ks:meter", Alert.Kind.INPUT_DRIFT, Alert.Severity.WARNING, "meter", "drift", 0.9, 0.2));
            var run = waitForEnd(p);
            assertEquals(PipelineRun.Trigger.ALERT, run.trigger());
            assertTrue(run.reason().startsWith("alert input_drift:ks:meter"), run.reason());
            assertEquals(PipelineRun.Outcome.REGISTERED, run.outcome(), run.detail());
            assertEquals(1, store.list(10).size(), "one run: the coverage alert is not a trigger and the repeated drift alert was already open");
        }
    }

    @Test
    void theScheduleStartsARunWhenTheLastOneIsOlderThanTheInterval() throws Exception {
        var every = new PipelineSettings(null, "seasonal_mean", Hyperparameters.NONE, null, 0, null, PipelineSettings.Policy.REGISTER, 0.05,
                Duration.ofHours(6), Set.of(), new PipelineSettings.Canary(0.2, 5, 1), new PipelineSettings.Rollback(true, 0.5, 20));
        var clock = new MutableClock(Instant.parse("2024-06-01T00:00:00Z"));
        try (var p = new RetrainingPipeline(every, store, observations, training, models, deployment, experiments, alerts, Telemetry.NONE, clock)) {
            p.tick();
            var first = waitForEnd(p);
            assertEquals(PipelineRun.Trigger.SCHEDULE, first.trigger());
            assertEquals("scheduled every PT6H", first.reason());
            clock.now = clock.now.plus(Duration.ofHours(5));
            p.tick();
            assertEquals(1, store.list(10).size(), "not due yet");
            clock.now = clock.now.plus(Duration.ofHours(1));
            p.tick();
            waitForEnd(p);
            assertEquals(2, store.list(10).size(), "due after six hours");
        }
    }

    @Test
    void aRunWithoutAJobIsLeftToTheReplicaThatStoredItForAMinuteThenEnded() throws Exception {
        var clock = new MutableClock(Instant.parse("2024-06-01T00:00:00Z"));
        try (var p = new RetrainingPipeline(settings("seasonal_mean", 0, PipelineSettings.Policy.REGISTER), store, observations, training, models,
                deployment, experiments, alerts, Telemetry.NONE, clock);
             var workers = new forecast.domain.jobs.JobWorkers(new forecast.domain.memory.InMemoryJobQueue(),
                     forecast.domain.jobs.JobWorkers.Settings.DEFAULTS, clock)) {
            p.runAsJobs(workers);
            // another replica stored it and is about to queue its job: not ours to end yet
            store.save(PipelineRun.started("run-elsewhere", PipelineRun.Trigger.MANUAL, "x", "meter", champion.id(), clock.now));
            assertEquals(0, p.recover());
            p.tick();
            assertEquals(PipelineRun.State.RUNNING, store.find("run-elsewhere").orElseThrow().state());
            assertInstanceOf(RetrainingPipeline.Started.Busy.class, p.trigger(PipelineRun.Trigger.MANUAL, "x", null));
            // still without a job after the grace: its process died in between, and the leader's tick ends it
            clock.now = clock.now.plus(RetrainingPipeline.ORPHAN_GRACE).plusSeconds(1);
            p.tick();
            var ended = store.find("run-elsewhere").orElseThrow();
            assertEquals(PipelineRun.State.FAILED, ended.state());
            assertTrue(ended.detail().startsWith("interrupted before its first step"), ended.detail());
        }
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aPromotionWhoseLiveAccuracyDegradesIsRolledBackWithACriticalAlert() throws Exception {
        // the candidate is deployed, then live actuals show it far worse than the champion's backtest
        observations.append(METER, later(SHIFTED, 30, 14));
        var run = accepted(pipeline(settings("seasonal_mean", 0, PipelineSettings.Policy.DEPLOY)).runNow(PipelineRun.Trigger.MANUAL, "test", null));
        assertEquals(PipelineRun.Outcome.DEPLOYED, run.outcome(), run.detail());
        var monitoring = new MonitoringSettings(MonitoringSettings.Recording.ALL, 0, 4, 1, 500, 20, 0.5, 0.1, 0.1, 25, Duration.ofMinutes(1));
        var monitor = new Monitor(monitoring, models, observations, log, List.of(), alerts, Telemetry.NONE, Clock.systemUTC());
        var intake = new ActualsIntake(observations, recorder, monitor);
        var guard = new RollbackGuard(new PipelineSettings.Rollback(true, 0.5, 20), deployment, registry, monitor, alerts);
        var prediction = new PredictionService(models, Telemetry.NONE, experiments, monitor, recorder, observations);
        var history = observations.history(METER).orElseThrow();
        prediction.predict(new PredictionRequest(ForecastQuery.of(history, 24, Level.P95), null, "meter", null));
        assertTrue(guard.check().isEmpty(), "no scored points yet");

        var actuals = new ArrayList<Actuals.Observed>();
        var times = history.futureTimes(24);
        for (var t : times) actuals.add(new Actuals.Observed(t, 400)); // the world quadrupled
        assertEquals(24, intake.receive(new Actuals(null, "meter", null, actuals)).scoredPoints());
        var rolledBack = assertInstanceOf(DeploymentResult.Changed.class, guard.check().orElseThrow());
        assertEquals(champion.id(), rolledBack.event().version());
        assertEquals(champion.id(), models.live().orElseThrow().version().id());
        var alert = alerts.list(Alert.State.OPEN, 10).stream().filter(a -> a.kind() == Alert.Kind.ROLLBACK).findFirst().orElseThrow();
        assertEquals(Alert.Severity.CRITICAL, alert.severity());
        assertTrue(alert.message().contains("rolled back from " + run.candidateVersion() + " to " + champion.id()), alert.message());
        assertTrue(guard.check().isEmpty(), "a rollback is not judged again");
    }

    private PipelineRun waitForEnd(RetrainingPipeline p) throws InterruptedException {
        for (int i = 0; i < 3000; i++) {
            var runs = store.list(10);
            if (!runs.isEmpty() && runs.stream().noneMatch(PipelineRun::running)) return runs.get(0);
            Thread.sleep(10);
        }
        throw new AssertionError("no run ended: " + store.list(10));
    }
}
