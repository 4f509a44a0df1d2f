package forecast.adapters.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.series.Frequency;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The decomposition against what it must satisfy: the parts add back to the series, known cycles
 * are recovered, one period is exactly the STL that ARIMA's seasonal test uses, and the strength
 * tells a real cycle from an absent one. (No R {@code mstl} output is stored in the reference
 * fixtures, so none is compared here; the one-period case is pinned to the STL transcription that
 * ArimaReferenceTest checks against R's {@code nsdiffs}.)
 */
class MstlDecompositionTest {
    /** level 50, trend 0.01 per hour, daily amplitude {@code daily}, weekly amplitude {@code weekly}, white noise sd 1. */
    static double[] hourly(int n, double daily, double weekly, long seed) {
        var random = new Random(seed);
        double[] y = new double[n];
        for (int t = 0; t < n; t++)
            y[t] = 50 + 0.01 * t + daily * Math.sin(2 * Math.PI * t / 24) + weekly * Math.sin(2 * Math.PI * t / 168) + random.nextGaussian();
        return y;
    }

    @Test
    void theComponentsAddBackToTheSeries() {
        double[] x = hourly(1344, 10, 6, 1);
        var d = MstlDecomposition.of(x, 168, 24);
        assertArrayEquals(new int[] {24, 168}, d.periods(), "shortest first");
        double[] s0 = d.seasonal(0), s1 = d.seasonal(1), trend = d.trend(), rem = d.remainder(), des = d.deseasonalized();
        for (int t = 0; t < x.length; t++) {
            assertEquals(x[t], s0[t] + s1[t] + trend[t] + rem[t], 1e-9, "t=" + t);
            assertEquals(x[t] - s0[t] - s1[t], des[t], 1e-9, "t=" + t);
        }
    }

    @Test
    void knownDailyAndWeeklySinesAreRecovered() {
        int n = 1344; // eight weeks
        double[] x = hourly(n, 10, 6, 2);
        var d = MstlDecomposition.of(x, 24, 168);
        double[] daily = d.seasonal(0), weekly = d.seasonal(1), trend = d.trend();
        double dailyError = 0, weeklyError = 0, trendError = 0;
        for (int t = 0; t < n; t++) {
            dailyError += sq(daily[t] - 10 * Math.sin(2 * Math.PI * t / 24));
            weeklyError += sq(weekly[t] - 6 * Math.sin(2 * Math.PI * t / 168));
            trendError += sq(trend[t] - (50 + 0.01 * t));
        }
        dailyError = Math.sqrt(dailyError / n);
        weeklyError = Math.sqrt(weeklyError / n);
        trendError = Math.sqrt(trendError / n);
        System.out.printf("mstl on 8 weeks: rms error daily %.3f (amplitude 10), weekly %.3f (amplitude 6), trend %.3f; noise sd 1%n", dailyError, weeklyError, trendError);
        assertTrue(dailyError < 0.5, "daily rms error " + dailyError);
        assertTrue(weeklyError < 1.0, "weekly rms error " + weeklyError);
        assertTrue(trendError < 1.0, "trend rms error " + trendError);
        // the last cycle of each repeats as the seasonal forecast
        double[] next = d.seasonalForecast(200);
        for (int h = 0; h < 200; h++)
            assertEquals(daily[n - 24 + h % 24] + weekly[n - 168 + h % 168], next[h], 1e-12);
    }

    @Test
    void onePeriodIsTheStlOfArimasSeasonalTest() {
        double[] x = hourly(500, 10, 0, 3);
        var d = MstlDecomposition.of(x, 24);
        double[][] stl = ArimaStl.decompose(x, 24);
        assertArrayEquals(stl[0], d.seasonal(0), 1e-12);
        assertArrayEquals(stl[1], d.trend(), 1e-12);
        assertEquals(ArimaStl.strength(x, 24), d.strength(0), 1e-12);
        // the window is a parameter, not a copy: 11 is forecast::mstl's for one period
        assertArrayEquals(stl[0], ArimaStl.decompose(x, 24, ArimaStl.SEASONAL_WINDOW)[0], 0);
        assertTrue(maxAbsDifference(stl[0], ArimaStl.decompose(x, 24, 15)[0]) > 0, "a wider window smooths differently");
    }

    @Test
    void strengthTellsAPresentCycleFromAnAbsentOne() {
        var onlyDaily = MstlDecomposition.of(hourly(1344, 10, 0, 4), 24, 168).strengths();
        var both = MstlDecomposition.of(hourly(1344, 10, 6, 4), 24, 168).strengths();
        var onlyWeekly = MstlDecomposition.of(hourly(1344, 0, 10, 4), 24, 168).strengths();
        System.out.printf("strengths (24, 168): daily only %.3f %.3f; both %.3f %.3f; weekly only %.3f %.3f%n",
                onlyDaily[0], onlyDaily[1], both[0], both[1], onlyWeekly[0], onlyWeekly[1]);
        assertTrue(onlyDaily[0] > ArimaStl.THRESHOLD && onlyDaily[1] < ArimaStl.THRESHOLD, java.util.Arrays.toString(onlyDaily));
        assertTrue(both[0] > ArimaStl.THRESHOLD && both[1] > ArimaStl.THRESHOLD, java.util.Arrays.toString(both));
        assertTrue(onlyWeekly[0] < ArimaStl.THRESHOLD && onlyWeekly[1] > ArimaStl.THRESHOLD, java.util.Arrays.toString(onlyWeekly));
        double[] constant = new double[400];
        java.util.Arrays.fill(constant, 3);
        assertArrayEquals(new double[] {0, 0}, MstlDecomposition.of(constant, 24, 168).strengths());
    }

    @Test
    void theUsablePeriodsAreTheFrequencysSeasonsThatFitTwice() {
        assertArrayEquals(new int[] {24, 168}, MstlDecomposition.usablePeriods(Frequency.HOURLY, 337));
        assertArrayEquals(new int[] {24}, MstlDecomposition.usablePeriods(Frequency.HOURLY, 336), "two weeks exactly are not two full cycles and one more point");
        assertArrayEquals(new int[] {}, MstlDecomposition.usablePeriods(Frequency.HOURLY, 48));
        assertArrayEquals(new int[] {48, 336}, MstlDecomposition.usablePeriods(Frequency.ofDuration(Duration.ofMinutes(30)), 1000));
        assertArrayEquals(new int[] {7}, MstlDecomposition.usablePeriods(Frequency.DAILY, 730));
        assertArrayEquals(new int[] {7, 365}, MstlDecomposition.usablePeriods(Frequency.DAILY, 731));
        assertArrayEquals(new int[] {12}, MstlDecomposition.usablePeriods(Frequency.MONTHLY, 100));
        assertArrayEquals(new int[] {}, MstlDecomposition.usablePeriods(Frequency.ofMonths(12), 100));
    }

    @Test
    void periodsWithoutTwoCyclesAndGapsAreRefused() {
        double[] x = hourly(300, 10, 6, 5);
        assertThrows(IllegalArgumentException.class, () -> MstlDecomposition.of(x, 24, 168));
        assertThrows(IllegalArgumentException.class, () -> MstlDecomposition.of(x, 1));
        assertThrows(IllegalArgumentException.class, () -> MstlDecomposition.of(x, 24, 24));
        x[10] = Double.NaN;
        assertThrows(IllegalArgumentException.class, () -> MstlDecomposition.of(x, 24));
        var none = MstlDecomposition.of(hourly(30, 1, 1, 6));
        assertArrayEquals(none.trend(), none.deseasonalized(), "without a period the series is all trend");
    }

    private static double sq(double v) {
        return v * v;
    }

    private static double maxAbsDifference(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }
}
