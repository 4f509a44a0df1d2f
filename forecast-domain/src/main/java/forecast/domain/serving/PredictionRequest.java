package forecast.domain.serving;

import forecast.domain.registry.ModelNames;

import forecast.domain.forecasting.ForecastQuery;

/**
 * Forecast {@code query} with the model {@code model} (null: {@code default}): the version named
 * {@code modelVersion} (id or label), or when null the arm a running experiment of the model
 * assigns to this series and unit (sticky by {@code unitId}), or the model's live version.
 */
public record PredictionRequest(String model, ForecastQuery query, String modelVersion, String seriesId, String unitId) {
    public PredictionRequest {
        if (query == null) throw new IllegalArgumentException("query is required");
        if (model == null || model.isBlank()) model = ModelNames.DEFAULT;
        if (modelVersion != null && modelVersion.isBlank()) modelVersion = null;
    }

    /** A request to the model {@code default}. */
    public PredictionRequest(ForecastQuery query, String modelVersion, String seriesId, String unitId) {
        this(null, query, modelVersion, seriesId, unitId);
    }

    /** A request to the model {@code default} outside any experiment's series or unit. */
    public PredictionRequest(ForecastQuery query, String modelVersion) {
        this(null, query, modelVersion, null, null);
    }
}
