package forecast.adapters.ml;

import forecast.domain.forecasting.HyperparameterSpec;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.series.Frequency;
import java.util.List;
import java.util.Locale;

/**
 * The Theta forecaster's hyperparameters, validated, with the frequency-dependent period resolved.
 * Unknown keys are ignored here (an ensemble passes every member the same map); a request's are
 * refused against {@link #SPECS} before training.
 *
 * @param variant {@code standard} (R's {@code forecast::thetaf}: theta fixed at 2) or
 *                {@code optimized} (Fiorucci et al.'s optimised Theta model, theta chosen by in-sample MSE)
 * @param period  the seasonal period m tested for and adjusted by (1: never seasonal)
 */
record ThetaSettings(String variant, int period) {
    static final String STANDARD = "standard";
    static final String OPTIMIZED = "optimized";

    static final Hyperparameters DEFAULTS = Hyperparameters.of("variant", STANDARD);

    /** Every key {@link #of} reads. */
    static final List<HyperparameterSpec> SPECS = List.of(
            new HyperparameterSpec("variant", "choice", STANDARD, STANDARD + " | " + OPTIMIZED,
                    "standard: R's thetaf (SES with half the linear trend's slope as drift); optimized: the theta line's weight chosen by in-sample MSE (Fiorucci et al.)"),
            new HyperparameterSpec("period", "int", "the shortest season (24 for hourly data, 1 without one)", "1-10000",
                    "the seasonal period m: tested for at lag m and, when significant, removed by classical multiplicative decomposition"));

    ThetaSettings {
        if (!variant.equals(STANDARD) && !variant.equals(OPTIMIZED))
            throw new IllegalArgumentException("hyperparameter variant must be " + STANDARD + " or " + OPTIMIZED + ": " + variant);
        if (period < 1 || period > 10_000) throw new IllegalArgumentException("hyperparameter period must be in [1, 10000]: " + period);
    }

    /**
     * Reads {@code params} over {@link #DEFAULTS}; {@code period} defaults to the frequency's
     * shortest seasonal period (1 without one), as for ARIMA.
     *
     * @throws IllegalArgumentException naming the key of an invalid value
     */
    static ThetaSettings of(Hyperparameters params, Frequency frequency) {
        var h = DEFAULTS.with(params);
        String variant = h.stringOr("variant", STANDARD).trim().toLowerCase(Locale.ROOT);
        String p = h.values().get("period");
        int period = p == null || p.trim().equalsIgnoreCase("auto") ? frequency == null ? 1 : frequency.shortestSeason() : h.intOr("period", 1);
        return new ThetaSettings(variant, period);
    }

    boolean optimized() {
        return variant.equals(OPTIMIZED);
    }
}
