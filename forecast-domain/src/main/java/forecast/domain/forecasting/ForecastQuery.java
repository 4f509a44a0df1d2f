package forecast.domain.forecasting;

import forecast.domain.series.TimeSeries;
import java.util.List;

/**
 * What a trained model is asked: continue {@code history} for {@code horizon} steps, with
 * intervals at {@code levels}. {@code futureFeatures} holds, when known, one row per future step
 * with the history's extra feature columns (empty when not given).
 */
public record ForecastQuery(TimeSeries history, Horizon horizon, List<Level> levels,
                            List<double[]> futureFeatures) {
    public ForecastQuery {
        if (history == null || horizon == null) throw new IllegalArgumentException("history and horizon are required");
        levels = List.copyOf(levels);
        futureFeatures = List.copyOf(futureFeatures);
        if (!futureFeatures.isEmpty()) {
            if (futureFeatures.size() != horizon.steps())
                throw new IllegalArgumentException("future features need one row per horizon step: " + futureFeatures.size() + " != " + horizon.steps());
            for (double[] row : futureFeatures)
                if (row.length != history.featureCount())
                    throw new IllegalArgumentException("future feature rows need " + history.featureCount() + " values, got " + row.length);
        }
    }

    public static ForecastQuery of(TimeSeries history, int horizon, Level... levels) {
        return new ForecastQuery(history, new Horizon(horizon), List.of(levels), List.of());
    }

    public boolean hasFutureFeatures() {
        return !futureFeatures.isEmpty();
    }

    /** The same question about another history (a backtest origin). */
    public ForecastQuery withHistory(TimeSeries other) {
        return new ForecastQuery(other, horizon, levels, other.featureCount() == history.featureCount() ? futureFeatures : List.of());
    }
}
