package forecast.domain.serving;

import forecast.domain.experiment.ExperimentService;
import forecast.domain.forecasting.Forecast;
import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.InsufficientHistoryException;
import forecast.domain.observation.ObservationStore;
import forecast.domain.recording.PredictionRecord;
import forecast.domain.recording.PredictionRecorder;
import forecast.domain.series.InvalidInputException;
import forecast.domain.series.SeriesId;
import forecast.domain.telemetry.Telemetry;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Predict: forecast a request's history, or a stored series, with the named or the live model, in
 * memory. A request that names no version goes to the arm a running experiment assigns; the
 * forecasts of experiment arms, and those the monitor's recording policy asks for, are recorded so
 * that actuals can score them; requested histories feed the monitor's input-drift windows.
 */
public final class PredictionService {
    private final LiveModels models;
    private final Telemetry telemetry;
    private final ExperimentService experiments;
    private final RequestWatch monitor;
    private final PredictionRecorder recorder;
    private final ObservationStore observations;

    /**
     * Every collaborator is required: with no experiment running, all traffic goes to the named or
     * live version, and the monitor's settings say whether anything outside experiments is
     * recorded. {@code observations} serve a request that names a stored series and sends no
     * history ("the next 14 days of shop 7").
     */
    public PredictionService(LiveModels models, Telemetry telemetry, ExperimentService experiments, RequestWatch monitor, PredictionRecorder recorder,
                             ObservationStore observations) {
        this.models = Objects.requireNonNull(models, "models");
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
        this.experiments = Objects.requireNonNull(experiments, "experiments");
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.observations = Objects.requireNonNull(observations, "observations");
    }

    public PredictionResult predict(PredictionRequest request) {
        long started = System.nanoTime();
        String modelName = request.model();
        var routing = request.modelVersion() == null
                ? experiments.route(modelName, request.seriesId(), request.unitId()) : Optional.<ExperimentService.Routing>empty();
        boolean recorded = routing.isPresent() || monitor.records(request.seriesId(), request.unitId());
        Instant requestedAt = recorded ? Instant.now() : null; // the clock is read only for what is recorded
        var model = routing.isPresent() ? models.resolve(modelName, routing.get().arm().version())
                : request.modelVersion() == null ? models.live(modelName) : models.resolve(modelName, request.modelVersion());
        if (model.isEmpty()) {
            telemetry.predictionRefused(request.modelVersion() == null ? "no_live_model" : "unknown_version", null); // not the client's text: it would make a metric series per typo
            return request.modelVersion() == null ? new PredictionResult.NoLiveModel(modelName) : new PredictionResult.UnknownVersion(request.modelVersion());
        }
        var version = model.get().version();
        try {
            var query = request.query();
            if (query == null) {
                var stored = observations.history(new SeriesId(request.seriesId()));
                if (stored.isEmpty()) {
                    telemetry.predictionRefused("unknown_series", version.id());
                    return new PredictionResult.UnknownSeries(version.id(), request.seriesId(), "no series " + request.seriesId()
                            + " is stored; send its history in data, or store it through PUT /series/" + request.seriesId());
                }
                query = new ForecastQuery(stored.get(), request.stored().horizon(), request.stored().levels(), List.of());
            }
            Forecast forecast;
            var portfolio = model.get().portfolio();
            if (portfolio == null) {
                forecast = model.get().model().forecast(query);
            } else {
                var made = portfolio.forecast(request.seriesId(), query);
                if (made.isEmpty()) {
                    telemetry.predictionRefused("unknown_series", version.id());
                    return new PredictionResult.UnknownSeries(version.id(), request.seriesId(), request.seriesId() == null
                            ? "version " + version.id() + " has one model per series (" + portfolio.series().size() + " series): name the series in series_id"
                            : "version " + version.id() + " has no model of series " + request.seriesId() + "; it covers " + portfolio.series().size()
                              + " series" + (portfolio.series().size() <= 5 ? " " + portfolio.series() : ""));
                }
                forecast = made.get();
            }
            long nanos = System.nanoTime() - started;
            telemetry.predictionServed(version.id(), request.horizon().steps(), nanos);
            if (request.query() != null) monitor.observeRequest(request.seriesId(), request.query().history());
            if (!recorded) return new PredictionResult.Predicted(forecast, version, nanos);
            var r = routing.orElse(null);
            String id = timeOrderedId();
            recorder.record(record(id, r, version.id(), request, requestedAt, nanos, forecast));
            if (r != null) telemetry.experimentAssigned(r.experiment().name(), version.id());
            return new PredictionResult.Predicted(forecast, version, nanos, r, id);
        } catch (InsufficientHistoryException e) {
            telemetry.predictionRefused("insufficient_history", version.id());
            return new PredictionResult.InsufficientHistory(version.id(), e.required(), e.actual());
        } catch (InvalidInputException e) {
            telemetry.predictionRefused("incompatible_series", version.id());
            return new PredictionResult.Incompatible(version.id(), e.violations());
        }
    }

    /** The record of a forecast, with its interval at the request's first level when it has one. */
    private static PredictionRecord record(String id, ExperimentService.Routing r, String version, PredictionRequest request, Instant at, long nanos,
                                           Forecast forecast) {
        var levels = request.levels();
        var level = levels.isEmpty() ? null : levels.get(0);
        if (level == null || !forecast.hasIntervals(level))
            return new PredictionRecord(id, r == null ? null : r.experiment().name(), version, request.unitId(), request.seriesId(), at, nanos,
                    forecast.times(), forecast.means());
        var points = forecast.points();
        double[] lower = new double[points.size()];
        double[] upper = new double[points.size()];
        for (int i = 0; i < lower.length; i++) {
            var interval = points.get(i).interval(level).orElseThrow();
            lower[i] = interval.lo();
            upper[i] = interval.hi();
        }
        return new PredictionRecord(id, r == null ? null : r.experiment().name(), version, request.unitId(), request.seriesId(), at, nanos,
                forecast.times(), forecast.means(), level.fraction(), lower, upper);
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
