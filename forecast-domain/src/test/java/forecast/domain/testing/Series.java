package forecast.domain.testing;

import forecast.domain.series.TimeSeries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Synthetic series for tests, with fixed seeds. */
public final class Series {
    public static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    private Series() {}

    /** Hourly: level 100, a daily cycle of amplitude 10, Gaussian noise of sd {@code noise}. */
    public static TimeSeries hourly(int n, double noise, long seed) {
        var random = new Random(seed);
        var times = new ArrayList<Instant>(n);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            times.add(START.plusSeconds(3600L * i));
            v[i] = 100 + 10 * Math.sin(2 * Math.PI * i / 24) + noise * random.nextGaussian();
        }
        return TimeSeries.of(times, v);
    }

    public static List<Instant> hours(int from, int n) {
        var out = new ArrayList<Instant>(n);
        for (int i = 0; i < n; i++) out.add(START.plusSeconds(3600L * (from + i)));
        return out;
    }
}
