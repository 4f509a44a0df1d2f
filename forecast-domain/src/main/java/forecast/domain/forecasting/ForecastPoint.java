package forecast.domain.forecasting;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The forecast for one future time: the point ({@code mean}) and its intervals, one per level. */
public record ForecastPoint(Instant time, double mean, List<PredictionInterval> intervals) {
    public ForecastPoint {
        if (time == null) throw new IllegalArgumentException("time is required");
        intervals = List.copyOf(intervals);
    }

    public Optional<PredictionInterval> interval(Level level) {
        return intervals.stream().filter(i -> i.level().equals(level)).findFirst();
    }
}
