package forecast.adapters.web;

import forecast.domain.forecasting.Forecast;
import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.Forecaster;
import forecast.domain.forecasting.HyperparameterSpec;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.TrainedModel;
import forecast.domain.series.Frequency;
import forecast.domain.series.TimeSeries;
import forecast.domain.tuning.CategoricalDistribution;
import forecast.domain.tuning.Distribution;
import forecast.domain.tuning.FloatDistribution;
import forecast.domain.tuning.IntDistribution;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tunable model for tuning tests: every step forecasts {@code blend} times the last value plus
 * the rest times the mean (or median) of the last {@code window} values.
 */
final class MovingAverageForecaster implements Forecaster {
    static final String ALGORITHM = "moving_average";

    @Override
    public String algorithm() {
        return ALGORITHM;
    }

    @Override
    public Hyperparameters defaults() {
        return Hyperparameters.of("window", "3", "blend", "0", "center", "mean");
    }

    @Override
    public List<HyperparameterSpec> hyperparameters() {
        return List.of(
                new HyperparameterSpec("window", "int", "3", ">= 1", "the last values averaged"),
                new HyperparameterSpec("blend", "float", "0", "[0, 1]", "the last value's share of the forecast"),
                new HyperparameterSpec("center", "choice", "mean", "mean | median", "how the window is averaged"));
    }

    @Override
    public Map<String, Distribution> searchSpace(TimeSeries series) {
        var space = new LinkedHashMap<String, Distribution>();
        space.put("window", IntDistribution.of(1, 12));
        space.put("blend", FloatDistribution.of(0, 1));
        space.put("center", CategoricalDistribution.of("mean", "median"));
        return space;
    }

    @Override
    public int minTrainingSize(TimeSeries series, Hyperparameters params) {
        return Math.max(2, defaults().with(params).intOr("window", 3));
    }

    @Override
    public TrainedModel fit(TimeSeries history, Hyperparameters params) {
        var p = defaults().with(params);
        int window = p.intOr("window", 3);
        double blend = p.doubleOr("blend", 0);
        String center = p.stringOr("center", "mean");
        if (window < 1 || blend < 0 || blend > 1 || !List.of("mean", "median").contains(center))
            throw new IllegalArgumentException("window >= 1, blend in [0, 1], center mean or median");
        return new Model(history.frequency(), window, blend, center);
    }

    @Override
    public TrainedModel restore(byte[] bytes) {
        String[] parts = new String(bytes, StandardCharsets.UTF_8).split("\\|");
        return new Model(Frequency.parse(parts[0]), Integer.parseInt(parts[1]), Double.parseDouble(parts[2]), parts[3]);
    }

    record Model(Frequency frequency, int window, double blend, String center) implements TrainedModel {
        @Override
        public String algorithm() {
            return ALGORITHM;
        }

        @Override
        public List<String> featureNames() {
            return List.of();
        }

        @Override
        public Forecast predict(ForecastQuery query) {
            var history = query.history();
            int n = Math.min(window, history.size());
            double[] last = new double[n];
            for (int i = 0; i < n; i++) last[i] = history.value(history.size() - n + i);
            Arrays.sort(last);
            double level = center.equals("median") ? last[n / 2] : Arrays.stream(last).average().orElse(Double.NaN);
            double[] means = new double[query.horizon().steps()];
            Arrays.fill(means, blend * history.value(history.size() - 1) + (1 - blend) * level);
            return Forecast.ofMeans(history.futureTimes(means.length), means);
        }

        @Override
        public int minHistory() {
            return window;
        }

        @Override
        public Map<String, String> fitted() {
            var out = new LinkedHashMap<String, String>();
            out.put("window", Integer.toString(window));
            out.put("center", center);
            return out;
        }

        @Override
        public byte[] serialize() {
            return (frequency + "|" + window + "|" + blend + "|" + center).getBytes(StandardCharsets.UTF_8);
        }
    }
}
