package forecast.domain.experiment;

import java.time.Instant;
import java.util.List;

/**
 * Realised values, for the forecasts of one prediction ({@code predictionId}), or of every
 * recorded prediction of a series or unit.
 */
public record Actuals(String predictionId, String seriesId, String unitId, List<Observed> values) {
    public record Observed(Instant time, double value) {}

    public Actuals {
        if (predictionId == null && seriesId == null && unitId == null)
            throw new IllegalArgumentException("actuals name a prediction, a series or a unit");
        values = List.copyOf(values);
    }
}
