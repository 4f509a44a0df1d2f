package forecast.domain.forecasting;

/**
 * The nominal coverage of a prediction interval as a percentage in (0, 100): {@code 95} means the
 * interval should hold the realised value 95% of the time. Intervals are central: they leave out
 * equal probability mass above and below.
 */
public record Level(double percent) implements Comparable<Level> {
    public static final Level P80 = new Level(80);
    public static final Level P95 = new Level(95);

    public Level {
        if (!(percent > 0 && percent < 100)) throw new IllegalArgumentException("level must be in (0, 100): " + percent);
    }

    /** From a fraction in (0, 1), as the HTTP API gives it ({@code 0.95}). */
    public static Level ofFraction(double fraction) {
        if (!(fraction > 0 && fraction < 1)) throw new IllegalArgumentException("confidence level must be in (0, 1): " + fraction);
        return new Level(Math.round(fraction * 1e6) / 1e4);
    }

    public double fraction() {
        return percent / 100;
    }

    @Override
    public int compareTo(Level o) {
        return Double.compare(percent, o.percent);
    }
}
