package forecast.domain.testing;

import forecast.domain.forecasting.Forecast;
import forecast.domain.forecasting.ForecastPoint;
import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.Forecaster;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.Level;
import forecast.domain.forecasting.PredictionInterval;
import forecast.domain.forecasting.TrainedModel;
import forecast.domain.series.Frequency;
import forecast.domain.series.TimeSeries;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link SeasonalMeanForecaster}'s point forecasts with intervals of its own: mean ± {@code
 * halfWidth95} at 95% and ± 0.65 of that at 80%, whatever the data. A model whose own variance is
 * right or off by a known factor, for testing how intervals are chosen.
 */
public final class FixedWidthForecaster implements Forecaster {
    private final SeasonalMeanForecaster points = new SeasonalMeanForecaster();
    private final double halfWidth95;

    public FixedWidthForecaster(double halfWidth95) {
        this.halfWidth95 = halfWidth95;
    }

    @Override
    public String algorithm() {
        return "fixed_width";
    }

    @Override
    public Hyperparameters defaults() {
        return points.defaults();
    }

    @Override
    public int minTrainingSize(TimeSeries series, Hyperparameters params) {
        return points.minTrainingSize(series, params);
    }

    @Override
    public TrainedModel fit(TimeSeries history, Hyperparameters params) {
        return new Model(points.fit(history, params), halfWidth95);
    }

    @Override
    public TrainedModel restore(byte[] bytes) {
        var b = ByteBuffer.wrap(bytes);
        double half = b.getDouble();
        byte[] inner = new byte[b.remaining()];
        b.get(inner);
        return new Model(points.restore(inner), half);
    }

    private record Model(TrainedModel points, double half) implements TrainedModel {
        @Override
        public String algorithm() {
            return "fixed_width";
        }

        @Override
        public Forecast predict(ForecastQuery query) {
            var plain = points.predict(query);
            var out = new ArrayList<ForecastPoint>();
            for (var p : plain.points()) {
                var intervals = new ArrayList<PredictionInterval>();
                for (Level level : query.levels()) {
                    double h = level.equals(Level.P95) ? half : 0.65 * half;
                    intervals.add(new PredictionInterval(level, p.mean() - h, p.mean() + h));
                }
                out.add(new ForecastPoint(p.time(), p.mean(), intervals));
            }
            return new Forecast(out);
        }

        @Override
        public boolean nativeIntervals() {
            return true;
        }

        @Override
        public int minHistory() {
            return points.minHistory();
        }

        @Override
        public Frequency frequency() {
            return points.frequency();
        }

        @Override
        public List<String> featureNames() {
            return List.of();
        }

        @Override
        public byte[] serialize() {
            byte[] inner = points.serialize();
            return ByteBuffer.allocate(8 + inner.length).putDouble(half).put(inner).array();
        }
    }
}
