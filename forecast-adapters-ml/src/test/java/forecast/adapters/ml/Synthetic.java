package forecast.adapters.ml;

import forecast.domain.series.Frequency;
import forecast.domain.series.TimeSeries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Synthetic series with known structure, from a fixed seed. */
final class Synthetic {
    static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    private Synthetic() {}

    /**
     * Hourly: level 100, trend 0.02 per hour, daily amplitude 10, weekly amplitude 6, a weekend dip,
     * AR(1) noise (phi 0.6, innovation sd 1.5).
     */
    static TimeSeries hourly(int n, long seed) {
        var random = new Random(seed);
        double[] y = new double[n];
        double noise = 0;
        for (int t = 0; t < n; t++) {
            noise = 0.6 * noise + 1.5 * random.nextGaussian();
            int dayOfWeek = (t / 24) % 7; // 2024-01-01 was a Monday
            y[t] = 100 + 0.02 * t + 10 * Math.sin(2 * Math.PI * t / 24) + 6 * Math.sin(2 * Math.PI * t / 168)
                    + (dayOfWeek >= 5 ? -8 : 0) + noise;
        }
        return TimeSeries.of(times(n, Frequency.HOURLY), y, List.of(), null, Frequency.HOURLY);
    }

    /**
     * Hourly with an extra column "promo" that is 1 on a random 15% of hours and adds 12 to the
     * value then; nothing in the past announces it.
     */
    static TimeSeries hourlyWithPromo(int n, long seed) {
        var base = hourly(n, seed);
        var random = new Random(seed + 1);
        double[] y = base.values();
        double[][] x = new double[n][1];
        for (int t = 0; t < n; t++) {
            x[t][0] = random.nextDouble() < 0.15 ? 1 : 0;
            y[t] += 12 * x[t][0];
        }
        return TimeSeries.of(base.times(), y, List.of("promo"), x, Frequency.HOURLY);
    }

    /** Monthly: level 500, trend 2 per month, yearly amplitude 40, noise sd 5. */
    static TimeSeries monthly(int n, long seed) {
        var random = new Random(seed);
        double[] y = new double[n];
        for (int t = 0; t < n; t++) y[t] = 500 + 2 * t + 40 * Math.sin(2 * Math.PI * t / 12) + 5 * random.nextGaussian();
        return TimeSeries.of(times(n, Frequency.MONTHLY), y, List.of(), null, Frequency.MONTHLY);
    }

    /**
     * {@code count} hourly series unlike in size and shape, for global models: level 10^U(0, 3),
     * then relative to it a trend, a daily cycle of amplitude 5-20% at its own phase, a weekly cycle
     * and weekend dip of up to 8%, AR(1) noise (phi 0.6, sd 1-3%). Each starts up to three weeks
     * after {@link #START} (at any hour) and has {@code n} to {@code 1.5 n} observations. The cycles
     * follow the clock, not the series' first observation.
     */
    static List<TimeSeries> panel(int count, int n, long seed) {
        var random = new Random(seed);
        var out = new ArrayList<TimeSeries>(count);
        for (int k = 0; k < count; k++) {
            double level = Math.pow(10, 3 * random.nextDouble());
            double trend = level * (-0.0002 + 0.0006 * random.nextDouble());
            double daily = level * (0.05 + 0.15 * random.nextDouble());
            double phase = 24 * random.nextDouble();
            double weekly = level * 0.08 * random.nextDouble();
            double weekend = level * 0.08 * random.nextDouble();
            double sd = level * (0.01 + 0.02 * random.nextDouble());
            int offset = random.nextInt(21 * 24);
            int size = n + random.nextInt(n / 2 + 1);
            var times = new ArrayList<Instant>(size);
            double[] y = new double[size];
            double noise = 0;
            for (int t = 0; t < size; t++) {
                int hour = offset + t; // hours since START, a Monday at midnight
                noise = 0.6 * noise + sd * random.nextGaussian();
                y[t] = level + trend * t + daily * Math.sin(2 * Math.PI * (hour + phase) / 24) + weekly * Math.sin(2 * Math.PI * hour / 168)
                        - ((hour / 24) % 7 >= 5 ? weekend : 0) + noise;
                times.add(Frequency.HOURLY.plus(START, hour));
            }
            out.add(TimeSeries.of(times, y, List.of(), null, Frequency.HOURLY));
        }
        return out;
    }

    /**
     * {@code s} divided by the mean absolute value of its first {@code training} observations, as the
     * domain scales series to a comparable level before a global fit.
     */
    static TimeSeries scaled(TimeSeries s, int training) {
        double sum = 0;
        for (int i = 0; i < training; i++) sum += Math.abs(s.value(i));
        double scale = sum / training;
        double[] y = s.values();
        for (int i = 0; i < y.length; i++) y[i] /= scale;
        return s.withValues(y);
    }

    static List<Instant> times(int n, Frequency f) {
        var out = new ArrayList<Instant>(n);
        for (int i = 0; i < n; i++) out.add(f.plus(START, i));
        return out;
    }
}
