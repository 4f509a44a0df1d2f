package forecast.app;

import forecast.adapters.ml.MlAdapters;
import forecast.adapters.persistence.Persistence;
import forecast.adapters.persistence.PersistenceAdapters;
import forecast.adapters.web.ForecastServer;
import forecast.adapters.web.WebAdapters;
import forecast.adapters.web.WebServices;
import forecast.domain.deployment.DeploymentService;
import forecast.domain.serving.LiveModels;
import forecast.domain.serving.PredictionService;
import forecast.domain.training.TrainingService;
import java.time.Clock;

/** The composition root: every adapter wired to the use cases with plain constructors. */
public final class Application implements AutoCloseable {
    private final Persistence persistence;
    private final ForecastServer server;

    private Application(Persistence persistence, ForecastServer server) {
        this.persistence = persistence;
        this.server = server;
    }

    /** Opens the database, makes sure a model is live, and starts serving. */
    public static Application start(ForecastConfig config) {
        var persistence = PersistenceAdapters.openH2(config.dataDir());
        try {
            var forecasters = MlAdapters.forecasters();
            var telemetry = WebAdapters.telemetry();
            var registry = persistence.modelRegistry();
            var models = new LiveModels(registry, forecasters);
            var training = new TrainingService(forecasters, registry, telemetry);
            var deployment = new DeploymentService(registry, models, Clock.systemUTC(), telemetry);
            var prediction = new PredictionService(models, telemetry);
            new Bootstrap(config.bootstrap(), registry, persistence.observationStore(), training, deployment, models).ensureLiveModel();
            var server = ForecastServer.start(config.web(), new WebServices(prediction, deployment, registry, models));
            return new Application(persistence, server);
        } catch (RuntimeException e) {
            persistence.close();
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        persistence.close();
    }
}
