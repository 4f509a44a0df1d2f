package forecast.adapters.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaussianProcessTest {
    private static double[][] points(int n, int d, long seed) {
        var random = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) for (int j = 0; j < d; j++) row[j] = random.nextDouble();
        return x;
    }

    private static double[] standardized(double[] y) {
        double mean = java.util.Arrays.stream(y).average().orElseThrow();
        double sd = Math.sqrt(java.util.Arrays.stream(y).map(v -> (v - mean) * (v - mean)).sum() / y.length);
        return java.util.Arrays.stream(y).map(v -> (v - mean) / sd).toArray();
    }

    @Test
    void thePosteriorInterpolatesNoiselessPointsWithNoVarianceLeftThere() {
        double[][] x = points(12, 2, 1);
        double[] y = standardized(java.util.Arrays.stream(x).mapToDouble(p -> Math.sin(6 * p[0]) + p[1] * p[1]).toArray());
        var gp = GaussianProcess.fit(x, new boolean[2], y);
        double[] h = gp.hyperparameters();
        assertTrue(h[3] < 1e-3, "a smooth noiseless function is fitted with little noise: " + h[3]);
        for (int i = 0; i < x.length; i++) {
            double[] mv = gp.posterior(x[i]);
            assertEquals(y[i], mv[0], 0.05, "mean at point " + i);
            assertTrue(mv[1] < 1e-2 * h[2], "variance at point " + i + ": " + mv[1]);
        }
        // away from the data the variance grows
        assertTrue(gp.posterior(new double[] {-1, -1})[1] > 0.5 * h[2]);
    }

    @Test
    void theMarginalLikelihoodGradientMatchesFiniteDifferences() {
        double[][] x = points(15, 3, 2);
        for (double[] p : x) p[2] = Math.floor(p[2] * 3); // a categorical coordinate
        boolean[] categorical = {false, false, true};
        double[] y = standardized(java.util.Arrays.stream(x).mapToDouble(p -> p[0] - 2 * p[1] * p[1] + (p[2] == 1 ? 1 : 0)).toArray());
        double[] theta = {0.3, -0.7, 0.2, 0.1, Math.log(0.05)};
        for (boolean prior : new boolean[] {false, true}) {
            double[] g = new double[theta.length];
            GaussianProcess.logMarginal(x, categorical, y, theta, g, prior);
            for (int i = 0; i < theta.length; i++) {
                double h = 1e-6;
                double[] up = theta.clone();
                double[] down = theta.clone();
                up[i] += h;
                down[i] -= h;
                double[] ignored = new double[theta.length];
                double numeric = (GaussianProcess.logMarginal(x, categorical, y, up, ignored, prior)
                        - GaussianProcess.logMarginal(x, categorical, y, down, ignored, prior)) / (2 * h);
                assertEquals(numeric, g[i], 1e-5 * Math.max(1, Math.abs(numeric)), "d/dθ" + i + (prior ? " with priors" : ""));
            }
        }
    }

    @Test
    void theAcquisitionGradientMatchesFiniteDifferences() {
        double[][] x = points(10, 2, 3);
        double[] y = standardized(java.util.Arrays.stream(x).mapToDouble(p -> Math.cos(5 * p[0]) * p[1]).toArray());
        var gp = GaussianProcess.fit(x, new boolean[2], y);
        double best = java.util.Arrays.stream(y).max().orElseThrow();
        for (double[] u : new double[][] {{0.3, 0.4}, {0.9, 0.1}, {0.55, 0.77}}) {
            double[] g = new double[2];
            gp.logEi(u, best, g);
            for (int i = 0; i < 2; i++) {
                double h = 1e-6;
                double[] up = u.clone();
                double[] down = u.clone();
                up[i] += h;
                down[i] -= h;
                double numeric = (gp.logEi(up, best, null) - gp.logEi(down, best, null)) / (2 * h);
                assertEquals(numeric, g[i], 1e-4 * Math.max(1, Math.abs(numeric)));
            }
        }
    }

    @Test
    void logEiIsTheLogOfTheClosedFormAndStaysFiniteFarInTheTail() {
        for (double z = -30; z <= 8; z += 0.25) {
            double h = LogEi.phi(z) + z * LogEi.cdf(z);
            if (h > 1e-300 && z > -20) {
                // the closed form loses digits to cancellation as z falls: compare within its own accuracy
                double tolerance = z > -4 ? 1e-12 : 1e-6;
                assertEquals(Math.log(h), LogEi.logH(z), tolerance * Math.max(1, Math.abs(Math.log(h))), "z = " + z);
                assertEquals(LogEi.cdf(z) / h, LogEi.dLogH(z), tolerance * LogEi.dLogH(z), "slope at z = " + z);
            }
            assertTrue(Double.isFinite(LogEi.logH(z)) && Double.isFinite(LogEi.dLogH(z)), "z = " + z);
        }
        // on both sides of the switch to the continued fraction
        assertEquals(LogEi.logH(Math.nextUp(-5.0)), LogEi.logH(-5.0), 1e-12);
        // far out: log h(z) = -z²/2 - log √(2π) - 2 log|z| + O(1/z²); EI itself underflows to 0
        for (double z : new double[] {-40, -100, -1e4}) {
            double asymptotic = -0.5 * z * z - 0.5 * Math.log(2 * Math.PI) - 2 * Math.log(-z);
            assertTrue(Double.isFinite(LogEi.logH(z)));
            assertEquals(asymptotic, LogEi.logH(z), 3 / (z * z) * 1.01);
            assertEquals(-z, LogEi.dLogH(z), 3 / -z);
        }
        assertEquals(0.0, LogEi.phi(-40) + -40 * LogEi.cdf(-40), "the closed form is 0 here");
        assertEquals(Math.log(0.5) + LogEi.logH(1.0), LogEi.logEi(0.5 + 1.0 * 0.5, 0.5, 0.5), 1e-15);
    }

    @Test
    void lbfgsMinimizesRosenbrock() {
        Lbfgs.Objective rosenbrock = (x, g) -> {
            double v = 0;
            java.util.Arrays.fill(g, 0);
            for (int i = 0; i + 1 < x.length; i++) {
                double a = x[i + 1] - x[i] * x[i];
                double b = 1 - x[i];
                v += 100 * a * a + b * b;
                g[i] += -400 * a * x[i] - 2 * b;
                g[i + 1] += 200 * a;
            }
            return v;
        };
        double[] inf = new double[4];
        double[] negInf = new double[4];
        java.util.Arrays.fill(inf, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(negInf, Double.NEGATIVE_INFINITY);
        var m = Lbfgs.minimize(rosenbrock, new double[] {-1.2, 1, -1.2, 1}, negInf, inf, 1000, 1e-9);
        assertEquals(0, m.value(), 1e-10);
        for (double v : m.point()) assertEquals(1, v, 1e-5);
        // in a box that excludes the minimum it stops on the boundary: x0 <= 0.5 gives x0 = 0.5, x1 = 0.25
        var boxed = Lbfgs.minimize(rosenbrock, new double[] {-1, -1}, new double[] {-2, -2}, new double[] {0.5, 2}, 1000, 1e-9);
        assertEquals(0.5, boxed.point()[0], 1e-9);
        assertEquals(0.25, boxed.point()[1], 1e-5);
    }
}
