package forecast.domain.testing;

import forecast.domain.forecasting.Forecast;
import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.Forecaster;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.TrainedModel;
import forecast.domain.series.Frequency;
import forecast.domain.series.TimeSeries;
import java.util.Arrays;
import java.util.List;

/** A deliberately weak forecaster for domain tests: the mean of the last day, flat. */
public final class MeanForecaster implements Forecaster {
    @Override
    public String algorithm() {
        return "day_mean";
    }

    @Override
    public Hyperparameters defaults() {
        return Hyperparameters.NONE;
    }

    @Override
    public int minTrainingSize(TimeSeries series, Hyperparameters params) {
        return 24;
    }

    @Override
    public TrainedModel fit(TimeSeries history, Hyperparameters params) {
        return new Model(history.frequency());
    }

    @Override
    public TrainedModel restore(byte[] bytes) {
        return new Model(Frequency.parse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)));
    }

    private record Model(Frequency frequency) implements TrainedModel {
        @Override
        public String algorithm() {
            return "day_mean";
        }

        @Override
        public Forecast predict(ForecastQuery q) {
            var h = q.history();
            double sum = 0;
            int n = Math.min(24, h.size());
            for (int i = h.size() - n; i < h.size(); i++) sum += h.value(i);
            double[] means = new double[q.horizon().steps()];
            Arrays.fill(means, sum / n);
            return Forecast.ofMeans(h.futureTimes(means.length), means);
        }

        @Override
        public int minHistory() {
            return 1;
        }

        @Override
        public List<String> featureNames() {
            return List.of();
        }

        @Override
        public byte[] serialize() {
            return frequency.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
