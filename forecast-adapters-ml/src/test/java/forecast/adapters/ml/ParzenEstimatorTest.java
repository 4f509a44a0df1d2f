package forecast.adapters.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.tuning.CategoricalDistribution;
import forecast.domain.tuning.Distribution;
import forecast.domain.tuning.FloatDistribution;
import forecast.domain.tuning.IntDistribution;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The univariate Parzen estimator against Optuna 3.1.0's {@code _ParzenEstimator} with
 * {@code TPESampler}'s defaults (consider_prior, prior_weight 1, consider_magic_clip,
 * consider_endpoints=False, default_weights): every expected number below was printed by
 * Optuna 3.1.0 (Debian's python3-optuna) for the same observations, and is checked by hand in the
 * comments where that is short. Optuna 3.1 scores continuous kernels without their -log sigma
 * ({@link TpeSettings#equalHeightKernels()}, the default here).
 */
class ParzenEstimatorTest {
    private static final TpeSettings DEFAULTS = TpeSettings.OPTUNA_DEFAULTS;

    private static ParzenEstimator of(Distribution d, double... observations) {
        return ParzenEstimator.of(observations, d, DEFAULTS);
    }

    private static Kernels.Numerical numerical(ParzenEstimator pe) {
        return (Kernels.Numerical) pe.kernels();
    }

    @Test
    void bandwidthsAreTheWiderGapToANeighbourExceptAtTheEnds() {
        // sorted with the prior's centre 5 and the ends: 0 | 1 2 5 8 | 10. Without consider_endpoints
        // the outermost kernels take their inner gap: 1 -> 2-1 = 1, clipped up to 10/min(100, 1+4) = 2;
        // 2 -> max(1, 3) = 3; 8 -> 8-5 = 3; the prior is as wide as the range, 10.
        var pe = of(FloatDistribution.of(0, 10), 1, 2, 8);
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, pe.weights(), 1e-15);
        assertArrayEquals(new double[] {1, 2, 8, 5}, numerical(pe).mu(), 1e-15);
        assertArrayEquals(new double[] {2, 3, 3, 10}, numerical(pe).sigma(), 1e-15);
        assertArrayEquals(new double[] {-0.6943000250068206, -0.6376205175502999, -0.8149459445494088, -1.0644270405026635},
                pe.logPdf(new double[] {0.5, 2.0, 5.0, 9.9}), 1e-12);
    }

    @Test
    void withoutEqualHeightsTheMixtureIsTheExactDensityOfOptunaThreeFiveAndLater() {
        // the same kernels; each term now w_k * truncated normal density (with 1/sigma_k), as
        // log(sum(w * exp(-z^2/2) / sqrt(2 pi) / sigma / Z)) computes it in numpy
        var exact = ParzenEstimator.of(new double[] {1, 2, 8}, FloatDistribution.of(0, 10), DEFAULTS.withEqualHeightKernels(false));
        assertArrayEquals(new double[] {2, 3, 3, 10}, numerical(exact).sigma(), 1e-15);
        assertArrayEquals(new double[] {-2.0035657012815964, -1.9711339188378394, -2.407562285063311, -2.7956050248981676},
                exact.logPdf(new double[] {0.5, 2.0, 5.0, 9.9}), 1e-12);
        // it integrates to 1 (trapezoids on [0, 10]); Optuna 3.1's score function does not
        double[] grid = IntStream.rangeClosed(0, 10_000).mapToDouble(i -> i / 1000.0).toArray();
        assertEquals(1.0, integral(exact.logPdf(grid), 1e-3), 1e-6);
        assertTrue(integral(of(FloatDistribution.of(0, 10), 1, 2, 8).logPdf(grid), 1e-3) > 1.5);
    }

    private static double integral(double[] logDensity, double h) {
        double sum = 0;
        for (int i = 1; i < logDensity.length; i++) sum += (Math.exp(logDensity[i - 1]) + Math.exp(logDensity[i])) * h / 2;
        return sum;
    }

    @Test
    void gridsAreTheSameEitherWay() {
        double[] points = {0, 35, 40, 100};
        var d = IntDistribution.stepped(0, 100, 5);
        assertArrayEquals(of(d, 20, 40, 40, 100).logPdf(points),
                ParzenEstimator.of(new double[] {20, 40, 40, 100}, d, DEFAULTS.withEqualHeightKernels(false)).logPdf(points), 0);
    }

    @Test
    void oneObservationIsAsWideAsItsGapToThePrior() {
        var pe = of(FloatDistribution.of(0, 10), 0);
        assertArrayEquals(new double[] {0.5, 0.5}, pe.weights(), 1e-15);
        assertArrayEquals(new double[] {5, 10}, numerical(pe).sigma(), 1e-15);
        assertArrayEquals(new double[] {-0.13049033796810994, -0.2556412134698917}, pe.logPdf(new double[] {0, 5}), 1e-12);
    }

    @Test
    void aSteppedIntegerIsANormalOnTheRangeWidenedByHalfAStepEachSide() {
        // ends -2.5 and 102.5, prior centre 50, range 105: 20 -> 40-20; 40 -> 20; the other 40 -> max(0, 10),
        // clipped up to 105/min(100, 1+5) = 17.5; 100 (last) -> 100-50; the prior 105
        var pe = of(IntDistribution.stepped(0, 100, 5), 20, 40, 40, 100);
        assertArrayEquals(new double[] {20, 40, 40, 100, 50}, numerical(pe).mu(), 1e-12);
        assertArrayEquals(new double[] {20, 20, 17.5, 50, 105}, numerical(pe).sigma(), 1e-12);
        assertArrayEquals(new double[] {-3.5263469645464625, -2.582369705983938, -2.5941313786950557, -3.684017560404347},
                pe.logPdf(new double[] {0, 35, 40, 100}), 1e-12);
    }

    @Test
    void logScalesWorkOnTheLogarithms() {
        var lr = of(FloatDistribution.logScale(1e-5, 1), 1e-3, 1e-2);
        assertArrayEquals(new double[] {-6.907755278982137, -4.605170185988091, -5.756462732485114}, numerical(lr).mu(), 1e-12);
        assertArrayEquals(new double[] {2.878231366242557, 2.878231366242557, 11.512925464970229}, numerical(lr).sigma(), 1e-12);
        assertArrayEquals(new double[] {-0.7454709448887786, -0.5267489147992477, -0.9534496252931052},
                lr.logPdf(new double[] {1e-4, 1e-2, 0.5}), 1e-12);

        // a log-scale integer: log(low - 1/2) .. log(high + 1/2), no grid
        var k = of(IntDistribution.logScale(1, 1000), 3, 30);
        assertArrayEquals(new double[] {1.0986122886681098, 3.4011973816621555, 3.1075539867319213}, numerical(k).mu(), 1e-12);
        assertArrayEquals(new double[] {2.0089416980638113, 1.9003505836459333, 7.601402334583733}, numerical(k).sigma(), 1e-12);
        assertArrayEquals(new double[] {-0.7161241368859456, -0.5101482606915503, -1.0952880629350483},
                k.logPdf(new double[] {1, 10, 1000}), 1e-12);
    }

    @Test
    void aCategoricalKernelAddsOneToItsChoiceOfAPriorRowSpreadOverTheKernels() {
        // each row: 1/5 on every choice, +1 on the observed one, normalised: 1.2/1.6 = 0.75, 0.2/1.6 = 0.125
        var pe = of(CategoricalDistribution.of("a", "b", "c"), 0, 2, 2, 1);
        var rows = ((Kernels.Categorical) pe.kernels()).weights();
        assertArrayEquals(new double[] {0.75, 0.125, 0.125}, rows[0], 1e-15);
        assertArrayEquals(new double[] {0.125, 0.125, 0.75}, rows[1], 1e-15);
        assertArrayEquals(new double[] {0.125, 0.75, 0.125}, rows[3], 1e-15);
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, rows[4], 1e-15);
        assertArrayEquals(new double[] {-1.23214368, -1.23214368, -0.87546874}, pe.logPdf(new double[] {0, 1, 2}), 1e-8);
    }

    @Test
    void fromTwentyFiveObservationsTheOlderOnesWeighLess() {
        double[] x = IntStream.range(0, 30).mapToDouble(i -> 10.0 * i / 29).toArray(); // np.linspace(0, 10, 30)
        var pe = of(FloatDistribution.of(0, 10), x);
        double[] w = pe.weights();
        assertEquals(31, w.length);
        assertArrayEquals(new double[] {0.00116618, 0.00962099, 0.0180758, 0.02653061, 0.03498542, 0.03498542},
                java.util.Arrays.copyOf(w, 6), 1e-8);
        assertEquals(w[4], w[30], 1e-15, "the prior weighs as a recent observation");
        // evenly spaced: every kernel as wide as the spacing 10/29 (above the magic clip's 10/32)
        assertEquals(10.0 / 29, numerical(pe).sigma()[10], 1e-12);
        assertArrayEquals(new double[] {-2.82757472, -2.64913271}, pe.logPdf(new double[] {1, 7}), 1e-8);
    }
}
