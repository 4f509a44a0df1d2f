package forecast.domain.testing;

import forecast.domain.experiment.SignificanceTest;

/**
 * A test double for the arm statistics: large-sample normal approximations (a z-test for Welch,
 * the rank-sum z for Mann-Whitney without ties, the 2-category chi-square through z). Good enough
 * for the hundreds of samples the domain tests use; the real tests are in the ML adapter.
 */
public final class NormalApproximation implements SignificanceTest {
    @Override
    public double welchPValue(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2) return Double.NaN;
        double se = Math.sqrt(variance(a) / a.length + variance(b) / b.length);
        if (se == 0) return mean(a) == mean(b) ? 1 : 0;
        return twoSided((mean(a) - mean(b)) / se);
    }

    @Override
    public double mannWhitneyPValue(double[] a, double[] b) {
        if (a.length == 0 || b.length == 0) return Double.NaN;
        double u = 0;
        for (double x : a) for (double y : b) u += x > y ? 1 : x == y ? 0.5 : 0;
        double n1 = a.length;
        double n2 = b.length;
        return twoSided((u - n1 * n2 / 2) / Math.sqrt(n1 * n2 * (n1 + n2 + 1) / 12));
    }

    @Override
    public double chiSquarePValue(double[] expected, long[] observed) {
        if (expected.length != 2) throw new UnsupportedOperationException("two arms only in this double");
        double total = observed[0] + observed[1];
        double p = expected[0] / (expected[0] + expected[1]);
        return twoSided((observed[0] - total * p) / Math.sqrt(total * p * (1 - p)));
    }

    @Override
    public double tQuantile(double p, double degreesOfFreedom) {
        if (p != 0.975) throw new UnsupportedOperationException("only the 97.5% quantile in this double");
        return 1.959964;
    }

    private static double twoSided(double z) {
        return 2 * (1 - phi(Math.abs(z)));
    }

    // Abramowitz and Stegun 26.2.17, |error| < 7.5e-8
    private static double phi(double x) {
        double t = 1 / (1 + 0.2316419 * x);
        double d = Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
        return 1 - d * t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    private static double variance(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return s / (v.length - 1);
    }
}
