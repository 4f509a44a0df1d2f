package forecast.domain.monitoring;

/**
 * Compares a reference window of a series' values with a recent one: input drift (port).
 * Implementations judge by an effect size (such as the Kolmogorov-Smirnov distance or the
 * population stability index) and not by a p-value alone, because with large windows every
 * difference is significant.
 */
public interface DriftDetector {
    /** A short name for the API, metrics and alert keys: {@code ks}, {@code psi}. */
    String name();

    DriftScore compare(double[] reference, double[] recent);
}
