package forecast.domain.testing;

import forecast.domain.forecasting.Forecast;
import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.Forecaster;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.TrainedModel;
import forecast.domain.series.TimeSeries;
import java.util.List;

/** The seasonal-naive baseline for domain tests: each step repeats the value one day earlier. */
public final class LastSeasonForecaster implements Forecaster {
    private static final int PERIOD = 24;

    @Override
    public String algorithm() {
        return "seasonal_naive";
    }

    @Override
    public Hyperparameters defaults() {
        return Hyperparameters.NONE;
    }

    @Override
    public int minTrainingSize(TimeSeries series, Hyperparameters params) {
        return PERIOD;
    }

    @Override
    public TrainedModel fit(TimeSeries history, Hyperparameters params) {
        return new Model();
    }

    @Override
    public TrainedModel restore(byte[] bytes) {
        return new Model();
    }

    private record Model() implements TrainedModel {
        @Override
        public forecast.domain.series.Frequency frequency() {
            return forecast.domain.series.Frequency.HOURLY;
        }

        @Override
        public String algorithm() {
            return "seasonal_naive";
        }

        @Override
        public Forecast predict(ForecastQuery q) {
            var h = q.history();
            double[] means = new double[q.horizon().steps()];
            for (int s = 0; s < means.length; s++) means[s] = h.value(h.size() - PERIOD + s % PERIOD);
            return Forecast.ofMeans(h.futureTimes(means.length), means);
        }

        @Override
        public int minHistory() {
            return PERIOD;
        }

        @Override
        public List<String> featureNames() {
            return List.of();
        }

        @Override
        public byte[] serialize() {
            return new byte[0];
        }
    }
}
