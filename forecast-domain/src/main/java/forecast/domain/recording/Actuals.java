package forecast.domain.recording;

import java.time.Instant;
import java.util.List;

/**
 * Realised values, for the forecasts of one prediction ({@code predictionId}), or of every
 * recorded prediction of a series or unit. With a series, they also extend its stored history;
 * {@code features} then carries the row's feature columns (empty when the series has none).
 */
public record Actuals(String predictionId, String seriesId, String unitId, List<Observed> values) {
    public record Observed(Instant time, double value, double[] features) {
        public Observed {
            features = features == null ? new double[0] : features.clone();
        }

        public Observed(Instant time, double value) {
            this(time, value, null);
        }
    }

    public Actuals {
        if (predictionId == null && seriesId == null && unitId == null)
            throw new IllegalArgumentException("actuals name a prediction, a series or a unit");
        values = List.copyOf(values);
    }
}
