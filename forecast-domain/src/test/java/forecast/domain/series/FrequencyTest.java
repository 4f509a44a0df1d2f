package forecast.domain.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Frequency arithmetic is done in longs on the serving path; these tests hold it to the exact
 * Duration arithmetic it replaced, on random steps and times, including fractions of a second,
 * negative distances and spans of centuries (where it falls back to Durations).
 */
class FrequencyTest {
    /** What stepsBetween computed before it used longs: exact Durations (BigDecimal inside). */
    static long stepsByDurations(Duration step, Instant from, Instant to) {
        Duration between = Duration.between(from, to);
        try {
            long steps = between.dividedBy(step);
            return between.equals(step.multipliedBy(steps)) ? steps : -1;
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    static Duration randomStep(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> Duration.ofSeconds(1 + random.nextInt(86_400 * 7));
            case 1 -> Duration.ofMillis(1 + random.nextInt(10_000));
            case 2 -> Duration.ofSeconds(random.nextInt(100), 1 + random.nextInt(999_999_999));
            default -> Duration.ofDays(365L * (1 + random.nextInt(400))); // steps of centuries: the fallback
        };
    }

    @Test
    void stepsBetweenAndPlusAgreeWithExactDurationArithmetic() {
        var random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            Duration step = randomStep(random);
            var f = Frequency.ofDuration(step);
            Instant from = Instant.ofEpochSecond(random.nextLong(-60_000_000_000L, 250_000_000_000L), random.nextInt(1_000_000_000));
            long n = random.nextInt(5) == 0 ? random.nextLong(-1_000_000, 1_000_000) : random.nextInt(-500, 500);
            Instant on;
            try {
                on = from.plus(step.multipliedBy(n));
            } catch (ArithmeticException | java.time.DateTimeException e) {
                continue; // off Instant's range: not a case
            }
            assertEquals(on, f.plus(from, n), step + " x " + n + " after " + from);
            assertEquals(stepsByDurations(step, from, on), f.stepsBetween(from, on), step + " from " + from + " to " + on);
            Instant off = on.plusNanos(1 + random.nextInt(1_000_000));
            assertEquals(stepsByDurations(step, from, off), f.stepsBetween(from, off), step + " from " + from + " to " + off);
            assertEquals(stepsByDurations(step, on, from), f.stepsBetween(on, from), "backwards " + step + " from " + on + " to " + from);
        }
    }

    @Test
    void inferenceFindsTheMostCommonGapThatEveryGapIsAMultipleOf() {
        var hourly = times(Instant.parse("2024-01-01T00:00:00Z"), Duration.ofHours(1), 0, 1, 2, 3, 5, 6, 9);
        assertEquals(Frequency.HOURLY, Frequency.infer(hourly));
        // as many 2 h gaps as 4 h ones: the shorter wins, and 4 h is a multiple of it
        assertEquals(Frequency.ofDuration(Duration.ofHours(2)),
                Frequency.infer(times(Instant.parse("2024-01-01T00:00:00Z"), Duration.ofHours(1), 0, 2, 4, 8, 12)));
        var halfSeconds = times(Instant.parse("2024-01-01T00:00:00.250Z"), Duration.ofMillis(500), 0, 1, 2, 4);
        assertEquals(Frequency.ofDuration(Duration.ofMillis(500)), Frequency.infer(halfSeconds));
        // a gap of 1.5 steps fits no grid of the common step, and the times are not on calendar months
        assertNull(Frequency.infer(times(Instant.parse("2024-01-01T00:00:00Z"), Duration.ofMinutes(30), 0, 2, 4, 7)));
        // 29 and 31 days apart: no common step, but the ends of three months
        assertEquals(Frequency.MONTHLY, Frequency.infer(List.of(Instant.parse("2024-01-31T00:00:00Z"), Instant.parse("2024-02-29T00:00:00Z"),
                Instant.parse("2024-03-31T00:00:00Z"))));
    }

    @Test
    void inferenceAgreesWithDurationsOnRandomSeries() {
        var random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            Duration step = randomStep(random);
            Instant start = Instant.ofEpochSecond(random.nextLong(-10_000_000_000L, 10_000_000_000L), random.nextInt(1_000_000_000));
            var times = new ArrayList<Instant>();
            long k = 0;
            int n = 2 + random.nextInt(30);
            try {
                for (int j = 0; j < n; j++) {
                    times.add(start.plus(step.multipliedBy(k)));
                    k += random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 1; // a few missing steps
                }
                if (random.nextInt(10) == 0) times.set(n - 1, times.get(n - 1).plusNanos(1 + random.nextInt(1000))); // off the grid
            } catch (ArithmeticException | java.time.DateTimeException e) {
                continue;
            }
            var inferred = Frequency.infer(times);
            var expected = durationByDurations(times);
            if (expected != null) assertEquals(Frequency.ofDuration(expected), inferred, times.toString());
            else assertEquals(true, inferred == null || inferred.calendar(), "no step fits " + times + ", but inferred " + inferred);
        }
    }

    /** The duration part of inference as it was: counted Durations, then every time checked on the grid; null when none fits. */
    static Duration durationByDurations(List<Instant> times) {
        var counts = new java.util.HashMap<Duration, Integer>();
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
        for (int i = 1; i < times.size(); i++) if (stepsByDurations(best, times.get(0), times.get(i)) <= 0) return null;
        return best;
    }

    static List<Instant> times(Instant start, Duration step, int... at) {
        var out = new ArrayList<Instant>();
        for (int i : at) out.add(start.plus(step.multipliedBy(i)));
        return out;
    }
}
