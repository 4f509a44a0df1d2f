package forecast.adapters.ml;

/**
 * A Theta model fitted on a (seasonally adjusted) series, and its forecasts on that scale.
 *
 * <p>Standard (R's {@code thetaf}): simple exponential smoothing l_t = l_{t-1} + alpha (x_t -
 * l_{t-1}) from l_0, plus the drift of the theta-2 line, b = slope / 2 with the slope of the
 * least-squares line through the series: x_hat(n+h) = l_n + b ((h - 1) + (1 - (1 - alpha)^n) /
 * alpha), the closed form of Hyndman and Billah (2003).
 *
 * <p>Optimized (Fiorucci et al. 2016, as statsforecast's {@code OptimizedTheta}): with the line
 * x = A + B t (t = 1..n) and k = 1 - 1/theta, the one-step prediction at time index i (0-based) is
 * mu_i = level_{i-1} + k (A (1 - alpha)^i + B (1 - (1 - alpha)^(i+1)) / alpha), the level is
 * smoothed as above (level_0 = alpha x_0 + (1 - alpha) l0), and forecasts feed mu back as the
 * observation. theta = 2 gives a standard Theta line; theta = 1 plain SES.
 *
 * @param alpha     the smoothing weight
 * @param theta     the theta line's coefficient (2 for the standard method)
 * @param level0    the initial level l0
 * @param intercept A, the least-squares line's value at t = 0 (optimized only; the standard method needs only the slope)
 * @param slope     B, the least-squares slope per step
 * @param sigma     the standard deviation of the one-step errors the intervals use
 * @param mse       the in-sample mean squared one-step error
 */
record ThetaFit(boolean optimized, double alpha, double theta, double level0, double intercept, double slope, double sigma, double mse) {

    /** The trend per step the forecasts settle to: (1 - 1/theta) B, R's {@code drift} (B / 2) for the standard method. */
    double drift() {
        return (1 - 1 / theta) * slope;
    }

    /**
     * The {@code h} forecasts after {@code x} (no gaps), smoothing from {@code l0}, with the line's
     * intercept at {@code x}'s own t = 0 (the fitted one moved along the line when {@code x} starts
     * later than the training series).
     */
    double[] forecast(double[] x, double l0, double intercept, int h) {
        int n = x.length;
        double[] out = new double[h];
        double decay = 1 - alpha;
        if (!optimized) {
            double level = l0;
            for (double v : x) level += alpha * (v - level);
            double bias = (1 - Math.pow(decay, n)) / alpha;
            double b = drift();
            for (int j = 0; j < h; j++) out[j] = level + b * (j + bias);
            return out;
        }
        double k = 1 - 1 / theta;
        double level = alpha * x[0] + decay * l0;
        for (int i = 1; i < n; i++) level = alpha * x[i] + decay * level;
        for (int j = 0; j < h; j++) {
            int i = n + j;
            double mu = level + k * (intercept * Math.pow(decay, i) + slope * (1 - Math.pow(decay, i + 1)) / alpha);
            out[j] = mu;
            level = alpha * mu + decay * level;
        }
        return out;
    }
}
