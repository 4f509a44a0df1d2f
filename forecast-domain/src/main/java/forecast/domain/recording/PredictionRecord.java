package forecast.domain.recording;

import java.time.Instant;
import java.util.List;

/**
 * One recorded forecast: which version answered whom, when, how fast, and what it forecast for
 * which times, with its interval at the request's confidence {@code level} (a fraction; NaN and
 * null bounds when the forecast had none). {@code experiment} is the A/B test that routed it, or
 * null for a prediction recorded for live-accuracy monitoring. Actuals that arrive later are
 * matched to it by {@code predictionId}, or by series or unit and time.
 */
public record PredictionRecord(String predictionId, String experiment, String version, String unitId, String seriesId, Instant requestedAt,
                               long latencyNanos, List<Instant> times, double[] forecast, double level, double[] lower, double[] upper) {
    public PredictionRecord {
        if (predictionId == null || version == null || requestedAt == null)
            throw new IllegalArgumentException("a prediction record needs its id, version and time");
        times = List.copyOf(times);
        if (times.size() != forecast.length) throw new IllegalArgumentException("one forecast per time");
        if ((lower == null) != (upper == null) || lower != null && (lower.length != forecast.length || upper.length != forecast.length))
            throw new IllegalArgumentException("interval bounds come in pairs, one per time");
    }

    /** A record without intervals. */
    public PredictionRecord(String predictionId, String experiment, String version, String unitId, String seriesId, Instant requestedAt,
                            long latencyNanos, List<Instant> times, double[] forecast) {
        this(predictionId, experiment, version, unitId, seriesId, requestedAt, latencyNanos, times, forecast, Double.NaN, null, null);
    }

    public boolean hasIntervals() {
        return lower != null;
    }
}
