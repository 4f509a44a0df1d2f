package forecast.domain.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.testing.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeSeriesTest {
    private static final Instant T0 = Series.START;

    private static Instant h(int i) {
        return T0.plusSeconds(3600L * i);
    }

    @Test
    void everyViolationIsReportedWithItsRowAndColumn() {
        var e = assertThrows(InvalidInputException.class, () -> TimeSeries.of(
                List.of(h(0), h(2), h(1), h(1)), new double[] {1, Double.POSITIVE_INFINITY, 3, 4},
                List.of("temperature"), new double[][] {{1}, {1}, {1, 2}, {1}}, null));
        var fields = e.violations().stream().map(Violation::field).toList();
        assertTrue(fields.contains("data[1][1]"), fields.toString()); // infinite value
        assertTrue(fields.contains("data[2][0]"), fields.toString()); // before the previous row
        assertTrue(fields.contains("data[2][2]"), fields.toString()); // two feature values
        assertTrue(fields.contains("data[3][0]"), fields.toString()); // duplicate
    }

    @Test
    void anEmptySeriesOrOneWithoutAnyValueIsRefused() {
        assertEquals("data", assertThrows(InvalidInputException.class, () -> TimeSeries.of(List.of(), new double[0])).violations().get(0).field());
        assertThrows(InvalidInputException.class, () -> TimeSeries.of(List.of(h(0), h(1)), new double[] {Double.NaN, Double.NaN}));
    }

    @Test
    void theFrequencyIsInferredDespiteMissingSteps() {
        var s = TimeSeries.of(List.of(h(0), h(1), h(3), h(4)), new double[] {1, 2, 4, 5});
        assertEquals(Frequency.HOURLY, s.frequency());
        assertTrue(!s.isRegular());
        var regular = s.regular();
        assertEquals(5, regular.size());
        assertTrue(Double.isNaN(regular.value(2)));
        assertEquals(1, regular.missingCount());
    }

    @Test
    void monthlyTimestampsAreCalendarMonths() {
        var times = List.of(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-02-01T00:00:00Z"),
                Instant.parse("2024-03-01T00:00:00Z"), Instant.parse("2024-05-01T00:00:00Z"));
        var s = TimeSeries.of(times, new double[] {1, 2, 3, 5});
        assertEquals(Frequency.MONTHLY, s.frequency());
        assertEquals(5, s.regular().size());
        assertEquals(Instant.parse("2024-06-01T00:00:00Z"), s.futureTimes(1).get(0));
        assertEquals(List.of(12), s.frequency().seasonalPeriods());
    }

    @Test
    void irregularTimestampsAreRefused() {
        var times = List.of(h(0), h(1), T0.plus(Duration.ofMinutes(150)), h(5));
        assertThrows(InvalidInputException.class, () -> TimeSeries.of(times, new double[] {1, 2, 3, 4}, List.of(), null, Frequency.HOURLY));
    }

    @Test
    void appendingContinuesTheGridAndLaterRowsWin() {
        var a = TimeSeries.of(List.of(h(0), h(1), h(2)), new double[] {1, 2, 3});
        var b = TimeSeries.of(List.of(h(2), h(3), h(5)), new double[] {30, 4, 6});
        var joined = a.append(b);
        assertEquals(6, joined.size());
        assertEquals(30, joined.value(2));
        assertTrue(Double.isNaN(joined.value(4)));
    }

    @Test
    void frequencyTextRoundTrips() {
        for (var f : List.of(Frequency.HOURLY, Frequency.DAILY, Frequency.MONTHLY, Frequency.ofMonths(3), Frequency.ofDuration(Duration.ofMinutes(30))))
            assertEquals(f, Frequency.parse(f.toString()));
        assertEquals(List.of(48, 336), Frequency.ofDuration(Duration.ofMinutes(30)).seasonalPeriods());
    }

    @Test
    void centuriesOfAnnualDataDoNotOverflow() {
        var times = new java.util.ArrayList<Instant>();
        for (int year = 1600; year <= 2000; year++) times.add(Instant.parse(year + "-01-01T00:00:00Z"));
        var s = TimeSeries.of(times, new double[times.size()]);
        assertEquals(Frequency.ofMonths(12), s.frequency());
        var daily = List.of(T0, T0.plus(Duration.ofDays(400 * 365)));
        assertEquals(Frequency.ofDuration(Duration.ofDays(400 * 365)), TimeSeries.of(daily, new double[] {1, 2}).frequency());
    }
}
