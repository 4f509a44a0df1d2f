package forecast.domain.preprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.series.TimeSeries;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImputationTest {
    private static final double NAN = Double.NaN;

    @Test
    void linearDrawsAStraightLineAcrossAGap() {
        assertArrayEquals(new double[] {1, 2, 3, 4, 10}, Imputation.LINEAR.fill(new double[] {1, NAN, NAN, 4, 10}, 1), 1e-12);
    }

    @Test
    void forwardFillRepeatsTheLastObservedValue() {
        assertArrayEquals(new double[] {1, 1, 1, 4, 4, 6}, Imputation.FORWARD_FILL.fill(new double[] {1, NAN, NAN, 4, NAN, 6}, 1));
    }

    @Test
    void seasonalTakesTheValueOneSeasonEarlier() {
        double[] v = {10, 20, 30, 11, NAN, 31, 12, NAN, NAN};
        assertArrayEquals(new double[] {10, 20, 30, 11, 20, 31, 12, 20, 31}, Imputation.SEASONAL.fill(v, 3));
    }

    @Test
    void seasonalLooksFurtherBackWhenTheLastSeasonIsAlsoMissing() {
        double[] v = {10, 20, 30, 11, NAN, 31, 12, NAN, 32};
        assertArrayEquals(new double[] {10, 20, 30, 11, 20, 31, 12, 20, 32}, Imputation.SEASONAL.fill(v, 3));
    }

    @Test
    void seasonalLooksAheadInTheFirstSeason() {
        double[] v = {10, NAN, 30, 11, 21, 31};
        assertArrayEquals(new double[] {10, 21, 30, 11, 21, 31}, Imputation.SEASONAL.fill(v, 3));
    }

    @Test
    void seasonalFillsLeadingGapsFromTheNextSeason() {
        // the documented rule ("one season earlier, or later at the start") applies before the
        // fallback of repeating the first observed value
        double[] v = {NAN, 20, 30, 11, 21, 31};
        assertArrayEquals(new double[] {11, 20, 30, 11, 21, 31}, Imputation.SEASONAL.fill(v, 3));
    }

    @Test
    void seasonalFallsBackToLinearWithoutAnyValueAtTheSamePhase() {
        assertArrayEquals(new double[] {1, 2, 3}, Imputation.SEASONAL.fill(new double[] {1, NAN, 3}, 3), 1e-12);
        assertArrayEquals(new double[] {1, 2, 3}, Imputation.SEASONAL.fill(new double[] {1, NAN, 3}, 1), 1e-12);
    }

    @Test
    void leadingGapsTakeTheFirstObservedValue() {
        for (var method : List.of(Imputation.LINEAR, Imputation.FORWARD_FILL)) {
            assertArrayEquals(new double[] {5, 5, 5, 7}, method.fill(new double[] {NAN, NAN, 5, 7}, 1), method.id());
        }
    }

    @Test
    void trailingGapsTakeTheLastObservedValue() {
        for (var method : Imputation.values()) {
            assertArrayEquals(new double[] {5, 7, 7, 7}, method.fill(new double[] {5, 7, NAN, NAN}, 1), method.id());
        }
    }

    @Test
    void aSingleObservedValueFillsEverything() {
        for (var method : Imputation.values()) {
            assertArrayEquals(new double[] {4, 4, 4}, method.fill(new double[] {NAN, 4, NAN}, 1), method.id());
        }
    }

    @Test
    void aSeriesWithoutAnyObservedValueIsRefused() {
        for (var method : Imputation.values()) {
            assertThrows(IllegalArgumentException.class, () -> method.fill(new double[] {NAN, NAN, NAN}, 2), method.id());
            assertThrows(IllegalArgumentException.class, () -> method.fill(new double[0], 1), method.id());
        }
    }

    @Test
    void fillLeavesItsInputAlone() {
        double[] v = {1, NAN, 3};
        Imputation.LINEAR.fill(v, 1);
        assertTrue(Double.isNaN(v[1]));
    }

    @Test
    void observedValuesAreNeverChanged() {
        double[] v = {3, NAN, 8, 1, NAN, NAN, 2, 9};
        for (var method : Imputation.values()) {
            double[] filled = method.fill(v, 2);
            for (int i = 0; i < v.length; i++) {
                if (!Double.isNaN(v[i])) assertEquals(v[i], filled[i], method.id() + " at " + i);
                assertTrue(Double.isFinite(filled[i]), method.id() + " at " + i);
            }
        }
    }

    @Test
    void applyMakesMissingTimestampsExplicitAndFillsThem() {
        var t0 = Instant.parse("2024-01-01T00:00:00Z");
        var times = List.of(t0, t0.plusSeconds(3600), t0.plusSeconds(3 * 3600));
        var filled = Imputation.LINEAR.apply(TimeSeries.of(times, new double[] {1, 2, 4}), 1);
        assertEquals(4, filled.size());
        assertEquals(t0.plusSeconds(2 * 3600), filled.time(2));
        assertArrayEquals(new double[] {1, 2, 3, 4}, filled.values(), 1e-12);
        assertEquals(0, filled.missingCount());
    }

    @Test
    void applyReturnsACompleteSeriesUnchanged() {
        var t0 = Instant.parse("2024-01-01T00:00:00Z");
        var series = TimeSeries.of(List.of(t0, t0.plusSeconds(3600)), new double[] {1, 2});
        assertSame(series, Imputation.SEASONAL.apply(series, 24));
    }

    @Test
    void namesAreReadFromConfiguration() {
        assertEquals(Imputation.FORWARD_FILL, Imputation.parse(" forward_fill "));
        assertEquals(Imputation.LINEAR, Imputation.parse("LINEAR"));
        assertEquals("seasonal", Imputation.SEASONAL.id());
        assertThrows(IllegalArgumentException.class, () -> Imputation.parse("spline"));
    }
}
