package forecast.adapters.ml;

import forecast.domain.forecasting.Forecaster;
import forecast.domain.forecasting.HyperparameterSpec;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.TrainedModel;
import forecast.domain.series.Frequency;
import forecast.domain.series.TimeSeries;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

/**
 * Seasonal ARIMA(p,d,q)(P,D,Q)m with a mean (no differencing) or drift (one difference), estimated
 * by exact maximum likelihood through a Kalman filter ({@link ArimaEstimator}), with orders chosen
 * as R's {@code forecast::auto.arima} does unless fixed ({@link ArimaSearch}).
 *
 * <p>Hyperparameters (see {@link ArimaSettings#of}): {@code p, d, q, P, D, Q} (absent or
 * {@code auto}: searched, d and D by unit-root tests); {@code period} (default: the frequency's
 * shortest seasonal period, 24 for hourly, 7 daily, 12 monthly, 4 quarterly, 48 half-hourly, 1
 * without one; seasonal AR/MA terms only up to period 52, beyond it only seasonal differencing);
 * {@code include_mean}, {@code include_drift} (auto, true, false); {@code transform} (none, log,
 * boxcox) with {@code lambda} (default: Guerrero's); {@code max_p, max_q, max_P, max_Q, max_d,
 * max_D} (5, 5, 2, 2, 2, 1); {@code approximation} (auto: CSS during the search when n > 150 or
 * m > 12). Gaps are filled linearly before fitting.
 */
final class ArimaForecaster implements Forecaster {
    private static final String FALLBACK_VERSION = "3.6.1";

    @Override
    public String algorithm() {
        return ArimaModel.ALGORITHM;
    }

    /** See {@link SearchSpaces#arima}. */
    @Override
    public java.util.Map<String, forecast.domain.tuning.Distribution> searchSpace(TimeSeries series) {
        return SearchSpaces.arima(series);
    }

    @Override
    public Hyperparameters defaults() {
        return ArimaSettings.DEFAULTS;
    }

    /** See {@link ArimaSettings#SPECS}; local (the default scope): its coefficients describe one series. */
    @Override
    public List<HyperparameterSpec> hyperparameters() {
        return ArimaSettings.SPECS;
    }

    /**
     * With fixed orders: d + D*m + max(p + P*m, q + Q*m) + (coefficients) + 3, so that the
     * likelihood and AICc are defined (untested d and D count at their maxima). With searched
     * orders: two seasons plus one, so that seasonality can be tested. At least 10 either way.
     */
    @Override
    public int minTrainingSize(TimeSeries series, Hyperparameters params) {
        var s = ArimaSettings.of(params, series.frequency());
        int m = s.period();
        if (!s.fixedOrders()) return Math.max(10, m > 1 ? 2 * m + 1 : 0);
        int d = s.d() == ArimaSettings.AUTO ? s.maxD() : s.d();
        int sd = m == 1 ? 0 : s.D() == ArimaSettings.AUTO ? s.maxSeasonalD() : s.D();
        int k = s.p() + s.q() + s.P() + s.Q() + 1;
        return Math.max(10, d + sd * m + Math.max(s.p() + s.P() * m, s.q() + s.Q() * m) + k + 3);
    }

    @Override
    public TrainedModel fit(TimeSeries history, Hyperparameters params) {
        Frequency frequency = history.frequency();
        if (frequency == null) throw new IllegalArgumentException("a series of one observation has no frequency; declare one");
        var settings = ArimaSettings.of(params, frequency);
        int need = minTrainingSize(history, params);
        if (history.size() < need)
            throw new IllegalArgumentException("arima needs at least " + need + " observations with these settings, got " + history.size());
        double[] y = history.values();
        BoxCox transform = transform(settings, y);
        double[] x = ArimaModel.prepare(y, transform, settings.period());
        ArimaFit fit = settings.fixedOrders() ? fixed(x, settings) : ArimaSearch.select(x, settings);
        return new ArimaModel(fit, transform, frequency);
    }

    /** The fixed orders, d and D tested for when absent; an "auto" constant is kept when it lowers AICc. */
    private static ArimaFit fixed(double[] x, ArimaSettings s) {
        int[] diffs = ArimaSearch.differences(x, s);
        int kind = diffs[0] + diffs[1];
        var spec = new ArimaSpec(s.p(), diffs[0], s.q(), s.P(), diffs[1], s.Q(), s.period(), false);
        // as in the search, "true" asks for the constant that applies to the chosen differencing
        var choice = kind == 0 ? s.includeMean() : kind == 1 ? s.includeDrift() : ArimaSettings.Choice.FALSE;
        return switch (choice) {
            case TRUE -> ArimaEstimator.fit(x, spec.withConstant(true), ArimaEstimator.Method.CSS_ML);
            case FALSE -> ArimaEstimator.fit(x, spec, ArimaEstimator.Method.CSS_ML);
            case AUTO -> {
                var without = ArimaEstimator.fit(x, spec, ArimaEstimator.Method.CSS_ML);
                ArimaFit with;
                try {
                    with = ArimaEstimator.fit(x, spec.withConstant(true), ArimaEstimator.Method.CSS_ML);
                } catch (IllegalArgumentException e) {
                    yield without; // one observation short of estimating the constant too
                }
                yield with.aicc() < without.aicc() ? with : without;
            }
        };
    }

    private static BoxCox transform(ArimaSettings s, double[] y) {
        if (s.transform().equals("none")) return BoxCox.NONE;
        for (double v : y)
            if (v <= 0) throw new IllegalArgumentException("hyperparameter transform " + s.transform() + " needs positive values, found " + v);
        if (s.transform().equals("log")) return BoxCox.LOG;
        if (!Double.isNaN(s.lambda())) return BoxCox.of(s.lambda());
        double[] observed = Arrays.stream(y).filter(v -> !Double.isNaN(v)).toArray();
        return BoxCox.of(BoxCox.guerrero(observed, s.period()));
    }

    @Override
    public TrainedModel restore(byte[] bytes) {
        return ArimaModel.restore(bytes);
    }

    @Override
    public Map<String, String> libraries() {
        return Map.of("commons-math3", Libraries.version(BOBYQAOptimizer.class, null, FALLBACK_VERSION));
    }
}
