package forecast.adapters.web;

import forecast.domain.deployment.DeploymentService;
import forecast.domain.registry.ModelRegistry;
import forecast.domain.serving.LiveModels;
import forecast.domain.serving.PredictionService;

/** The use cases the HTTP API exposes; {@code models} also backs the health check. */
public record WebServices(PredictionService prediction, DeploymentService deployment, ModelRegistry registry, LiveModels models) {
    public WebServices {
        if (prediction == null || deployment == null || registry == null || models == null)
            throw new IllegalArgumentException("every service is required");
    }
}
