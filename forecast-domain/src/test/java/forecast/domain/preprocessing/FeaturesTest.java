package forecast.domain.preprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FeaturesTest {
    private static final double[] Y = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};

    @Test
    void lagBeforeTheStartIsUnknown() {
        assertEquals(9, Features.lag(Y, 9, 0));
        assertEquals(6, Features.lag(Y, 9, 3));
        assertTrue(Double.isNaN(Features.lag(Y, 2, 3)));
        assertTrue(Double.isNaN(Features.at(Y, 10)));
    }

    @Test
    void rollingStatisticsSkipGapsAndTheTimeBeforeTheStart() {
        assertEquals(8, Features.rollingMean(Y, 9, 3));
        assertEquals(1, Features.rollingStd(Y, 9, 3), 1e-12);
        assertEquals(0.5, Features.rollingMean(Y, 1, 5));
        double[] gappy = {1, Double.NaN, 3, Double.NaN};
        assertEquals(2, Features.rollingMean(gappy, 3, 4));
        assertEquals(Math.sqrt(2), Features.rollingStd(gappy, 3, 4), 1e-12);
        assertTrue(Double.isNaN(Features.rollingMean(gappy, 3, 1)));
        assertTrue(Double.isNaN(Features.rollingStd(gappy, 2, 2)));
    }

    @Test
    void samePhaseValueIsTheLatestKnownOneAtTheTargetsPhase() {
        // origin 9, period 4: targets 10..13 map to 6..9, 14 to 6 again
        assertEquals(6, Features.samePhaseIndex(9, 1, 4));
        assertEquals(9, Features.samePhaseIndex(9, 4, 4));
        assertEquals(6, Features.samePhaseIndex(9, 5, 4));
        assertEquals(9, Features.samePhaseIndex(9, 1, 1));
        assertEquals(7, Features.samePhase(Y, 9, 2, 4));
        assertTrue(Double.isNaN(Features.samePhase(Y, 2, 1, 8)));
        assertThrows(IllegalArgumentException.class, () -> Features.samePhaseIndex(9, 0, 4));
    }

    @Test
    void samePhaseMeanAveragesWholeSeasonsBack() {
        // origin 9, h 1, period 3: indices 7, 4, 1
        assertEquals(4, Features.samePhaseMean(Y, 9, 1, 3, 3));
        // only index 1 and the ones before the start: mean of what is known
        assertEquals(1, Features.samePhaseMean(Y, 3, 1, 3, 3));
    }

    @Test
    void calendarFeaturesAreTakenInUtc() {
        var t = Instant.parse("2024-02-29T17:30:00Z"); // a Thursday
        assertEquals(17, Features.hourOfDay(t));
        assertEquals(4, Features.dayOfWeek(t));
        assertEquals(29, Features.dayOfMonth(t));
        assertEquals(2, Features.month(t));
        assertArrayEquals(new double[] {17, 4, 29, 2}, Features.calendar(t));
        assertEquals(Features.CALENDAR_NAMES.size(), Features.calendar(t).length);
        assertEquals(7, Features.dayOfWeek(Instant.parse("1969-12-28T23:59:59Z")));
    }

    @Test
    void cyclicEncodingJoinsTheEndOfACycleToItsStart() {
        assertEquals(Features.sinCycle(0, 24), Features.sinCycle(24, 24), 1e-12);
        assertEquals(1, Features.cosCycle(0, 24), 1e-12);
        assertEquals(1, Features.sinCycle(6, 24), 1e-12);
    }
}
