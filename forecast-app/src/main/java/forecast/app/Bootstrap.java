package forecast.app;

import forecast.domain.deployment.DeploymentResult;
import forecast.domain.deployment.DeploymentService;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.observation.ObservationStore;
import forecast.domain.registry.ModelRegistry;
import forecast.domain.serving.LiveModels;
import forecast.domain.training.TrainingRequest;
import forecast.domain.training.TrainingResult;
import forecast.domain.training.TrainingService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Makes sure a model is ready to answer at start-up. A later start loads the live version from the
 * database without retraining. The first start (empty registry) trains the model that
 * {@code model_config.json} describes on the bootstrap series, stores that series as history,
 * registers and deploys the model. A start after a crash between registering and deploying finds
 * the registered version and deploys it instead of training again.
 */
final class Bootstrap {
    private static final Logger LOG = System.getLogger(Bootstrap.class.getName());

    private final ForecastConfig.Bootstrap settings;
    private final ModelRegistry registry;
    private final ObservationStore observations;
    private final TrainingService training;
    private final DeploymentService deployment;
    private final LiveModels models;

    Bootstrap(ForecastConfig.Bootstrap settings, ModelRegistry registry, ObservationStore observations,
              TrainingService training, DeploymentService deployment, LiveModels models) {
        this.settings = settings;
        this.registry = registry;
        this.observations = observations;
        this.training = training;
        this.deployment = deployment;
        this.models = models;
    }

    void ensureLiveModel() {
        for (var loaded : models.restore())
            LOG.log(Level.INFO, "loaded {0}''s live version {1} ({2}) from the registry", loaded.version().model(), loaded.version().id(),
                    loaded.version().algorithm());
        if (models.live().isPresent()) return;
        if (settings == null) {
            LOG.log(Level.WARNING, "no live model and bootstrap is disabled: /predict answers 503 until a model is deployed");
            return;
        }
        try {
            var config = ModelConfig.read(settings.modelConfig());
            var registered = config.label() == null ? java.util.Optional.<forecast.domain.registry.ModelVersion>empty() : registry.find(config.label());
            String version;
            if (registered.isPresent()) {
                version = registered.get().id();
                LOG.log(Level.INFO, "found {0} registered but not deployed; deploying it", version);
            } else {
                version = train(config);
            }
            var result = deployment.deploy(version, "bootstrap: first start", "system");
            if (!(result instanceof DeploymentResult.Changed)) {
                if (bootstrappedElsewhere()) return;
                throw new IllegalStateException("could not deploy the bootstrap model: " + result);
            }
            LOG.log(Level.INFO, "deployed {0}; ready to forecast", version);
        } catch (LabelTakenElsewhere e) {
            if (!bootstrappedElsewhere()) throw new IllegalStateException("label " + e.getMessage() + " is taken");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bootstrap data", e);
        }
    }

    /**
     * Whether another replica on the same database bootstrapped while this one did (replicas
     * starting together on a new database each find it empty): then this one serves what that one
     * deployed, once it is live. Waits a little for the other's deploy to commit.
     */
    private boolean bootstrappedElsewhere() {
        for (int attempt = 0; attempt < 600; attempt++) {
            models.restore();
            if (models.live().isPresent()) {
                LOG.log(Level.INFO, "another replica bootstrapped {0} at the same time; serving it", models.live().get().version().id());
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** The bootstrap label was registered by someone else meanwhile: another replica bootstrapping. */
    private static final class LabelTakenElsewhere extends RuntimeException {
        LabelTakenElsewhere(String label) {
            super(label, null, false, false);
        }
    }

    private String train(ModelConfig config) throws IOException {
        LOG.log(Level.INFO, "first start: training {0} on {1}", config.algorithm(), settings.trainFile());
        var series = SeriesCsv.read(settings.trainFile());
        if (config.frequency() != null) series = series.withFrequency(config.frequency());
        observations.append(config.seriesId(), series);
        var params = config.hyperparameters().with(new Hyperparameters(settings.hyperparameters()));
        var request = new TrainingRequest(config.seriesId(), series, config.algorithm(), params, config.imputation(), config.label());
        var result = training.train(request, message -> LOG.log(Level.INFO, message));
        return switch (result) {
            case TrainingResult.Trained t -> {
                models.add(t.version(), t.model());
                yield t.version().id();
            }
            case TrainingResult.UnknownAlgorithm u -> throw new IllegalStateException("model_config.json names unknown algorithm " + u.algorithm() + "; known: " + u.known());
            case TrainingResult.InsufficientHistory i -> throw new IllegalStateException("the bootstrap series is too short: " + i.actual() + " < " + i.required());
            case TrainingResult.LabelTaken l -> throw new LabelTakenElsewhere(l.label()); // it was free a moment ago
            case TrainingResult.InvalidHyperparameters h -> throw new IllegalStateException("invalid bootstrap hyperparameters: " + h.message());
            case TrainingResult.TuningFailed f -> throw new IllegalStateException("bootstrap tuning failed: " + f.field() + ": " + f.message());
            case TrainingResult.NoSeriesTrained n -> throw new IllegalStateException("the bootstrap series could not be trained: " + n.reasons());
        };
    }
}
