package forecast.domain.recording;

import java.time.Instant;

/**
 * One forecast point that an actual scored: the prediction it belongs to (its experiment, null
 * outside one, its version, series and unit), the time, forecast and actual, and the interval at
 * {@code level} (NaN bounds and level when the prediction recorded none). {@code first} is false
 * when the point had an actual before (a corrected actual): monitors count each point once.
 */
public record ScoredPoint(String predictionId, String experiment, String version, String seriesId, String unitId, Instant time,
                          double forecast, double actual, double lower, double upper, double level, boolean first) {
    public double absoluteError() {
        return Math.abs(actual - forecast);
    }

    /** 100 |actual - forecast| / |actual|; NaN for an actual of 0. */
    public double percentageError() {
        return actual == 0 ? Double.NaN : 100 * Math.abs(actual - forecast) / Math.abs(actual);
    }

    public boolean hasInterval() {
        return !Double.isNaN(level) && !Double.isNaN(lower) && !Double.isNaN(upper);
    }

    /** Whether the actual fell inside the interval (only meaningful with {@link #hasInterval()}). */
    public boolean covered() {
        return actual >= lower && actual <= upper;
    }
}
