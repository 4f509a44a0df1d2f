package forecast.domain.forecasting;

/** The range {@code [lo, hi]} expected to hold the realised value with probability {@code level}. */
public record PredictionInterval(Level level, double lo, double hi) {
    public PredictionInterval {
        if (level == null) throw new IllegalArgumentException("level is required");
        if (!(lo <= hi)) throw new IllegalArgumentException("interval lo must be <= hi: " + lo + " > " + hi);
    }

    public boolean contains(double actual) {
        return actual >= lo && actual <= hi;
    }
}
