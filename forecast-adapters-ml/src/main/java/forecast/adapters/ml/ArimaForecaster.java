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
 * as R's {@code forecast::auto.arima} does unless fixed ({@link ArimaSearch}); or, for series with
 * several seasons, a non-seasonal ARIMA on the series less its MSTL seasonal components
 * ({@link MstlModel}, as R's {@code stlm(method = "arima")} with {@code mstl}).
 *
 * <p>Hyperparameters (see {@link ArimaSettings#of}): {@code p, d, q, P, D, Q} (absent or
 * {@code auto}: searched, d and D by unit-root tests); {@code period} (seasonal AR/MA terms only up
 * to period 52, beyond it only seasonal differencing; default below); {@code seasonality} (auto,
 * period, mstl); {@code include_mean}, {@code include_drift} (auto, true, false); {@code transform}
 * (none, log, boxcox) with {@code lambda} (default: Guerrero's); {@code max_p, max_q, max_P, max_Q,
 * max_d, max_D} (5, 5, 2, 2, 2, 1); {@code approximation} (auto: CSS during the search when
 * n > 150 or m > 12). Gaps are filled linearly before fitting.
 *
 * <p><b>Seasons</b> ({@link #seasonalChoice}). A given {@code period} is used as given, as before.
 * Without one, the series (gaps filled) is decomposed by MSTL over the frequency's seasons that
 * fit twice ({@code 2 m < n}; 24 and 168 for hourly data, 48 and 336 half-hourly, 7 and 365
 * daily), and each seasonal component's strength is measured, {@code 1 - var(remainder) /
 * var(remainder + seasonal)} ({@link MstlDecomposition#strength}). Then:
 * <ul>
 *   <li>{@code seasonality = auto} (the default) uses MSTL when two or more seasons are strong,
 *       above {@link ArimaStl#THRESHOLD} (0.64, the strength at which {@code auto.arima} takes a
 *       seasonal difference), and no order of p, q, P, Q, D is given: one seasonal ARIMA can model
 *       only one of them, and a weekly period of 168 allows only a seasonal difference, no seasonal
 *       AR or MA terms; MSTL models both cycles and leaves a short-memory series to the ARIMA.</li>
 *   <li>Otherwise the period is the season with the strongest component among those with at least
 *       three full cycles ({@code 3 m <= n}), when that strength exceeds 0.64; else the shortest
 *       season, the default before. Three, not two: with two cycles each cycle-subseries of the
 *       STL has two points, so the seasonal component follows the noise and the strength is
 *       overstated, and after a seasonal difference only one cycle would remain. Fixed seasonal AR
 *       or MA orders restrict the choice to periods up to 52; fixed orders with P = D = Q = 0 keep
 *       the shortest season, as the period changes nothing then.</li>
 *   <li>{@code seasonality = mstl} uses MSTL whenever the frequency has a season that fits twice;
 *       {@code period} then must be absent, and P, Q, D absent or 0.</li>
 * </ul>
 * A frequency with one season (monthly, quarterly, daily series shorter than two years) keeps its
 * one period. Under MSTL the transform applies before the decomposition, and the non-seasonal
 * ARIMA is chosen (or fixed) by the same settings with period 1.
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
        var choice = seasonalChoice(ArimaModel.prepare(y, BoxCox.NONE, settings.period()), settings, frequency);
        if (choice.mstl()) {
            BoxCox transform = transform(settings.withPeriod(choice.periods()[0]), y);
            var nonSeasonal = settings.nonSeasonal();
            return MstlModel.fit(ArimaModel.ALGORITHM, history, choice.periods(), transform, deseasonalized -> {
                double[] x = deseasonalized.values();
                return new ArimaModel(nonSeasonal.fixedOrders() ? fixed(x, nonSeasonal) : ArimaSearch.select(x, nonSeasonal), BoxCox.NONE, frequency);
            });
        }
        settings = settings.withPeriod(choice.periods()[0]);
        BoxCox transform = transform(settings, y);
        double[] x = ArimaModel.prepare(y, transform, settings.period());
        ArimaFit fit = settings.fixedOrders() ? fixed(x, settings) : ArimaSearch.select(x, settings);
        return new ArimaModel(fit, transform, frequency);
    }

    /**
     * How the seasons are modelled: by MSTL over {@code periods}, or one seasonal ARIMA at
     * {@code periods[0]}; {@code strengths} are the MSTL components' strengths over
     * {@code decomposed} (empty when no decomposition was needed to decide).
     */
    record SeasonalChoice(boolean mstl, int[] periods, int[] decomposed, double[] strengths) {
        static SeasonalChoice period(int m) {
            return new SeasonalChoice(false, new int[] {m}, new int[0], new double[0]);
        }
    }

    /** The rule on the class: {@code x} is the untransformed series without gaps. */
    static SeasonalChoice seasonalChoice(double[] x, ArimaSettings s, Frequency frequency) {
        if (s.periodGiven()) return SeasonalChoice.period(s.period());
        int n = x.length;
        int[] usable = MstlDecomposition.usablePeriods(frequency, n);
        if (s.seasonality() == ArimaSettings.Seasonality.MSTL) {
            if (usable.length == 0)
                throw new IllegalArgumentException("hyperparameter seasonality mstl needs a season with two full cycles: " + n + " observations on " + frequency);
            return new SeasonalChoice(true, usable, new int[0], new double[0]);
        }
        if (usable.length < 2) return SeasonalChoice.period(s.period());
        // fixed orders without a seasonal term: the period changes nothing, the shortest stands as before
        if (s.fixedOrders() && s.P() == 0 && s.Q() == 0 && s.D() == 0) return SeasonalChoice.period(s.period());
        var d = MstlDecomposition.of(x, usable);
        double[] strength = d.strengths();
        int strong = 0;
        for (double v : strength) if (v > ArimaStl.THRESHOLD) strong++;
        if (s.seasonality() == ArimaSettings.Seasonality.AUTO && strong >= 2 && s.ordersFree())
            return new SeasonalChoice(true, usable, usable, strength);
        boolean seasonalArma = s.fixedOrders() && (s.P() > 0 || s.Q() > 0);
        int best = -1;
        for (int i = 0; i < usable.length; i++) {
            if (3 * usable[i] > n || (seasonalArma && usable[i] > ArimaSettings.MAX_SEASONAL_ARMA_PERIOD)) continue;
            if (best < 0 || strength[i] > strength[best]) best = i;
        }
        int m = best >= 0 && strength[best] > ArimaStl.THRESHOLD ? usable[best] : s.period();
        return new SeasonalChoice(false, new int[] {m}, usable, strength);
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

    /** Format 1: a seasonal ARIMA ({@link ArimaModel}); format 2: an ARIMA on an MSTL decomposition ({@link MstlModel}). */
    @Override
    public TrainedModel restore(byte[] bytes) {
        return Artifacts.read(bytes, ArimaModel.ALGORITHM, MstlModel.ARIMA_FORMAT_VERSION,
                (in, version) -> version == ArimaModel.FORMAT_VERSION ? ArimaModel.read(in) : MstlModel.read(in, ArimaModel.ALGORITHM));
    }

    @Override
    public Map<String, String> libraries() {
        return Map.of("commons-math3", Libraries.version(BOBYQAOptimizer.class, null, FALLBACK_VERSION));
    }
}
