package forecast.adapters.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.monitoring.DriftDetector;
import forecast.domain.monitoring.DriftScore;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Reference values: KS from SciPy 1.17.1, {@code ks_2samp(x, y, method='exact')} for small samples
 * and {@code scipy.special.kolmogorov(D * sqrt(n m / (n + m)))} (the limit distribution commons-math3
 * uses) for large ones; PSI by hand, checked with numpy ({@code percentile}, {@code searchsorted}).
 */
class DriftDetectorsTest {
    private final DriftDetector ks = MlAdapters.ksDrift(0.1, 0.05);
    private final DriftDetector psi = MlAdapters.psiDrift(10, 0.25);

    @Test
    void samplesOfTheSameDistributionDoNotDrift() {
        double[] reference = normal(500, 0, 1, 1);
        double[] recent = normal(500, 0, 1, 2);
        assertFalse(ks.compare(reference, recent).drifted(), () -> ks.compare(reference, recent).toString());
        assertFalse(psi.compare(reference, recent).drifted(), () -> psi.compare(reference, recent).toString());
    }

    @Test
    void aShiftOfOneStandardDeviationDrifts() {
        double[] reference = normal(500, 0, 1, 1);
        double[] recent = normal(500, 1, 1, 2);
        DriftScore k = ks.compare(reference, recent);
        assertTrue(k.drifted(), k::toString);
        assertTrue(k.statistic() > 0.3 && k.pValue() < 1e-10, k::toString); // D near 2Φ(0.5) − 1 = 0.38
        DriftScore p = psi.compare(reference, recent);
        assertTrue(p.drifted(), p::toString);
        assertTrue(Double.isNaN(p.pValue()));
    }

    /**
     * The point of judging by effect size: 20,000 values a side make a shift of 0.1 sd (D near 0.04)
     * highly significant, yet it is below the distance that matters. (A 0.03 sd shift is too small to
     * promise a tiny p-value at this size: over 40 seeds it ranged from 5e-5 to 0.87, median 0.014.)
     */
    @Test
    void aTinyShiftInHugeSamplesIsSignificantButNotDrift() {
        double[] reference = normal(20_000, 0, 1, 3);
        double[] recent = normal(20_000, 0.1, 1, 4);
        DriftScore k = ks.compare(reference, recent);
        assertTrue(k.pValue() < 1e-6, k::toString);
        assertTrue(k.statistic() < 0.1, k::toString);
        assertFalse(k.drifted());
        assertFalse(psi.compare(reference, recent).drifted());
    }

    /**
     * As the monitor cuts its windows: 4 whole seasons of reference, 1 whole season recent. Ten bins
     * need 50 values a side, so PSI with deciles does not judge 24 (NaN); with quartiles it does.
     */
    @Test
    void oneWholeSeasonOfTheSameSeasonalProcessDoesNotDrift() {
        var quartiles = MlAdapters.psiDrift(4, 0.25);
        for (long seed = 5; seed < 25; seed++) {
            var random = new Random(seed);
            double[] y = new double[5 * 24];
            for (int t = 0; t < y.length; t++) y[t] = 100 + 10 * Math.sin(2 * Math.PI * t / 24) + random.nextGaussian();
            double[] reference = Arrays.copyOfRange(y, 0, 4 * 24);
            double[] recent = Arrays.copyOfRange(y, 4 * 24, 5 * 24);
            assertFalse(ks.compare(reference, recent).drifted(), () -> ks.compare(reference, recent).toString());
            DriftScore deciles = psi.compare(reference, recent);
            assertTrue(Double.isNaN(deciles.statistic()) && !deciles.drifted(), deciles::toString);
            assertFalse(quartiles.compare(reference, recent).drifted(), () -> quartiles.compare(reference, recent).toString());
        }
    }

    @Test
    void ksMatchesSciPyOnSmallSamplesWithAndWithoutTies() {
        // D by hand: after 3, F_x = 1 and F_y = 2/4
        DriftScore tiny = ks.compare(new double[] {1, 2, 3}, new double[] {2, 3, 4, 5});
        assertEquals(0.5, tiny.statistic(), 1e-15);
        assertEquals(0.6571428571428571, tiny.pValue(), 1e-12);
        DriftScore untied = ks.compare(new double[] {19.1, 22.4, 20.3, 18.7, 21.5, 23.0, 20.8}, new double[] {24.2, 25.1, 22.9, 26.3, 23.8});
        assertEquals(0.8571428571428571, untied.statistic(), 1e-15);
        assertEquals(0.01515151515151515, untied.pValue(), 1e-12);
        DriftScore tied = ks.compare(new double[] {1, 2, 2, 3, 3, 3, 4, 5}, new double[] {2, 3, 4, 4, 5, 5, 6, 6, 7});
        assertEquals(0.5277777777777778, tied.statistic(), 1e-15);
        assertEquals(0.14232825997531878, tied.pValue(), 1e-12);
    }

    @Test
    void ksMatchesTheKolmogorovDistributionOnLargeSamples() {
        // deterministic, so SciPy sees the same numbers: frac(i φ) against 0.05 + 0.95 frac(i √2)
        double[] x = new double[700];
        double[] y = new double[700];
        for (int i = 1; i <= 700; i++) {
            x[i - 1] = (i * 0.6180339887498949) % 1.0;
            y[i - 1] = ((i * 1.4142135623730951) % 1.0) * 0.95 + 0.05;
        }
        DriftScore s = ks.compare(x, y);
        assertEquals(0.051428571428571435, s.statistic(), 1e-15);
        // scipy.special.kolmogorov(λ = 0.96214); SciPy's own method='asymp' gives 0.3024 (kstwo, n rounded)
        assertEquals(0.312809980618088, s.pValue(), 1e-9);
    }

