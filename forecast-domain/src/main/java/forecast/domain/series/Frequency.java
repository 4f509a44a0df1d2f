package forecast.domain.series;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The regular spacing of a series: either a fixed duration (30 minutes, 1 hour, 1 day) or a
 * number of calendar months (1 = monthly, 3 = quarterly, 12 = annual), since months are not a
 * fixed duration. Calendar steps are taken in UTC.
 */
public record Frequency(Duration step, int months) {
    public static final Frequency HOURLY = ofDuration(Duration.ofHours(1));
    public static final Frequency DAILY = ofDuration(Duration.ofDays(1));
    public static final Frequency MONTHLY = ofMonths(1);
    private static final long NANOS = 1_000_000_000L;
    /** Spans shorter than this many seconds (292 years) are whole nanoseconds in a long. */
    private static final long MAX_NANO_SECONDS = Long.MAX_VALUE / NANOS - 1;

    public Frequency {
        if ((step == null) == (months == 0))
            throw new IllegalArgumentException("a frequency is either a duration or a number of months");
        if (step != null && (step.isNegative() || step.isZero()))
            throw new IllegalArgumentException("frequency step must be positive: " + step);
        if (months < 0) throw new IllegalArgumentException("months must be positive: " + months);
    }

    public static Frequency ofDuration(Duration step) {
        return new Frequency(step, 0);
    }

    public static Frequency ofMonths(int months) {
        return new Frequency(null, months);
    }

    public boolean calendar() {
        return months > 0;
    }

    /** The time {@code n} steps after {@code t} (n may be negative). */
    public Instant plus(Instant t, long n) {
        if (calendar()) return t.atOffset(ZoneOffset.UTC).plusMonths(n * months).toInstant();
        // Duration.multipliedBy goes through BigDecimal; whole seconds and nanoseconds in a long do not
        if (step.getNano() == 0) return t.plusSeconds(Math.multiplyExact(step.getSeconds(), n));
        long stepNanos = stepNanos();
        if (stepNanos > 0 && Math.abs(n) < Long.MAX_VALUE / stepNanos) return t.plusNanos(stepNanos * n);
        return t.plus(step.multipliedBy(n));
    }

    /**
     * How many steps lie from {@code from} to {@code to}, or -1 when {@code to} is not on this
     * frequency's grid through {@code from}.
     */
    public long stepsBetween(Instant from, Instant to) {
        if (!calendar()) {
            // Differences of Instants fit a long of seconds; as nanoseconds they fit while the span
            // is under 292 years, which covers every real series. Beyond, Durations (BigDecimal).
            long seconds = to.getEpochSecond() - from.getEpochSecond();
            int nanos = to.getNano() - from.getNano();
            if (step.getNano() == 0 && nanos == 0) {
                long steps = seconds / step.getSeconds();
                return steps * step.getSeconds() == seconds ? steps : -1;
            }
            long stepNanos = stepNanos();
            if (stepNanos > 0 && Math.abs(seconds) < MAX_NANO_SECONDS) {
                long between = seconds * NANOS + nanos;
                long steps = between / stepNanos;
                return steps * stepNanos == between ? steps : -1;
            }
            Duration between = Duration.between(from, to);
            try {
                long steps = between.dividedBy(step);
                return between.equals(step.multipliedBy(steps)) ? steps : -1;
            } catch (ArithmeticException e) {
                return -1;
            }
        }
        var a = from.atOffset(ZoneOffset.UTC);
        var b = to.atOffset(ZoneOffset.UTC);
        long total = ChronoUnit.MONTHS.between(a.withDayOfMonth(1), b.withDayOfMonth(1));
        if (total % months != 0) return -1;
        return plus(from, total / months).equals(to) ? total / months : -1;
    }

    /**
     * The seasonal periods a practitioner would try first, longest last: hourly data have a
     * daily (24) and weekly (168) cycle, daily data a weekly one, monthly data a yearly one.
     */
    public List<Integer> seasonalPeriods() {
        if (calendar()) {
            return switch (months) {
                case 1 -> List.of(12);
                case 3 -> List.of(4);
                case 6 -> List.of(2);
                default -> List.of();
            };
        }
        long seconds = step.toSeconds();
        long day = 86_400;
        if (seconds < day && day % seconds == 0) {
            long perDay = day / seconds;
            return List.of((int) perDay, (int) (perDay * 7));
        }
        if (seconds == day) return List.of(7);
        if (seconds == 7 * day) return List.of(52);
        return List.of();
    }

    /** The shortest seasonal period (24 for hourly data), or 1 when the frequency has none. */
    public int shortestSeason() {
        var periods = seasonalPeriods();
        return periods.isEmpty() ? 1 : periods.get(0);
    }

    /** The longest seasonal period, or 1 when the frequency has none. */
    public int longestSeason() {
        var periods = seasonalPeriods();
        return periods.isEmpty() ? 1 : periods.get(periods.size() - 1);
    }

