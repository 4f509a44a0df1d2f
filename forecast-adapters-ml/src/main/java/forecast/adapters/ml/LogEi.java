package forecast.adapters.ml;

import org.apache.commons.math3.special.Erf;

/**
 * The logarithm of expected improvement, computed so that it stays finite and accurate far in the
 * tail (Optuna's {@code standard_logei}, BoTorch's {@code LogExpectedImprovement}; Ament et al.
 * 2023, "Unexpected improvements to expected improvement"). Plain EI underflows to 0 wherever the
 * posterior puts the best value many standard deviations away, which is most of the cube once a
 * few points are known; its logarithm keeps a slope there for the optimiser to follow.
 *
 * <p>For a maximised latent f with posterior N(mean, sigma²) and incumbent {@code best},
 * EI = sigma h(z) with z = (mean - best) / sigma and h(z) = φ(z) + z Φ(z). For z > -5 h is
 * computed directly (cancellation costs at most a few digits there). Below, with x = -z,
 * h(z) = φ(z) (1 - x R(x)) where R is Mills' ratio; writing Laplace's continued fraction
 * R(x) = 1 / (x + c), c = 1 / (x + 2 / (x + 3 / (x + ...))), gives 1 - x R(x) = c / (x + c) with no
 * cancellation at all.
 */
final class LogEi {
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final double SQRT2 = Math.sqrt(2);
    private static final double TAIL = -5;

    private LogEi() {}

    /** log EI of a maximised f ~ N(mean, sigma²) over {@code best}. */
    static double logEi(double mean, double sigma, double best) {
        return Math.log(sigma) + logH((mean - best) / sigma);
    }

    /** log h(z), h(z) = φ(z) + z Φ(z) = E[max(Z + z, 0)] for a standard normal Z. */
    static double logH(double z) {
        if (z > TAIL) return Math.log(phi(z) + z * cdf(z));
        double x = -z;
        double c = tailFraction(x);
        return -0.5 * z * z - LOG_SQRT_2PI + Math.log(c) - Math.log(x + c);
    }

    /** d log h / dz = Φ(z) / h(z). */
    static double dLogH(double z) {
        if (z > TAIL) return cdf(z) / (phi(z) + z * cdf(z));
        return 1 / tailFraction(-z); // Φ/h = R(x) / (1 - x R(x)) = 1 / c
    }

    static double phi(double z) {
        return Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
    }

    static double cdf(double z) {
        return 0.5 * Erf.erfc(-z / SQRT2);
    }

    // c = 1 / (x + 2 / (x + 3 / (x + ...))), evaluated from a truncation at depth 60 (x >= 5: converged)
    private static double tailFraction(double x) {
        double t = x;
        for (int k = 60; k >= 2; k--) t = x + k / t;
        return 1 / t;
    }
}
