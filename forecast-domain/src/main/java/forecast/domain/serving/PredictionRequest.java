package forecast.domain.serving;

import forecast.domain.forecasting.ForecastQuery;

/**
 * Forecast {@code query} with the version named {@code modelVersion} (id or label), or when null
 * with the arm a running experiment assigns to this series and unit (sticky by {@code unitId}), or
 * the live one.
 */
public record PredictionRequest(ForecastQuery query, String modelVersion, String seriesId, String unitId) {
    public PredictionRequest {
        if (query == null) throw new IllegalArgumentException("query is required");
        if (modelVersion != null && modelVersion.isBlank()) modelVersion = null;
    }

    /** A request outside any experiment's series or unit. */
    public PredictionRequest(ForecastQuery query, String modelVersion) {
        this(query, modelVersion, null, null);
    }
}
