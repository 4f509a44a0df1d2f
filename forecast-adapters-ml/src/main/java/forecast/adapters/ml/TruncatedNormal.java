package forecast.adapters.ml;

import org.apache.commons.math3.special.Erf;

/**
 * The truncated normal distribution as TPE needs it: a port of Optuna's
 * {@code optuna/samplers/_tpe/_truncnorm.py} (itself taken from SciPy), which stays accurate far
 * in the tails by working with {@code log Φ} and only ever in the left tail. {@code a} and
 * {@code b} are the truncation bounds in standard units, {@code (bound - loc) / scale}.
 */
final class TruncatedNormal {
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final double NDTRI_EXP_APPROX_C = Math.sqrt(3) / Math.PI;
    private static final double LOG_2 = Math.log(2);
    private static final double SQRT_HALF = Math.sqrt(0.5);

    private TruncatedNormal() {}

    /** The value below which a fraction {@code q} of the mass of the standard normal truncated to [a, b] lies. */
    static double ppf(double q, double a, double b) {
        if (a == b) return Double.NaN;
        if (q == 1) return b;
        if (q == 0) return a;
        double logMass = logGaussMass(a, b);
        double x;
        if (a < 0) {
            x = ndtriExp(logAddExp(logNdtr(a), Math.log(q) + logMass));
        } else {
            // log Φ is accurate in the left tail only, so mirror the right-hand case onto it
            x = -ndtriExp(logAddExp(logNdtr(-b), Math.log1p(-q) + logMass));
        }
        // Newton's root can step a rounding error past a bound (and ±inf is its answer for log Φ = 0 or -inf)
        return Math.min(Math.max(x, a), b);
    }

    /** The log density at {@code x} of the normal({@code loc}, {@code scale}) truncated to [a, b] (standard units). */
    static double logPdf(double x, double a, double b, double loc, double scale) {
        return logPdf(x, a, b, loc, scale, logGaussMass(a, b));
    }

    /** {@link #logPdf(double, double, double, double, double)} with {@code logGaussMass(a, b)} already known. */
    static double logPdf(double x, double a, double b, double loc, double scale, double logMass) {
        double z = (x - loc) / scale;
        if (a == b) return Double.NaN;
        if (z < a || z > b) return Double.NEGATIVE_INFINITY;
        return -z * z / 2 - LOG_SQRT_2PI - logMass - Math.log(scale);
    }

    /** log of the standard normal mass in [a, b]. */
    static double logGaussMass(double a, double b) {
        if (b <= 0) return logDiff(logNdtr(b), logNdtr(a));
        if (a > 0) return logDiff(logNdtr(-a), logNdtr(-b));
        // Both tails subtracted from 1: no catastrophic cancellation when the mass is close to 1.
        return Math.log1p(-ndtr(a) - ndtr(-b));
    }

    /** log Φ(a), with the asymptotic series below -20 where Φ underflows. */
    static double logNdtr(double a) {
        if (a > 6) return -ndtrSingle(-a); // log(1 - p) = -p to double precision
        if (a > -20) return Math.log(ndtrSingle(a));
        double logLhs = -0.5 * a * a - Math.log(-a) - LOG_SQRT_2PI;
        double lastTotal = 0;
        double rightHandSide = 1;
        double numerator = 1;
        double denomFactor = 1;
        double denomCons = 1 / (a * a);
        int sign = 1;
        int i = 0;
        while (Math.abs(lastTotal - rightHandSide) > Math.ulp(1.0)) {
            i++;
            lastTotal = rightHandSide;
            sign = -sign;
            denomFactor *= denomCons;
            numerator *= 2 * i - 1;
            rightHandSide += sign * numerator * denomFactor;
        }
        return logLhs + Math.log(rightHandSide);
    }

    /**
     * The x with log Φ(x) = y, by Newton's method from an asymptotic or logistic first guess
     * (Optuna's {@code _ndtri_exp}); y close to 0 is solved on the mirrored side for precision.
     */
    static double ndtriExp(double y) {
        if (y == 0) return Double.POSITIVE_INFINITY;
        if (y == Double.NEGATIVE_INFINITY) return Double.NEGATIVE_INFINITY;
        boolean flipped = y > -1e-2;
        double z = flipped ? Math.log(-Math.expm1(y)) : y;
        double x = z < -5 ? -Math.sqrt(-2.0 * (z + LOG_SQRT_2PI)) : -NDTRI_EXP_APPROX_C * Math.log(Math.expm1(-z));
        for (int iteration = 0; iteration < 100; iteration++) {
            double logNdtrX = logNdtr(x);
            double logNormPdfX = -0.5 * x * x - LOG_SQRT_2PI;
            double dx = (logNdtrX - z) * Math.exp(logNdtrX - logNormPdfX);
            x -= dx;
            if (Math.abs(dx) < 1e-8 * Math.abs(x) || dx == 0) break;
        }
        return flipped ? -x : x;
    }

    /** numpy's {@code logaddexp}: log(e^x + e^y) without overflow. */
    static double logAddExp(double x, double y) {
        if (x == y) return x + LOG_2; // also two infinities of one sign
        double d = x - y;
        if (d > 0) return x + Math.log1p(Math.exp(-d));
        if (d <= 0) return y + Math.log1p(Math.exp(d));
        return d; // NaN
    }

    private static double logDiff(double logP, double logQ) {
        return logP + Math.log1p(-Math.exp(logQ - logP));
    }

    // Φ through erfc in the tails, as Optuna's _ndtr_single does, so that small masses keep their digits.
    private static double ndtrSingle(double a) {
        double x = a * SQRT_HALF;
        if (x < -SQRT_HALF) return 0.5 * Erf.erfc(-x);
        if (x < SQRT_HALF) return 0.5 + 0.5 * Erf.erf(x);
        return 1.0 - 0.5 * Erf.erfc(x);
    }

    // Φ through erf, as Optuna's vectorised _ndtr (only used where both tails are subtracted from 1).
    private static double ndtr(double a) {
        return 0.5 + 0.5 * Erf.erf(a * SQRT_HALF);
    }
}
