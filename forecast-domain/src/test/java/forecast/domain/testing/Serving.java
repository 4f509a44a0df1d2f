package forecast.domain.testing;

import forecast.domain.deployment.DeploymentService;
import forecast.domain.experiment.ExperimentService;
import forecast.domain.memory.InMemoryAlertStore;
import forecast.domain.memory.InMemoryExperimentStore;
import forecast.domain.memory.InMemoryPredictionLog;
import forecast.domain.monitoring.Alerts;
import forecast.domain.monitoring.Monitor;
import forecast.domain.monitoring.MonitoringSettings;
import forecast.domain.observation.ObservationStore;
import forecast.domain.recording.PredictionLog;
import forecast.domain.recording.PredictionRecorder;
import forecast.domain.registry.ModelRegistry;
import forecast.domain.serving.LiveModels;
import forecast.domain.serving.PredictionService;
import forecast.domain.telemetry.Telemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Prediction wired for tests whose subject lies elsewhere. {@link PredictionService} needs its
 * experiments, monitor and recorder; here the monitor records only A/B traffic and has no drift
 * detector, so that prediction behaves as it did before it was monitored.
 */
public final class Serving {
    /** Records the forecasts of A/B-test arms only. */
    public static final MonitoringSettings EXPERIMENTS_ONLY = new MonitoringSettings(MonitoringSettings.Recording.EXPERIMENTS, 0, 4, 1, 500, 50,
            0.5, 0.10, 0.1, 25, Duration.ofMinutes(1));

    private Serving() {}

    /** A monitor that asks for no recording outside experiments and raises alerts nobody hears. */
    public static Monitor unwatched(LiveModels models, ObservationStore observations, PredictionLog log) {
        var alerts = new Alerts(new InMemoryAlertStore(), List.of(), Telemetry.NONE, Clock.systemUTC());
        return new Monitor(EXPERIMENTS_ONLY, models, observations, log, List.of(), alerts, Telemetry.NONE, Clock.systemUTC());
    }

    /** Prediction with no experiment running and nothing recorded: requests go to the named or the live version. */
    public static PredictionService prediction(ModelRegistry registry, LiveModels models, ObservationStore observations) {
        var log = new InMemoryPredictionLog();
        var recorder = new PredictionRecorder(log, PredictionRecorder.Settings.defaults(), null, Telemetry.NONE);
        var deployment = new DeploymentService(registry, models, Clock.systemUTC(), Telemetry.NONE);
        var experiments = new ExperimentService(new InMemoryExperimentStore(), log, recorder, models, deployment, new NormalApproximation(),
                Clock.systemUTC());
        return new PredictionService(models, Telemetry.NONE, experiments, unwatched(models, observations, log), recorder, observations);
    }
}
