package forecast.adapters.ml;

/**
 * The ETS recursions in R's error-correction form ({@code etscalc} in the forecast package): from
 * an initial state the one-step forecasts, their errors (relative ones for multiplicative errors)
 * and the state after each observation. The state is {@code [l, b, s_1..s_m]}, s_1 the most recent
 * seasonal value and s_m the one the next step uses. The same update serves additive and
 * multiplicative errors, because both are written in terms of the observation.
 */
final class EtsFilter {
    private static final double TOL = 1e-10;
    private static final double HUGE = 1e10;

    private EtsFilter() {}

    /**
     * @param lik   R's criterion {@code n*log(SSE) + 2*sum(log|forecast|)} (the second term for
     *              multiplicative errors), -2 log-likelihood up to a constant; NaN when undefined
     * @param sse   the sum of squared errors (relative ones for multiplicative errors)
     * @param state the state after the last observation
     */
    record Pass(double lik, double sse, double[] state) {}

    /** Runs the recursions over {@code y} (no gaps) from {@code initial} (not changed). */
    static Pass run(EtsSpec spec, EtsParameters p, double[] initial, double[] y) {
        int m = spec.seasonal() ? spec.period() : 1;
        boolean trended = spec.trended();
        int seasonAt = trended ? 2 : 1;
        double l = initial[0];
        double b = trended ? initial[1] : 0;
        // the season as a ring: the value observation t uses is ring[t % m], and its update takes its place
        double[] ring = new double[m];
        if (spec.seasonal()) for (int k = 0; k < m; k++) ring[k] = initial[seasonAt + m - 1 - k];
        double phi = spec.damped() ? p.phi() : 1;
        double sse = 0, logs = 0;
        int phase = 0;
        for (double obs : y) {
            double olds = ring[phase];
            double phib = trended ? phi * b : 0;
            double q = l + phib;
            double f = spec.season() == 'A' ? q + olds : spec.season() == 'M' ? q * olds : q;
            double e = spec.error() == 'A' ? obs - f : (obs - f) / f;
            sse += e * e;
            logs += Math.log(Math.abs(f));
            // update, as R's update(): level, growth, season
            double deseasonalized = switch (spec.season()) {
                case 'A' -> obs - olds;
                case 'M' -> Math.abs(olds) < TOL ? HUGE : obs / olds;
                default -> obs;
            };
            double oldl = l;
            l = q + p.alpha() * (deseasonalized - q);
            if (trended) b = phib + (p.beta() / p.alpha()) * ((l - oldl) - phib);
            if (spec.seasonal()) {
                double t = spec.season() == 'A' ? obs - q : Math.abs(q) < TOL ? HUGE : obs / q;
                ring[phase] = olds + p.gamma() * (t - olds);
            }
            if (++phase == m) phase = 0;
        }
        double lik = y.length * Math.log(sse);
        if (spec.error() == 'M') lik += 2 * logs;
        double[] state = new double[spec.stateSize()];
        state[0] = l;
        if (trended) state[1] = b;
        if (spec.seasonal()) for (int j = 1; j <= m; j++) state[seasonAt + j - 1] = ring[Math.floorMod(y.length - j, m)];
        return new Pass(lik, sse, state);
    }
}