    @Test
    void nearlyIdenticalTiedSamplesHaveAPValueOfOne() {
        // D = |999/1000 − 998/999| = 1/999000: commons-math3's series gives up this close to 0
        double[] x = DoubleStream.concat(DoubleStream.generate(() -> 0).limit(999), DoubleStream.of(1)).toArray();
        double[] y = DoubleStream.concat(DoubleStream.generate(() -> 0).limit(998), DoubleStream.of(1)).toArray();
        DriftScore s = ks.compare(x, y);
        assertEquals(1.0 / 999000, s.statistic(), 1e-15);
        assertEquals(1.0, s.pValue(), 1e-12);
        assertFalse(s.drifted());
    }

    @Test
    void psiMatchesHandComputedValues() {
        // median 5.5: e = (1/2, 1/2), a = (5/8, 3/8); 0.125 ln 1.25 + 0.125 ln (4/3)
        double[] oneToTen = DoubleStream.iterate(1, v -> v + 1).limit(10).toArray();
        double[] oneToEightTwice = DoubleStream.concat(DoubleStream.iterate(1, v -> v + 1).limit(8), DoubleStream.iterate(1, v -> v + 1).limit(8)).toArray();
        DriftScore s = MlAdapters.psiDrift(2, 0.1).compare(oneToTen, oneToEightTwice);
        assertEquals(0.06385320297074884, s.statistic(), 1e-14);
        assertFalse(s.drifted());
        // quartiles of 1..20 are 5.75, 10.5, 15.25: e = 1/4 each; everything recent lies beyond the
        // reference's range, in the open top bin, and the three empty bins are floored at 1e-4
        double[] oneToTwenty = DoubleStream.iterate(1, v -> v + 1).limit(20).toArray();
        double[] beyond = DoubleStream.iterate(21, v -> v + 1).limit(20).toArray();
        double expected = 3 * (1e-4 - 0.25) * Math.log(1e-4 / 0.25) + 0.75 * Math.log(4);
        assertEquals(6.9054080651788805, expected, 1e-12);
        DriftScore far = MlAdapters.psiDrift(4, 0.25).compare(oneToTwenty, beyond);
        assertEquals(expected, far.statistic(), 1e-12);
        assertTrue(far.drifted());
    }

    @Test
    void psiMergesTheEdgesOfTiedValues() {
        // 35 zeros, 5 each of 1, 2, 3: deciles 0 (seven times), 0.3, 1.2, 2.1 leave the bins (-inf, 0],
        // (0, 0.3], (0.3, 1.2], (1.2, 2.1], (2.1, inf) with e = (0.7, 0 → 1e-4, 0.1, 0.1, 0.1);
        // all-zero recent values give a = (1, 1e-4, 1e-4, 1e-4, 1e-4)
        double[] ten = {0, 0, 0, 0, 0, 0, 0, 1, 2, 3};
        double[] reference = IntStream.range(0, 50).mapToDouble(i -> ten[i % 10]).toArray();
        assertEquals(0.0, psi.compare(reference, reference).statistic(), 1e-15);
        double expected = 0.3 * Math.log(1 / 0.7) + 3 * (1e-4 - 0.1) * Math.log(1e-4 / 0.1);
        assertEquals(2.177256740292566, expected, 1e-12);
        assertEquals(expected, psi.compare(reference, new double[50]).statistic(), 1e-12);
    }

    @Test
    void psiDoesNotJudgeFewerThanFiveValuesPerBin() {
        double[] reference = normal(500, 0, 1, 8);
        DriftScore few = psi.compare(reference, normal(49, 3, 1, 9));
        assertTrue(Double.isNaN(few.statistic()) && !few.drifted(), few::toString);
        assertTrue(psi.compare(reference, normal(50, 3, 1, 9)).drifted());
    }

    @Test
    void missingValuesAreIgnoredAndTooFewAreNotDrift() {
        double[] reference = normal(200, 0, 1, 6);
        double[] recent = normal(200, 0.5, 1, 7);
        double[] gappy = DoubleStream.concat(DoubleStream.of(recent), DoubleStream.of(Double.NaN, Double.POSITIVE_INFINITY)).toArray();
        for (var d : new DriftDetector[] {ks, psi}) {
            assertEquals(d.compare(reference, recent), d.compare(reference, gappy));
            DriftScore none = d.compare(reference, new double[] {1, Double.NaN});
            assertTrue(Double.isNaN(none.statistic()));
            assertFalse(none.drifted());
        }
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> MlAdapters.ksDrift(1, 0.05));
        assertThrows(IllegalArgumentException.class, () -> MlAdapters.ksDrift(0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> MlAdapters.ksDrift(Double.NaN, 0.05));
        assertThrows(IllegalArgumentException.class, () -> MlAdapters.psiDrift(1, 0.25));
        assertThrows(IllegalArgumentException.class, () -> MlAdapters.psiDrift(10, 0));
        assertEquals("ks", ks.name());
        assertEquals("psi", psi.name());
    }

    private static double[] normal(int n, double mean, double sd, long seed) {
        var random = new Random(seed);
        return DoubleStream.generate(() -> mean + sd * random.nextGaussian()).limit(n).toArray();
    }
}
