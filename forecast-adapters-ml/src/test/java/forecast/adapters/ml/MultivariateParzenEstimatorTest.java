package forecast.adapters.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.tuning.CategoricalDistribution;
import forecast.domain.tuning.Distribution;
import forecast.domain.tuning.FloatDistribution;
import forecast.domain.tuning.IntDistribution;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The multivariate Parzen estimator against Optuna 3.1.0's {@code _ParzenEstimator} with
 * {@code multivariate=True} and TPESampler's other defaults (consider_prior, prior_weight 1,
 * consider_magic_clip, consider_endpoints=False, default_weights): every expected number below was
 * printed by Optuna 3.1.0 (Debian's python3-optuna) for the same observations. Its log pdf uses the
 * same {@code _truncnorm.logpdf} as the univariate one, without -log sigma
 * ({@link TpeSettings#equalHeightKernels()}).
 */
class MultivariateParzenEstimatorTest {
    private static final TpeSettings SETTINGS = TpeSettings.OPTUNA_DEFAULTS.withMultivariate(true, false);
    private static final FloatDistribution X = FloatDistribution.of(0, 10);
    private static final FloatDistribution Y = FloatDistribution.of(0, 10);

    private static Map<String, Distribution> space(Object... nameAndDistribution) {
        var space = new LinkedHashMap<String, Distribution>();
        for (int i = 0; i < nameAndDistribution.length; i += 2) space.put((String) nameAndDistribution[i], (Distribution) nameAndDistribution[i + 1]);
        return space;
    }

    private static Map<String, double[]> values(Object... nameAndValues) {
        var values = new LinkedHashMap<String, double[]>();
        for (int i = 0; i < nameAndValues.length; i += 2) values.put((String) nameAndValues[i], (double[]) nameAndValues[i + 1]);
        return values;
    }

    private static Kernels.Numerical numerical(MultivariateParzenEstimator pe, String name) {
        return (Kernels.Numerical) pe.kernels(name);
    }

    @Test
    void floatsLogFloatsGridIntegersAndACategoricalTogether() {
        var space = space("kind", CategoricalDistribution.of("a", "b", "c"), "lr", FloatDistribution.logScale(1e-4, 1),
                "n", IntDistribution.stepped(0, 20, 2), "x", X);
        var pe = MultivariateParzenEstimator.of(values("kind", new double[] {0, 2, 2, 1}, "lr", new double[] {1e-3, 0.02, 0.5, 1e-4},
                "n", new double[] {4, 10, 20, 0}, "x", new double[] {1, 2, 8, 9.5}), space, SETTINGS);
        assertArrayEquals(new double[] {0.2, 0.2, 0.2, 0.2, 0.2}, pe.weights(), 1e-15);
        // Scott's rule: 0.2 * 4^(-1/(4 + 4)) of each range; the prior as wide as the range
        assertEquals(0.16817928305074292, MultivariateParzenEstimator.sigma0(4, 4), 1e-15);
        assertArrayEquals(new double[] {1, 2, 8, 9.5, 5}, numerical(pe, "x").mu(), 1e-15);
        assertArrayEquals(new double[] {1.6817928305074292, 1.6817928305074292, 1.6817928305074292, 1.6817928305074292, 10},
                numerical(pe, "x").sigma(), 1e-13);
        assertArrayEquals(new double[] {-6.907755278982137, -3.912023005428146, -0.6931471805599453, -9.210340371976182, -4.605170185988091},
                numerical(pe, "lr").mu(), 1e-13);
        assertArrayEquals(new double[] {1.5489884404122671, 1.5489884404122671, 1.5489884404122671, 1.5489884404122671, 9.210340371976182},
                numerical(pe, "lr").sigma(), 1e-13);
        // the grid's range is widened by half a step each side: 22 wide
        assertArrayEquals(new double[] {4, 10, 20, 0, 10}, numerical(pe, "n").mu(), 1e-15);
        assertArrayEquals(new double[] {3.6999442271163443, 3.6999442271163443, 3.6999442271163443, 3.6999442271163443, 22},
                numerical(pe, "n").sigma(), 1e-13);
        double[][] kind = ((Kernels.Categorical) pe.kernels("kind")).weights();
        assertArrayEquals(new double[] {0.75, 0.125, 0.125}, kind[0], 1e-15);
        assertArrayEquals(new double[] {0.125, 0.125, 0.75}, kind[1], 1e-15);
        assertArrayEquals(new double[] {0.125, 0.75, 0.125}, kind[3], 1e-15);
        assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, kind[4], 1e-15);
        assertArrayEquals(new double[] {-4.254202582125047, -4.934397071366588, -5.1392580747587715},
                pe.logPdf(values("kind", new double[] {0, 2, 1}, "lr", new double[] {1e-3, 0.3, 1.0}, "n", new double[] {4, 14, 20},
                        "x", new double[] {1.2, 5.0, 10.0})), 1e-12);
    }

    @Test
    void oneObservationsKernelIsClippedToTheRangeOverThreeKernels() {
        // sigma0 = 0.2 * 1^(-1/6) = 0.2: 2 wide, below the magic clip's 10 / min(100, 1 + 2) = 3.33
        var pe = MultivariateParzenEstimator.of(values("x", new double[] {3}, "y", new double[] {7}), space("x", X, "y", Y), SETTINGS);
        assertArrayEquals(new double[] {3.3333333333333335, 10}, numerical(pe, "x").sigma(), 1e-15);
        assertArrayEquals(new double[] {-0.4363920064563824, -0.7376450663307126},
                pe.logPdf(values("x", new double[] {3, 0}, "y", new double[] {7, 10})), 1e-12);
    }

    // numpy.random.RandomState(0).uniform(0, 10, 30), twice
    private static final double[] XS = {5.4881350392732475, 7.151893663724195, 6.027633760716439, 5.448831829968968, 4.236547993389047,
            6.458941130666561, 4.375872112626925, 8.917730007820797, 9.636627605010293, 3.8344151882577773, 7.917250380826646, 5.288949197529044,
            5.680445610939323, 9.25596638292661, 0.7103605819788694, 0.8712929970154071, 0.2021839744032572, 8.32619845547938, 7.781567509498505,
            8.700121482468191, 9.78618342232764, 7.9915856421672355, 4.6147936225293185, 7.805291762864554, 1.1827442586893322, 6.399210213275238,
            1.433532874090464, 9.446689170495839, 5.218483217500717, 4.146619399905235};
    private static final double[] YS = {2.64555612104627, 7.742336894342166, 4.5615033221654855, 5.684339488686485, 0.18789800436355142,
            6.176354970758771, 6.120957227224214, 6.169339968747569, 9.437480785146242, 6.818202991034834, 3.59507900573786, 4.3703195379934145,
            6.976311959272649, 0.6022547162926983, 6.667667154456677, 6.706378696181594, 2.103825610738409, 1.289262976548533, 3.1542835092418384,
            3.637107709426226, 5.701967704178797, 4.386015134623204, 9.883738380592263, 1.0204481074802807, 2.088767560948347, 1.6130951788499626,
            6.531083254653984, 2.532916025397821, 4.663107728563062, 2.4442559200160274};

    @Test
    void thirtyObservationsNarrowTheKernelsAndRampTheOldestWeights() {
        var pe = MultivariateParzenEstimator.of(values("x", XS, "y", YS), space("x", X, "y", Y), SETTINGS);
        // 0.2 * 30^(-1/6) * 10, above the clip's 10 / 32
        assertEquals(1.1346008899494893, numerical(pe, "x").sigma()[0], 1e-13);
        assertEquals(1.1346008899494893, numerical(pe, "y").sigma()[29], 1e-13);
        double[] w = pe.weights();
        assertArrayEquals(new double[] {0.00116618075801749, 0.03498542274052478, 0.03498542274052478, 0.03498542274052478, 0.03498542274052478},
                new double[] {w[0], w[4], w[5], w[29], w[30]}, 1e-15);
        assertArrayEquals(new double[] {-3.156956403851393, -2.9924799353228453},
                pe.logPdf(values("x", new double[] {2.0, 7.5}, "y", new double[] {3.0, 0.5})), 1e-12);
    }

    @Test
    void aJointDrawTakesEveryParameterFromTheSameComponent() {
        // two far-apart clusters on a diagonal: draws land near (1, 1) or (9, 9), never (1, 9)
        var far = MultivariateParzenEstimator.of(values("x", new double[] {1, 9, 1, 9, 1, 9}, "y", new double[] {1, 9, 1, 9, 1, 9}),
                space("x", X, "y", Y), SETTINGS);
        var draws = far.sample(new SplittableRandom(5), 4000);
        int offDiagonal = 0;
        int nearCluster = 0;
        for (int i = 0; i < 4000; i++) {
            double x = draws.get("x")[i];
            double y = draws.get("y")[i];
            assertTrue(X.contains(x) && Y.contains(y));
            if (Math.abs(x - 1) < 1.5 && Math.abs(y - 9) < 1.5 || Math.abs(x - 9) < 1.5 && Math.abs(y - 1) < 1.5) offDiagonal++;
            if (Math.abs(x - y) < 3 && (Math.abs(x - 1) < 2.5 || Math.abs(x - 9) < 2.5)) nearCluster++;
        }
        // only the prior (weight 1/7, uniform-ish over the square) lands off the diagonal: about 1/7 * 2 * 0.09
        assertTrue(offDiagonal < 0.04 * 4000, "off the diagonal " + offDiagonal);
        assertTrue(nearCluster > 0.75 * 4000, "near a cluster " + nearCluster);
        // and the density agrees: the clusters against the empty corners (the exact density: Optuna
        // 3.1's scores lift the wide prior's kernel by log(10 / 1.48) per parameter, to within 0.7)
        var exact = MultivariateParzenEstimator.of(values("x", new double[] {1, 9, 1, 9, 1, 9}, "y", new double[] {1, 9, 1, 9, 1, 9}),
                space("x", X, "y", Y), TpeSettings.OPTUNA_DEFAULTS.withMultivariate(true, false).withEqualHeightKernels(false));
        double[] log = exact.logPdf(values("x", new double[] {1, 9, 1}, "y", new double[] {1, 9, 9}));
        assertTrue(log[0] > log[2] + 2 && log[1] > log[2] + 2, Arrays.toString(log));
        double[] scores = far.logPdf(values("x", new double[] {1, 9, 1}, "y", new double[] {1, 9, 9}));
        assertTrue(scores[0] > scores[2] && scores[1] > scores[2], Arrays.toString(scores));
    }

    @Test
    void oneParameterAloneGetsScottsBandwidthToo() {
        // what multivariate TPE's one-at-a-time sampling fits, as Optuna 3.1 shares the estimator's
        // parameters between both paths: 0.2 * 10^(-1/5) * 10 for every observation, not the gaps
        var pe = MultivariateParzenEstimator.of(values("x", new double[] {0.5, 1, 2, 2.5, 3, 4, 6, 7.5, 8, 9}), space("x", X), SETTINGS);
        double[] sigma = numerical(pe, "x").sigma();
        assertEquals(1.2619146889603865, sigma[0], 1e-13);
        assertEquals(1.2619146889603865, sigma[9], 1e-13);
        assertEquals(10, sigma[10]);
        assertArrayEquals(new double[] {-1.5179062899251046, -1.749498918006758, -1.9765295286858775},
                pe.logPdf(values("x", new double[] {0.5, 5.0, 9.9})), 1e-12);
    }

    @Test
    void withoutObservationsItIsThePriorAlone() {
        var pe = MultivariateParzenEstimator.of(values("x", new double[0], "kind", new double[0]),
                space("x", X, "kind", CategoricalDistribution.of("a", "b")), SETTINGS);
        assertArrayEquals(new double[] {1.0}, pe.weights());
        assertArrayEquals(new double[] {10}, numerical(pe, "x").sigma());
        var draws = pe.sample(new SplittableRandom(2), 50);
        for (double v : draws.get("kind")) assertTrue(v == 0 || v == 1);
    }
}
