package forecast.domain.testing;

import forecast.domain.forecasting.Forecast;
import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.Forecaster;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.TrainedModel;
import forecast.domain.series.TimeSeries;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * A model frozen in its training data for pipeline tests: it forecasts the training mean whatever
 * the history says, so a level shift after training hurts it until it is retrained. With
 * {@code fail} set it refuses to fit, as a training that breaks.
 */
public final class TrainingMeanForecaster implements Forecaster {
    private final String name;
    private final boolean fail;

    public TrainingMeanForecaster() {
        this("training_mean", false);
    }

    public TrainingMeanForecaster(String name, boolean fail) {
        this.name = name;
        this.fail = fail;
    }

    @Override
    public String algorithm() {
        return name;
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
        if (fail) throw new IllegalStateException("the training library crashed");
        double mean = Arrays.stream(history.values()).filter(Double::isFinite).average().orElse(0);
        return new Model(name, mean);
    }

    @Override
    public TrainedModel restore(byte[] bytes) {
        return new Model(name, ByteBuffer.wrap(bytes).getDouble());
    }

    private record Model(String name, double mean) implements TrainedModel {
        @Override
        public forecast.domain.series.Frequency frequency() {
            return forecast.domain.series.Frequency.HOURLY;
        }

        @Override
        public String algorithm() {
            return name;
        }

        @Override
        public Forecast predict(ForecastQuery q) {
            double[] means = new double[q.horizon().steps()];
            Arrays.fill(means, mean);
            return Forecast.ofMeans(q.history().futureTimes(means.length), means);
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
            return ByteBuffer.allocate(8).putDouble(mean).array();
        }
    }
}
