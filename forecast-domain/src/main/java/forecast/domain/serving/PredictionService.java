package forecast.domain.serving;

import forecast.domain.forecasting.InsufficientHistoryException;
import forecast.domain.series.InvalidInputException;
import forecast.domain.telemetry.Telemetry;

/** Predict: forecast a request's history with the named or the live model, in memory. */
public final class PredictionService {
    private final LiveModels models;
    private final Telemetry telemetry;

    public PredictionService(LiveModels models, Telemetry telemetry) {
        this.models = models;
        this.telemetry = telemetry;
    }

    public PredictionResult predict(PredictionRequest request) {
        long started = System.nanoTime();
        var model = request.modelVersion() == null ? models.live() : models.resolve(request.modelVersion());
        if (model.isEmpty()) {
            telemetry.predictionRefused(request.modelVersion() == null ? "no_live_model" : "unknown_version");
            return request.modelVersion() == null ? new PredictionResult.NoLiveModel() : new PredictionResult.UnknownVersion(request.modelVersion());
        }
        var version = model.get().version();
        try {
            var forecast = model.get().model().forecast(request.query());
            long nanos = System.nanoTime() - started;
            telemetry.predictionServed(version.id(), request.query().horizon().steps(), nanos);
            return new PredictionResult.Predicted(forecast, version, nanos);
        } catch (InsufficientHistoryException e) {
            telemetry.predictionRefused("insufficient_history");
            return new PredictionResult.InsufficientHistory(version.id(), e.required(), e.actual());
        } catch (InvalidInputException e) {
            telemetry.predictionRefused("incompatible_series");
            return new PredictionResult.Incompatible(version.id(), e.violations());
        }
    }
}