    /**
     * The spacing of {@code times} (sorted, unique, at least two): the most common gap when every
     * gap is a whole multiple of it (missing steps are gaps, not irregularity), else calendar months
     * when the times fall on the same day and time of their months; {@code null} when neither.
     */
    public static Frequency infer(List<Instant> times) {
        if (times.size() < 2) return null;
        long[] gaps = nanoGaps(times);
        if (gaps != null) {
            long best = mostCommon(gaps);
            if (best > 0 && multiplesOf(best, gaps)) return ofDuration(Duration.ofNanos(best));
        } else {
            Duration best = mostCommonGapOfDurations(times);
            if (best.isPositive() && fits(ofDuration(best), times)) return ofDuration(best);
        }
        // calendar months: the most common gap in months, when every time fits its grid
        Map<Long, Integer> monthGaps = new HashMap<>();
        long bestMonths = 0;
        int bestMonthCount = 0;
        for (int i = 1; i < times.size(); i++) {
            long gap = ChronoUnit.MONTHS.between(times.get(i - 1).atOffset(ZoneOffset.UTC).withDayOfMonth(1),
                    times.get(i).atOffset(ZoneOffset.UTC).withDayOfMonth(1));
            int c = monthGaps.merge(gap, 1, Integer::sum);
            if (c > bestMonthCount || (c == bestMonthCount && gap < bestMonths)) {
                bestMonths = gap;
                bestMonthCount = c;
            }
        }
        if (bestMonths > 0 && bestMonths <= Integer.MAX_VALUE && fits(ofMonths((int) bestMonths), times)) return ofMonths((int) bestMonths);
        return null;
    }

    /** Whether every time in {@code times} lies on this frequency's grid through the first one. */
    public boolean fits(List<Instant> times) {
        return fits(this, times);
    }

    /** The gaps between neighbours in nanoseconds; null when one spans 292 years or more. */
    private static long[] nanoGaps(List<Instant> times) {
        long[] gaps = new long[times.size() - 1];
        Instant previous = times.get(0);
        for (int i = 1; i < times.size(); i++) {
            Instant t = times.get(i);
            long seconds = t.getEpochSecond() - previous.getEpochSecond();
            if (Math.abs(seconds) >= MAX_NANO_SECONDS) return null;
            gaps[i - 1] = seconds * NANOS + (t.getNano() - previous.getNano());
            previous = t;
        }
        return gaps;
    }

    /** The most common of {@code gaps}, the shortest of equally common ones. */
    private static long mostCommon(long[] gaps) {
        boolean same = true;
        for (long g : gaps) same &= g == gaps[0];
        if (same) return gaps[0]; // a regular series: nothing to count
        long[] sorted = gaps.clone();
        Arrays.sort(sorted);
        long best = sorted[0];
        int bestCount = 0;
        for (int i = 0, run; i < sorted.length; i += run) {
            run = 1;
            while (i + run < sorted.length && sorted[i + run] == sorted[i]) run++;
            if (run > bestCount) { // ascending: on a tie the shorter gap, seen first, stays
                best = sorted[i];
                bestCount = run;
            }
        }
        return best;
    }

    /**
     * Whether every gap is a positive multiple of {@code step}: for sorted times, the same as every
     * time lying on the grid through the first, in one pass over the gaps.
     */
    private static boolean multiplesOf(long step, long[] gaps) {
        for (long g : gaps) if (g <= 0 || g % step != 0) return false;
        return true;
    }

    /** The most common gap as a Duration, the shortest of equally common ones: for gaps of centuries. */
    private static Duration mostCommonGapOfDurations(List<Instant> times) {
        Map<Duration, Integer> counts = new HashMap<>();
        Duration best = null;
        int bestCount = 0;
        for (int i = 1; i < times.size(); i++) {
            Duration gap = Duration.between(times.get(i - 1), times.get(i));
            int c = counts.merge(gap, 1, Integer::sum);
            if (c > bestCount || (c == bestCount && gap.compareTo(best) < 0)) {
                best = gap;
                bestCount = c;
            }
        }
        return best;
    }

    /** The step in nanoseconds, or -1 when it does not fit a long (a step of centuries). */
    private long stepNanos() {
        return step.getSeconds() < MAX_NANO_SECONDS ? step.getSeconds() * NANOS + step.getNano() : -1;
    }

    private static boolean fits(Frequency f, List<Instant> times) {
        var first = times.get(0);
        for (int i = 1; i < times.size(); i++) {
            if (f.stepsBetween(first, times.get(i)) <= 0) return false;
        }
        return true;
    }

    /** ISO-8601 text: {@code PT1H}, {@code P1D} (whole days as days, not {@code PT24H}); {@code P1M}, {@code P3M} for calendar months. */
    @Override
    public String toString() {
        if (calendar()) return "P" + months + "M";
        if (step.getNano() == 0 && step.getSeconds() % 86_400 == 0) return "P" + step.getSeconds() / 86_400 + "D";
        return step.toString();
    }

    /** Reads what {@link #toString()} wrote. */
    public static Frequency parse(String text) {
        if (text.matches("P\\d+M")) return ofMonths(Integer.parseInt(text.substring(1, text.length() - 1)));
        if (text.matches("P\\d+Y")) return ofMonths(12 * Integer.parseInt(text.substring(1, text.length() - 1)));
        if (text.matches("P\\d+D")) return ofDuration(Duration.ofDays(Long.parseLong(text.substring(1, text.length() - 1))));
        if (text.matches("P\\d+W")) return ofDuration(Duration.ofDays(7 * Long.parseLong(text.substring(1, text.length() - 1))));
        return ofDuration(Duration.parse(text));
    }
}
