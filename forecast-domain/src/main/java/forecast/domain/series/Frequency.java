package forecast.domain.series;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
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
        if (!calendar()) return t.plus(step.multipliedBy(n));
        return t.atOffset(ZoneOffset.UTC).plusMonths(n * months).toInstant();
    }

    /**
     * How many steps lie from {@code from} to {@code to}, or -1 when {@code to} is not on this
     * frequency's grid through {@code from}.
     */
    public long stepsBetween(Instant from, Instant to) {
        if (!calendar()) {
            // Durations, not nanoseconds: a long of nanoseconds overflows after 292 years
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
        if (best != null && best.isPositive() && fits(ofDuration(best), times)) return ofDuration(best);
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

    private static boolean fits(Frequency f, List<Instant> times) {
        var first = times.get(0);
        for (int i = 1; i < times.size(); i++) {
            if (f.stepsBetween(first, times.get(i)) <= 0) return false;
        }
        return true;
    }

    /** ISO-8601 text: {@code PT1H}, {@code P1D}; {@code P1M}, {@code P3M} for calendar months. */
    @Override
    public String toString() {
        return calendar() ? "P" + months + "M" : step.toString();
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
