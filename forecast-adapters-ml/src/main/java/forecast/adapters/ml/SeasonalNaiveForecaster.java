package forecast.adapters.ml;

import forecast.domain.forecasting.Forecaster;
import forecast.domain.forecasting.HyperparameterSpec;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.TrainedModel;
import forecast.domain.series.TimeSeries;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The seasonal naive baseline: every step repeats the last observed value at the same phase of
 * the season, {@code y[T+h] = y[T+h - m*ceil(h/m)]}. Hyperparameter {@code period} (m, at least
 * 1) defaults to the frequency's longest seasonal period when the series holds at least two of
 * them, else the shortest period that fits twice, else the shortest that fits once, else 1.
 */
final class SeasonalNaiveForecaster implements Forecaster {
    private static final String FALLBACK_VERSION = "3.6.1";

    @Override
    public String algorithm() {
        return SeasonalNaiveModel.ALGORITHM;
    }

    /** None: {@code period} follows the series. */
    @Override
    public Hyperparameters defaults() {
        return Hyperparameters.NONE;
    }

    /** {@code period} only; local (the default scope): the model is the series' own last season. */
    @Override
    public List<HyperparameterSpec> hyperparameters() {
        return List.of(new HyperparameterSpec("period", "int",
                "the longest season the series holds twice (168 for two weeks of hourly data), else the shortest that fits", "1-100000",
                "the season m: each step repeats the value m steps (or a multiple) earlier"));
    }

    /** One season plus one observation, so that there is a seasonal difference to scale intervals. */
    @Override
    public int minTrainingSize(TimeSeries series, Hyperparameters params) {
        return period(series, params) + 1;
    }

    /** Intervals are scaled by the root mean square of the in-sample seasonal differences. */
    @Override
    public TrainedModel fit(TimeSeries history, Hyperparameters params) {
        int m = period(history, params);
        if (history.frequency() == null) throw new IllegalArgumentException("a series of one observation has no frequency; declare one");
        double[] y = history.values();
        double ss = 0;
        int n = 0;
        for (int t = m; t < y.length; t++) {
            double d = y[t] - y[t - m];
            if (Double.isNaN(d)) continue;
            ss += d * d;
            n++;
        }
        if (n == 0) throw new IllegalArgumentException("seasonal_naive with period " + m + " needs at least " + (m + 1) + " observed values, got " + history.size() + " observations");
        return new SeasonalNaiveModel(m, Math.sqrt(ss / n), history.frequency(), history.featureNames());
    }

    @Override
    public TrainedModel restore(byte[] bytes) {
        return SeasonalNaiveModel.restore(bytes);
    }

    @Override
    public Map<String, String> libraries() {
        return Map.of("commons-math3", Libraries.version(NormalDistribution.class, null, FALLBACK_VERSION));
    }

    /** The {@code period} setting, or the default described on the class. */
    static int period(TimeSeries series, Hyperparameters params) {
        if (params.values().containsKey("period")) {
            int p = params.intOr("period", 1);
            if (p < 1 || p > 100_000) throw new IllegalArgumentException("hyperparameter period must be in [1, 100000]: " + p);
            return p;
        }
        List<Integer> periods = series.frequency() == null ? List.of() : series.frequency().seasonalPeriods();
        int n = series.size();
        for (int i = periods.size() - 1; i >= 0; i--) if (n >= 2 * periods.get(i)) return periods.get(i);
        for (int p : periods) if (n > p) return p;
        return 1;
    }
}
