package forecast.adapters.web;

import forecast.domain.experiment.SignificanceTest;

/**
 * A test double for {@link SignificanceTest} (the real one, on commons-math3, lives in the ML
 * adapter, which this module must not see): every test by its large-sample normal approximation.
 * Welch's t as a z, Mann-Whitney's U by its normal approximation without tie correction, the
 * chi-square tail by Wilson-Hilferty, and t quantiles as normal ones. Close enough for routing
 * tests with dozens of samples; not for real decisions.
 */
final class NormalSignificance implements SignificanceTest {
    @Override
    public double welchPValue(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2) return Double.NaN;
        double ma = mean(a), mb = mean(b);
        double se = Math.sqrt(variance(a, ma) / a.length + variance(b, mb) / b.length);
        if (se == 0) return ma == mb ? 1 : 0;
        return 2 * (1 - phi(Math.abs(ma - mb) / se));
    }

    @Override
    public double mannWhitneyPValue(double[] a, double[] b) {
        if (a.length == 0 || b.length == 0) return Double.NaN;
        double u = 0;
        for (double x : a)
            for (double y : b) u += x > y ? 1 : x == y ? 0.5 : 0;
        double n1 = a.length, n2 = b.length;
        double sd = Math.sqrt(n1 * n2 * (n1 + n2 + 1) / 12);
        return sd == 0 ? 1 : Math.min(1, 2 * (1 - phi(Math.abs(u - n1 * n2 / 2) / sd)));
    }

    @Override
    public double chiSquarePValue(double[] expected, long[] observed) {
        double total = 0, shares = 0;
        for (long o : observed) total += o;
        for (double e : expected) shares += e;
        if (expected.length < 2 || total == 0) return Double.NaN;
        double x = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = total * expected[i] / shares;
            x += (observed[i] - e) * (observed[i] - e) / e;
        }
        double k = expected.length - 1;
        double z = (Math.cbrt(x / k) - (1 - 2 / (9 * k))) / Math.sqrt(2 / (9 * k));
        return 1 - phi(z);
    }

    @Override
    public double tQuantile(double p, double degreesOfFreedom) {
        double lo = -40, hi = 40;
        for (int i = 0; i < 100; i++) {
            double mid = (lo + hi) / 2;
            if (phi(mid) < p) lo = mid;
            else hi = mid;
        }
        return (lo + hi) / 2;
    }

    /** The standard normal distribution function, by Abramowitz and Stegun 7.1.26 (error below 1.5e-7). */
    static double phi(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
        return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    private static double variance(double[] v, double mean) {
        double s = 0;
        for (double x : v) s += (x - mean) * (x - mean);
        return s / (v.length - 1);
    }
}
