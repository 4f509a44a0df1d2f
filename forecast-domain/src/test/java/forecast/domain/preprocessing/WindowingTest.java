package forecast.domain.preprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.series.TimeSeries;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowingTest {
    private static final double NAN = Double.NaN;

    private static double[] ramp(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = i;
        return v;
    }

    @Test
    void everyRowIsAnInputWindowFollowedByItsTarget() {
        var rows = Windowing.of(3, 2).rows(ramp(7));
        assertEquals(3, rows.size());
        assertArrayEquals(new double[] {0, 1, 2}, rows.input(0));
        assertArrayEquals(new double[] {3, 4}, rows.target(0));
        assertArrayEquals(new double[] {2, 3, 4}, rows.input(2));
        assertArrayEquals(new double[] {5, 6}, rows.target(2));
        assertEquals(0, rows.start(0));
        assertEquals(2, rows.start(2));
    }

    @Test
    void strideSkipsStartsAndKeepsTheMostRecentRow() {
        var rows = new Windowing(2, 1, 3).rows(ramp(10));
        // span 3, candidate starts aligned to the end: 7, 4, 1
        assertEquals(3, rows.size());
        assertEquals(1, rows.start(0));
        assertEquals(4, rows.start(1));
        assertEquals(7, rows.start(2));
        assertArrayEquals(new double[] {9}, rows.target(2));
    }

    @Test
    void rowsTouchingAGapAreSkipped() {
        double[] v = ramp(10);
        v[4] = NAN;
        var rows = Windowing.of(2, 1).rows(v);
        // starts 0..7 possible; those whose span [s, s+3) contains 4 are 2, 3, 4
        int[] starts = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) starts[r] = rows.start(r);
        assertArrayEquals(new int[] {0, 1, 5, 6, 7}, starts);
        for (int r = 0; r < rows.size(); r++) {
            for (double x : rows.input(r)) assertTrue(!Double.isNaN(x));
            for (double x : rows.target(r)) assertTrue(!Double.isNaN(x));
        }
    }

    @Test
    void gapInTheTargetAlsoSkipsTheRow() {
        var rows = Windowing.of(2, 2).rows(new double[] {1, 2, 3, NAN, 5, 6});
        assertEquals(0, rows.size());
    }

    @Test
    void seriesShorterThanOneRowGivesNoRows() {
        assertTrue(Windowing.of(5, 3).rows(ramp(7)).isEmpty());
        assertTrue(Windowing.of(1, 1).rows(new double[0]).isEmpty());
        assertEquals(1, Windowing.of(5, 3).rows(ramp(8)).size());
    }

    @Test
    void matricesHaveOneRowPerWindowOldestValueFirst() {
        var rows = Windowing.of(2, 1).rows(ramp(4));
        assertArrayEquals(new double[][] {{0, 1}, {1, 2}}, rows.inputs());
        assertArrayEquals(new double[][] {{2}, {3}}, rows.targets());
    }

    @Test
    void returnedArraysBelongToTheCaller() {
        double[] v = ramp(5);
        var rows = Windowing.of(2, 1).rows(v);
        v[0] = 99;
        rows.input(0)[0] = 99;
        rows.inputs()[0][0] = 99;
        rows.targets()[0][0] = 99;
        assertArrayEquals(new double[] {0, 1}, rows.input(0));
        assertArrayEquals(new double[] {2}, rows.target(0));
    }

    @Test
    void missingTimestampsBecomeGapsWhenWindowingASeries() {
        var t0 = Instant.parse("2024-01-01T00:00:00Z");
        var times = List.of(t0, t0.plusSeconds(3600), t0.plusSeconds(7200), t0.plusSeconds(4 * 3600), t0.plusSeconds(5 * 3600));
        var series = TimeSeries.of(times, new double[] {0, 1, 2, 4, 5});
        var rows = Windowing.of(1, 1).rows(series);
        // without regularising, (2 -> 4) would look like one step
        assertEquals(3, rows.size());
        assertArrayEquals(new double[][] {{0}, {1}, {4}}, rows.inputs());
        assertArrayEquals(new double[][] {{1}, {2}, {5}}, rows.targets());
        assertEquals(4, rows.start(2));
    }

    @Test
    void latestIsTheLastInputWindow() {
        var w = Windowing.of(3, 5);
        assertArrayEquals(new double[] {7, 8, 9}, w.latest(ramp(10)));
        assertThrows(IllegalArgumentException.class, () -> w.latest(ramp(2)));
        assertThrows(IllegalArgumentException.class, () -> w.latest(new double[] {1, 2, NAN}));
    }

    @Test
    void invalidShapesAndValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Windowing(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Windowing(1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Windowing(1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Windowing.of(1, 1).rows(new double[] {1, Double.POSITIVE_INFINITY}));
    }
}
