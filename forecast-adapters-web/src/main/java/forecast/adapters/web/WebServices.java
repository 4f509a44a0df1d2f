package forecast.adapters.web;

import forecast.domain.deployment.DeploymentService;
import forecast.domain.registry.ModelRegistry;
import forecast.domain.serving.LiveModels;
import forecast.domain.serving.PredictionService;
import forecast.domain.training.TrainingJobs;

/** The use cases the HTTP API exposes; {@code models} also backs the health check. */
public record WebServices(PredictionService prediction, DeploymentService deployment, ModelRegistry registry, LiveModels models,
                          TrainingJobs training) {
    public WebServices {
        if (prediction == null || deployment == null || registry == null || models == null || training == null)
            throw new IllegalArgumentException("every service is required");
    }
}
