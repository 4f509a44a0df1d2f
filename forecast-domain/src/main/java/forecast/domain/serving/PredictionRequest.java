package forecast.domain.serving;

import forecast.domain.forecasting.Horizon;
import forecast.domain.forecasting.Level;
import forecast.domain.registry.ModelNames;
import java.util.List;

import forecast.domain.forecasting.ForecastQuery;

/**
 * Forecast {@code query} with the model {@code model} (null: {@code default}): the version named
 * {@code modelVersion} (id or label), or when null the arm a running experiment of the model
 * assigns to this series and unit (sticky by {@code unitId}), or the model's live version. Without
 * a query ({@code stored} instead), the history is the stored series {@code seriesId}'s.
 */
public record PredictionRequest(String model, ForecastQuery query, String modelVersion, String seriesId, String unitId, Stored stored) {
    /** What is asked of a stored series' history: {@code horizon} steps with intervals at {@code levels}. */
    public record Stored(Horizon horizon, List<Level> levels) {
        public Stored {
            if (horizon == null) throw new IllegalArgumentException("horizon is required");
            levels = List.copyOf(levels);
        }
    }

    public PredictionRequest {
        if ((query == null) == (stored == null)) throw new IllegalArgumentException("either a query or a stored series' question is required");
        if (stored != null && seriesId == null) throw new IllegalArgumentException("a forecast of a stored series names the series");
        if (model == null || model.isBlank()) model = ModelNames.DEFAULT;
        if (modelVersion != null && modelVersion.isBlank()) modelVersion = null;
    }

    /** A request with its history. */
    public PredictionRequest(String model, ForecastQuery query, String modelVersion, String seriesId, String unitId) {
        this(model, query, modelVersion, seriesId, unitId, null);
    }

    /** A request to the model {@code default}. */
    public PredictionRequest(ForecastQuery query, String modelVersion, String seriesId, String unitId) {
        this(null, query, modelVersion, seriesId, unitId, null);
    }

    /** A request to the model {@code default} outside any experiment's series or unit. */
    public PredictionRequest(ForecastQuery query, String modelVersion) {
        this(null, query, modelVersion, null, null, null);
    }

    /** The horizon asked for. */
    public Horizon horizon() {
        return query != null ? query.horizon() : stored.horizon();
    }

    /** The levels asked for. */
    public List<Level> levels() {
        return query != null ? query.levels() : stored.levels();
    }
}
