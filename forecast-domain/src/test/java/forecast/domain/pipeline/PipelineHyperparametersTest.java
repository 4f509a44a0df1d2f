package forecast.domain.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.deployment.DeploymentService;
import forecast.domain.experiment.ExperimentService;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.memory.InMemoryAlertStore;
import forecast.domain.memory.InMemoryExperimentStore;
import forecast.domain.memory.InMemoryModelRegistry;
import forecast.domain.memory.InMemoryObservationStore;
import forecast.domain.memory.InMemoryPipelineStore;
import forecast.domain.memory.InMemoryPredictionLog;
import forecast.domain.monitoring.Alerts;
import forecast.domain.preprocessing.Imputation;
import forecast.domain.recording.PredictionRecorder;
import forecast.domain.series.SeriesId;
import forecast.domain.serving.LiveModels;
import forecast.domain.telemetry.Telemetry;
import forecast.domain.testing.LastSeasonForecaster;
import forecast.domain.testing.NormalApproximation;
import forecast.domain.testing.SeasonalMeanForecaster;
import forecast.domain.testing.Series;
import forecast.domain.training.TrainingRequest;
import forecast.domain.training.TrainingResult;
import forecast.domain.training.TrainingService;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pipeline's fixed settings, configured or given for one run, are held to what the family accepts. */
class PipelineHyperparametersTest {
    static final SeriesId METER = new SeriesId("meter");

    final InMemoryModelRegistry registry = new InMemoryModelRegistry();
    final List<forecast.domain.forecasting.Forecaster> forecasters = List.of(new SeasonalMeanForecaster(), new LastSeasonForecaster());
    final LiveModels models = new LiveModels(registry, forecasters);
    final DeploymentService deployment = new DeploymentService(registry, models, Clock.systemUTC(), Telemetry.NONE);
    final TrainingService training = new TrainingService(forecasters, registry, Telemetry.NONE);
    final InMemoryObservationStore observations = new InMemoryObservationStore();
    final InMemoryPredictionLog log = new InMemoryPredictionLog();
    final PredictionRecorder recorder = new PredictionRecorder(log, PredictionRecorder.Settings.defaults(), null, Telemetry.NONE);
    final ExperimentService experiments = new ExperimentService(new InMemoryExperimentStore(), log, recorder, models, deployment,
            new NormalApproximation(), Clock.systemUTC());
    final Alerts alerts = new Alerts(new InMemoryAlertStore(), List.of(), Telemetry.NONE, Clock.systemUTC());
    final InMemoryPipelineStore store = new InMemoryPipelineStore();

    PipelineHyperparametersTest() {
        var history = Series.hourly(400, 1.0, 7);
        observations.append(METER, history);
        var trained = (TrainingResult.Trained) training.train(new TrainingRequest(METER, history, "seasonal_mean", Hyperparameters.NONE, Imputation.LINEAR, "live"));
        models.add(trained.version(), trained.model());
        deployment.deploy(trained.version().id(), "first", "test");
    }

    @AfterEach
    void close() {
        alerts.close();
        recorder.close();
    }

    RetrainingPipeline pipeline(Hyperparameters configured) {
        var settings = new PipelineSettings(null, null, configured, null, 0, null, PipelineSettings.Policy.REGISTER, 0.05, null, Set.of(),
                new PipelineSettings.Canary(0.2, 5, 1), new PipelineSettings.Rollback(false, 0.5, 20));
        return new RetrainingPipeline(settings, store, observations, training, models, deployment, experiments, alerts, Telemetry.NONE, Clock.systemUTC());
    }

    @Test
    void anUnknownConfiguredOrRequestedSettingRefusesTheRunNamingIt() {
        var refused = assertInstanceOf(RetrainingPipeline.Started.Refused.class,
                pipeline(Hyperparameters.of("periodd", "24")).runNow(PipelineRun.Trigger.MANUAL, "x", null));
        assertEquals("hyperparameters.periodd", refused.field());
        assertEquals("unknown hyperparameter 'periodd' for seasonal_mean; accepted: period", refused.reason());
        refused = assertInstanceOf(RetrainingPipeline.Started.Refused.class, pipeline(Hyperparameters.NONE).runNow(PipelineRun.Trigger.MANUAL, "x",
                new RetrainingPipeline.RunOptions(null, null, Hyperparameters.of("window", "3"), null, null)));
        assertEquals("hyperparameters.window", refused.field());
        assertTrue(store.list(10).isEmpty(), "a refused trigger stores nothing");
    }

    @Test
    void theLiveVersionsRecordedSettingsStillWarmStartAndTrain() {
        var run = assertInstanceOf(RetrainingPipeline.Started.Accepted.class,
                pipeline(Hyperparameters.of("period", "24")).runNow(PipelineRun.Trigger.MANUAL, "x", null)).run();
        assertEquals(PipelineRun.State.SUCCEEDED, run.state(), run.detail());
    }

    @Test
    void aRunRetrainsWithTheLiveVersionsImputationFromItsProvenanceAndIgnoresNotesGivenAsSettings() {
        var history = observations.history(METER).orElseThrow();
        var filled = (TrainingResult.Trained) training.train(new TrainingRequest(METER, history, "seasonal_mean", Hyperparameters.of("period", "24"),
                Imputation.FORWARD_FILL, "filled"));
        models.add(filled.version(), filled.model());
        deployment.deploy(filled.version().id(), "forward fill", "test");
        assertEquals(Hyperparameters.of("period", "24"), filled.version().hyperparameters());

        // an old client gives back what it read as the live version's hyperparameters, notes included
        var given = Hyperparameters.of("period", "24", "imputation", "seasonal", "tuned_by", "study s, trial 3");
        var run = assertInstanceOf(RetrainingPipeline.Started.Accepted.class, pipeline(Hyperparameters.NONE).runNow(PipelineRun.Trigger.MANUAL, "x",
                new RetrainingPipeline.RunOptions(null, null, given, null, null))).run();
        assertEquals(PipelineRun.State.SUCCEEDED, run.state(), run.detail());
        assertTrue(run.step("validate").orElseThrow().detail().contains("filled by forward_fill imputation"), run.step("validate").orElseThrow().detail());
        var candidate = registry.find(run.candidateVersion()).orElseThrow();
        assertEquals(Hyperparameters.of("period", "24"), candidate.hyperparameters(), "only what the algorithm accepts");
        assertEquals(java.util.Map.of("imputation", "forward_fill", "trained_by", "pipeline " + run.id(), "intervals", "conformal"), candidate.provenance().notes());
    }
}
