package forecast.domain.serving;

import forecast.domain.experiment.ExperimentService;
import forecast.domain.forecasting.Forecast;
import forecast.domain.registry.ModelVersion;
import forecast.domain.series.Violation;
import java.util.List;

/** How a prediction ended. */
public sealed interface PredictionResult {
    /**
     * The forecast, the version that made it, and how long it took; with the experiment and arm
     * and the prediction's id (to send actuals for it) when an experiment routed it.
     */
    record Predicted(Forecast forecast, ModelVersion version, long nanos, ExperimentService.Routing routing, String predictionId)
            implements PredictionResult {
        public Predicted(Forecast forecast, ModelVersion version, long nanos) {
            this(forecast, version, nanos, null, null);
        }
    }

    /** No version has that id or label. */
    record UnknownVersion(String reference) implements PredictionResult {}

    /** No version of {@code model} is deployed and none was named. */
    record NoLiveModel(String model) implements PredictionResult {}

    /**
     * {@code version} covers several series but not {@code seriesId} (a local family has no model of
     * it), or no series is stored under that id when the request sent no history; {@code detail} says which.
     */
    record UnknownSeries(String version, String seriesId, String detail) implements PredictionResult {}

    /** The history is shorter than the model needs. */
    record InsufficientHistory(String version, int required, int actual) implements PredictionResult {}

    /** The history does not fit the model (frequency, feature columns). */
    record Incompatible(String version, List<Violation> violations) implements PredictionResult {}
}
