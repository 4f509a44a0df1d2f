package forecast.domain.serving;

import forecast.domain.forecasting.ForecastQuery;

/** Forecast {@code query} with the version named {@code modelVersion} (id or label), or the live one when null. */
public record PredictionRequest(ForecastQuery query, String modelVersion) {
    public PredictionRequest {
        if (query == null) throw new IllegalArgumentException("query is required");
        if (modelVersion != null && modelVersion.isBlank()) modelVersion = null;
    }
}
