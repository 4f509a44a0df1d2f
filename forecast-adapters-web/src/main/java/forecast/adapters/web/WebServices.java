package forecast.adapters.web;

import forecast.domain.deployment.DeploymentService;
import forecast.domain.experiment.ExperimentService;
import forecast.domain.monitoring.Alerts;
import forecast.domain.monitoring.Monitor;
import forecast.domain.observation.ObservationStore;
import forecast.domain.pipeline.RetrainingPipeline;
import forecast.domain.recording.ActualsIntake;
import forecast.domain.registry.ModelRegistry;
import forecast.domain.serving.LiveModels;
import forecast.domain.serving.ModelHealth;
import forecast.domain.serving.PredictionService;
import forecast.domain.training.TrainingJobs;
import forecast.domain.training.TuningJobs;
import forecast.domain.tuning.Studies;

/**
 * The use cases the HTTP API exposes; {@code models} also backs the health check and the
 * {@code forecast_models_loaded} gauge. {@code studies} serves the ask-and-tell studies and the
 * study listings, so it should be the one {@code tuning}'s forecaster tuning creates its studies
 * with (or share its store). {@code experiments} should be the one {@code prediction} routes by,
 * so that the A/B tests the API starts take its traffic. {@code actuals} takes the actuals in and
 * should tell {@code monitor}, which reports drift and live accuracy; {@code alerts} should be the
 * one the monitor raises alerts through (its open alerts seed the {@code forecast_alerts_open} gauge
 * when the server starts). {@code observations} are the stored series that {@code /series} uploads
 * and reads, which training, the actuals and the monitor use.
 * {@code health} says whether each model's live version can serve its series (the readiness check).
 */
public record WebServices(PredictionService prediction, DeploymentService deployment, ModelRegistry registry, LiveModels models,
                          TrainingJobs training, Studies studies, TuningJobs tuning, ExperimentService experiments, Monitor monitor,
                          ActualsIntake actuals, Alerts alerts, RetrainingPipeline pipeline, ObservationStore observations, ModelHealth health) {
    public WebServices {
        if (prediction == null || deployment == null || registry == null || models == null || training == null || studies == null
                || tuning == null || experiments == null || monitor == null || actuals == null || alerts == null || pipeline == null || observations == null
                || health == null)
            throw new IllegalArgumentException("every service is required");
    }
}
