package forecast.adapters.ml;

/**
 * An estimated seasonal ARIMA model on the (transformed) scale it was fitted on.
 *
 * @param mean    the mean of the differenced series: R's {@code intercept} without differencing,
 *                the drift times {@link ArimaSpec#driftScale()} with one difference, else 0
 * @param sigma2  the innovation variance: the maximum-likelihood estimate (R's {@code sigma2}), or
 *                for a CSS fit the conditional mean square
 * @param loglik  the exact Gaussian log-likelihood of the differenced series; NaN for a CSS fit
 * @param nUsed   observations in the likelihood: n - d - D*m
 * @param css     whether only the conditional sum of squares was minimised
 */
record ArimaFit(ArimaSpec spec, double[] ar, double[] ma, double[] sar, double[] sma, double mean,
                double sigma2, double loglik, int nUsed, boolean css) {

    /** Coefficients plus sigma2, as R counts parameters for the information criteria. */
    int parameters() {
        return spec.coefficients() + 1;
    }

    double aic() {
        return -2 * loglik + 2 * parameters();
    }

    double aicc() {
        int k = parameters();
        return aic() + 2.0 * k * (k + 1) / (nUsed - k - 1);
    }

    double bic() {
        return aic() + parameters() * (Math.log(nUsed) - 2);
    }

    /** The drift per step (R's {@code drift}) or the mean (R's {@code intercept}); 0 without a constant. */
    double constant() {
        return spec.drift() ? mean / spec.driftScale() : mean;
    }

    /**
     * The residual variance the forecast package reports and uses for intervals,
     * {@code sum(residuals^2) / (nUsed - coefficients)}: the ML estimate with a degrees-of-freedom
     * correction.
     */
    double sigma2Adjusted() {
        int dof = nUsed - spec.coefficients();
        return dof > 0 ? sigma2 * nUsed / dof : sigma2;
    }

    double[] arExpanded() {
        return ArimaPolynomials.arProduct(ar, sar, spec.period());
    }

    double[] maExpanded() {
        return ArimaPolynomials.maProduct(ma, sma, spec.period());
    }

    /**
     * The smallest root modulus of the expanded AR and MA polynomials (2 when there is none): the
     * roots of Phi(B^m) are the m-th roots of Phi's, so they are found on the short polynomials.
     */
    double minRootModulus() {
        int m = spec.period();
        double min = 2;
        min = Math.min(min, ArimaPolynomials.minRootModulus(ar, -1));
        min = Math.min(min, ArimaPolynomials.minRootModulus(ma, 1));
        double seasonal = Math.min(ArimaPolynomials.minRootModulus(sar, -1), ArimaPolynomials.minRootModulus(sma, 1));
        if (seasonal < 2) min = Math.min(min, Math.pow(seasonal, 1.0 / m));
        return min;
    }
}
