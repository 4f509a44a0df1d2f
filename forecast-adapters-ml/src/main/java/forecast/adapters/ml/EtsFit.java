package forecast.adapters.ml;

/**
 * An estimated ETS model, with R's conventions for what it reports.
 *
 * @param initial   the initial state [l, b, s_1..s_m] (s_m belongs to the first observation)
 * @param lik       R's criterion n*log(SSE) + 2*sum(log|forecast|) at the estimate; the
 *                  log-likelihood R reports is -lik/2
 * @param n         observations fitted
 * @param estimated smoothing parameters plus free initial states (R's {@code length(fit$par)})
 * @param sse       sum of squared (for M errors, relative) one-step errors
 */
record EtsFit(EtsSpec spec, EtsParameters parameters, double[] initial, double lik, int n, int estimated, double sse) {

    double loglik() {
        return -0.5 * lik;
    }

    /** Parameters as R counts them for the criteria: the estimated ones plus the error variance. */
    private int k() {
        return estimated + 1;
    }

    double aic() {
        return lik + 2 * k();
    }

    double aicc() {
        return aic() + 2.0 * k() * (k() + 1) / (n - k() - 1);
    }

    double bic() {
        return lik + Math.log(n) * k();
    }

    /** The error variance R reports and its intervals use: SSE / (n - estimated). */
    double sigma2() {
        return sse / (n - estimated);
    }
}
