package forecast.domain.preprocessing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Feature helpers for forecasters that learn from a window of the past: lags, rolling
 * statistics, seasonal ("same phase") lags and calendar features.
 *
 * <p>Indices are positions in a value array; the {@code origin} is the index of the last known
 * value (the forecast is made just after it). A value that would lie before the start of the
 * array, or is {@code NaN}, is unknown: single values come back as {@code NaN} (which tree models
 * treat as missing) and rolling statistics skip it. Calendar features are taken in UTC.
 */
public final class Features {
    /** Names of the values {@link #calendar} returns, in order. */
    public static final List<String> CALENDAR_NAMES = List.of("hour_of_day", "day_of_week", "day_of_month", "month");

    private static final int SECONDS_PER_DAY = 86_400;

    private Features() {}

    /** {@code y[origin - lag]}, or {@code NaN} when that index lies outside {@code y}. */
    public static double lag(double[] y, int origin, int lag) {
        return at(y, origin - lag);
    }

    /** {@code y[i]}, or {@code NaN} when {@code i} lies outside {@code y}. */
    public static double at(double[] y, int i) {
        return i >= 0 && i < y.length ? y[i] : Double.NaN;
    }

    /**
     * The mean of the known values among {@code y[end - window + 1 .. end]}; {@code NaN} when none is
     * known.
     */
    public static double rollingMean(double[] y, int end, int window) {
        double sum = 0;
        int n = 0;
        for (int i = Math.max(0, end - window + 1); i <= Math.min(end, y.length - 1); i++) {
            if (Double.isNaN(y[i])) continue;
            sum += y[i];
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * The sample standard deviation (divisor n - 1) of the known values among
     * {@code y[end - window + 1 .. end]}; {@code NaN} when fewer than two are known.
     */
    public static double rollingStd(double[] y, int end, int window) {
        double mean = rollingMean(y, end, window);
        if (Double.isNaN(mean)) return Double.NaN;
        double ss = 0;
        int n = 0;
        for (int i = Math.max(0, end - window + 1); i <= Math.min(end, y.length - 1); i++) {
            if (Double.isNaN(y[i])) continue;
            double d = y[i] - mean;
            ss += d * d;
            n++;
        }
        return n < 2 ? Double.NaN : Math.sqrt(ss / (n - 1));
    }

    /**
     * The index of the latest value known at {@code origin} that lies at the same phase of a
     * season of {@code period} steps as the target {@code origin + h}:
     * {@code origin + h - period * ceil(h / period)}. It is at most {@code origin} for any
     * {@code h >= 1}; {@code period} 1 gives {@code origin}.
     */
    public static int samePhaseIndex(int origin, int h, int period) {
        if (h < 1 || period < 1) throw new IllegalArgumentException("h and period must be >= 1: " + h + ", " + period);
        int seasonsBack = (h + period - 1) / period;
        return origin + h - period * seasonsBack;
    }

    /** The value at {@link #samePhaseIndex}, or {@code NaN} when unknown. */
    public static double samePhase(double[] y, int origin, int h, int period) {
        return at(y, samePhaseIndex(origin, h, period));
    }

    /**
     * The mean of the known values among the last {@code count} same-phase values (the one at
     * {@link #samePhaseIndex} and those whole seasons before it); {@code NaN} when none is known.
     */
    public static double samePhaseMean(double[] y, int origin, int h, int period, int count) {
        int i = samePhaseIndex(origin, h, period);
        double sum = 0;
        int n = 0;
        for (int k = 0; k < count && i - k * period >= 0; k++) {
            double v = at(y, i - k * period);
            if (Double.isNaN(v)) continue;
            sum += v;
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** The hour of the day in UTC, 0 to 23. */
    public static int hourOfDay(Instant t) {
        return (int) (Math.floorMod(t.getEpochSecond(), SECONDS_PER_DAY) / 3600);
    }

    /** The ISO day of the week in UTC: 1 (Monday) to 7 (Sunday). */
    public static int dayOfWeek(Instant t) {
        // 1970-01-01 was a Thursday (ISO 4)
        return (int) Math.floorMod(epochDay(t) + 3, 7) + 1;
    }

    /** The day of the month in UTC, 1 to 31. */
    public static int dayOfMonth(Instant t) {
        return LocalDate.ofEpochDay(epochDay(t)).getDayOfMonth();
    }

    /** The month of the year in UTC, 1 (January) to 12. */
    public static int month(Instant t) {
        return LocalDate.ofEpochDay(epochDay(t)).getMonthValue();
    }

    /**
     * The calendar features of {@code t} in {@link #CALENDAR_NAMES} order: hour of day, day of
     * week, day of month, month.
     */
    public static double[] calendar(Instant t) {
        var date = LocalDate.ofEpochDay(epochDay(t));
        return new double[] {hourOfDay(t), dayOfWeek(t), date.getDayOfMonth(), date.getMonthValue()};
    }

    /**
     * {@code sin(2 pi position / period)}: a cyclic encoding under which the end of a cycle lies
     * next to its start (hour 23 next to hour 0). Pair it with {@link #cosCycle}.
     */
    public static double sinCycle(double position, double period) {
        return Math.sin(2 * Math.PI * position / period);
    }

    /** {@code cos(2 pi position / period)}; see {@link #sinCycle}. */
    public static double cosCycle(double position, double period) {
        return Math.cos(2 * Math.PI * position / period);
    }

    private static long epochDay(Instant t) {
        return Math.floorDiv(t.getEpochSecond(), SECONDS_PER_DAY);
    }
}
