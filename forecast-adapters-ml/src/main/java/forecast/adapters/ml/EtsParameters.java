package forecast.adapters.ml;

/**
 * The smoothing parameters of an ETS model: alpha (level), beta (slope), gamma (season), phi
 * (damping). Those a model does not have are 0 (beta, gamma) or 1 (phi).
 */
record EtsParameters(double alpha, double beta, double gamma, double phi) {
    /** R's "usual" region's limits (ets' {@code lower}, {@code upper}): alpha, beta, gamma in [1e-4, 0.9999], phi in [0.8, 0.98]. */
    static final double LOWER = 1e-4, UPPER = 0.9999, PHI_LOWER = 0.8, PHI_UPPER = 0.98;
}
