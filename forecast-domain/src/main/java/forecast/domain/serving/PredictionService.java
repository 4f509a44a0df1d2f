package forecast.domain.serving;

import forecast.domain.experiment.ExperimentService;
import forecast.domain.experiment.PredictionRecord;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import forecast.domain.forecasting.InsufficientHistoryException;
import forecast.domain.series.InvalidInputException;
import forecast.domain.telemetry.Telemetry;

/** Predict: forecast a request's history with the named or the live model, in memory. */
public final class PredictionService {
    private final LiveModels models;
    private final Telemetry telemetry;
    private final ExperimentService experiments;

    public PredictionService(LiveModels models, Telemetry telemetry) {
        this(models, telemetry, null);
    }

    /** Prediction with A/B tests: requests that name no version go to the arm a running experiment assigns. */
    public PredictionService(LiveModels models, Telemetry telemetry, ExperimentService experiments) {
        this.models = models;
        this.telemetry = telemetry;
        this.experiments = experiments;
    }

    public PredictionResult predict(PredictionRequest request) {
        long started = System.nanoTime();
        var routing = request.modelVersion() == null && experiments != null
                ? experiments.route(request.seriesId(), request.unitId()) : Optional.<ExperimentService.Routing>empty();
        Instant requestedAt = routing.isPresent() ? Instant.now() : null; // only experiment traffic is recorded
        var model = routing.isPresent() ? models.resolve(routing.get().arm().version())
                : request.modelVersion() == null ? models.live() : models.resolve(request.modelVersion());
        if (model.isEmpty()) {
            telemetry.predictionRefused(request.modelVersion() == null ? "no_live_model" : "unknown_version");
            return request.modelVersion() == null ? new PredictionResult.NoLiveModel() : new PredictionResult.UnknownVersion(request.modelVersion());
        }
        var version = model.get().version();
        try {
            var forecast = model.get().model().forecast(request.query());
            long nanos = System.nanoTime() - started;
            telemetry.predictionServed(version.id(), request.query().horizon().steps(), nanos);
            if (routing.isEmpty()) return new PredictionResult.Predicted(forecast, version, nanos);
            var r = routing.get();
            String id = timeOrderedId();
            experiments.record(new PredictionRecord(id, r.experiment().name(), version.id(), request.unitId(), request.seriesId(), requestedAt,
                    nanos, forecast.times(), forecast.means()));
            telemetry.experimentAssigned(r.experiment().name(), version.id());
            return new PredictionResult.Predicted(forecast, version, nanos, r, id);
        } catch (InsufficientHistoryException e) {
            telemetry.predictionRefused("insufficient_history");
            return new PredictionResult.InsufficientHistory(version.id(), e.required(), e.actual());
        } catch (InvalidInputException e) {
            telemetry.predictionRefused("incompatible_series");
            return new PredictionResult.Incompatible(version.id(), e.violations());
        }
    }

    /**
     * A UUID version 7: the time in milliseconds, then random bits. Ids that grow with time keep the
     * prediction log's inserts at the end of its indexes instead of all over them (random UUIDs made
     * every batch read pages from disk).
     */
    static String timeOrderedId() {
        var random = java.util.concurrent.ThreadLocalRandom.current();
        long msb = (System.currentTimeMillis() << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb).toString();
    }
}
