package forecast.adapters.web;

import forecast.domain.forecasting.Forecast;
import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.Forecaster;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.TrainedModel;
import forecast.domain.series.Frequency;
import forecast.domain.series.TimeSeries;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A naive model for routing tests: every step forecasts the last observed value; needs 3
 * observations. Under another name it stands in for the pipeline's {@code seasonal_naive} baseline.
 */
final class LastValueForecaster implements Forecaster {
    static final String ALGORITHM = "last_value";

    private final String algorithm;

    LastValueForecaster() {
        this(ALGORITHM);
    }

    LastValueForecaster(String algorithm) {
        this.algorithm = algorithm;
    }

    @Override
    public String algorithm() {
        return algorithm;
    }

    @Override
    public Hyperparameters defaults() {
        return Hyperparameters.NONE;
    }

    @Override
    public int minTrainingSize(TimeSeries series, Hyperparameters params) {
        return 3;
    }

    @Override
    public TrainedModel fit(TimeSeries history, Hyperparameters params) {
        return new Model(algorithm, history.frequency(), history.featureNames());
    }

    @Override
    public TrainedModel restore(byte[] bytes) {
        String[] parts = new String(bytes, StandardCharsets.UTF_8).split("\\|", -1);
        return new Model(algorithm, Frequency.parse(parts[0]), parts[1].isEmpty() ? List.of() : List.of(parts[1].split(",")));
    }

    /**
     * A history whose last value is this number holds its forecast until {@link #RELEASE} opens
     * (after counting down {@link #HELD}): a test's way to keep a forecast worker busy.
     */
    static final double HOLD = 424_242;
    static volatile java.util.concurrent.CountDownLatch HELD = new java.util.concurrent.CountDownLatch(1);
    static volatile java.util.concurrent.CountDownLatch RELEASE = new java.util.concurrent.CountDownLatch(0);

    record Model(String algorithm, Frequency frequency, List<String> featureNames) implements TrainedModel {
        @Override
        public Forecast predict(ForecastQuery query) {
            var history = query.history();
            if (history.value(history.size() - 1) == HOLD) {
                HELD.countDown();
                try {
                    RELEASE.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            double last = Double.NaN;
            for (int i = history.size() - 1; i >= 0 && Double.isNaN(last); i--) last = history.value(i);
            double[] means = new double[query.horizon().steps()];
            Arrays.fill(means, last);
            return Forecast.ofMeans(history.futureTimes(means.length), means);
        }

        @Override
        public int minHistory() {
            return 3;
        }

        @Override
        public byte[] serialize() {
            return (frequency + "|" + String.join(",", featureNames)).getBytes(StandardCharsets.UTF_8);
        }
    }
}
