package forecast.adapters.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Reference values from SciPy 1.17: {@code ttest_ind(a, b, equal_var=False)}, {@code t.ppf},
 * {@code chisquare}, {@code mannwhitneyu(method='asymptotic', use_continuity=False)}.
 */
class CommonsMathSignificanceTest {
    private final CommonsMathSignificance stats = new CommonsMathSignificance();
    private final double[] a = {19.1, 22.4, 20.3, 18.7, 21.5, 23.0, 20.8};
    private final double[] b = {24.2, 25.1, 22.9, 26.3, 23.8};

    @Test
    void welchMatchesR() {
        // t = -4.3278, df = 9.7523
        assertEquals(0.0015845434223972017, stats.welchPValue(a, b), 1e-12);
    }

    @Test
    void tQuantileMatchesR() {
        assertEquals(2.228138851986274, stats.tQuantile(0.975, 10), 1e-9);
        assertEquals(1.959964, stats.tQuantile(0.975, 1e7), 1e-5);
    }

    @Test
    void chiSquareOfASplitMatchesR() {
        assertEquals(0.16754627748861328, stats.chiSquarePValue(new double[] {0.7, 0.3}, new long[] {720, 280}), 1e-9);
        assertEquals(0.0005599062480061843, stats.chiSquarePValue(new double[] {0.7, 0.3}, new long[] {650, 350}), 1e-11);
    }

    @Test
    void mannWhitneyMatchesSciPyWithAndWithoutTies() {
        assertEquals(0.007371167746956715, stats.mannWhitneyPValue(a, b), 1e-9);
        double[] c = {1, 2, 2, 3, 3, 3, 4, 5};
        double[] d = {2, 3, 4, 4, 5, 5, 6, 6, 7};
        assertEquals(0.028075012477371607, stats.mannWhitneyPValue(c, d), 1e-9);
    }

    @Test
    void tooLittleDataIsNaNNotAnError() {
        assertTrue(Double.isNaN(stats.welchPValue(new double[] {1}, b)));
        assertTrue(Double.isNaN(stats.chiSquarePValue(new double[] {0.5, 0.5}, new long[] {0, 0})));
        assertTrue(Double.isNaN(stats.mannWhitneyPValue(new double[0], b)));
        assertEquals(0.0, stats.welchPValue(new double[] {1, 1}, new double[] {2, 2}));
    }
}
