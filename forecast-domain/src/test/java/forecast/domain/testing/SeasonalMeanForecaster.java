package forecast.domain.testing;

import forecast.domain.tuning.CategoricalDistribution;
import forecast.domain.tuning.Distribution;
import java.util.Map;

import forecast.domain.forecasting.Forecast;
import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.Forecaster;
import forecast.domain.forecasting.HyperparameterSpec;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.TrainedModel;
import forecast.domain.series.Frequency;
import forecast.domain.series.TimeSeries;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A tiny real forecaster for domain tests: the forecast for a step is the training mean of its
 * phase in the daily cycle, shifted by the history's last-day level. Point forecasts only.
 */
public final class SeasonalMeanForecaster implements Forecaster {
    @Override
    public String algorithm() {
        return "seasonal_mean";
    }

    @Override
    public Hyperparameters defaults() {
        return Hyperparameters.of("period", "24");
    }

    @Override
    public List<HyperparameterSpec> hyperparameters() {
        return List.of(new HyperparameterSpec("period", "int", "24", ">= 1", "the length of the cycle whose phase means are forecast"));
    }

    @Override
    public int minTrainingSize(TimeSeries series, Hyperparameters params) {
        return 2 * defaults().with(params).intOr("period", 24);
    }

    /** The period is worth tuning: the right one (24 on the test series) forecasts best. */
    @Override
    public Map<String, Distribution> searchSpace(TimeSeries series) {
        return Map.of("period", CategoricalDistribution.of(5, 7, 24, 17));
    }

    @Override
    public TrainedModel fit(TimeSeries history, Hyperparameters params) {
        int period = defaults().with(params).intOr("period", 24);
        if (period < 1) throw new IllegalArgumentException("period must be >= 1: " + period);
        double[] v = history.values();
        double[] profile = new double[period];
        int[] counts = new int[period];
        double mean = 0;
        for (double x : v) mean += x;
        mean /= v.length;
        for (int i = 0; i < v.length; i++) {
            profile[i % period] += v[i] - mean;
            counts[i % period]++;
        }
        for (int p = 0; p < period; p++) profile[p] /= Math.max(1, counts[p]);
        // phase of the first training observation, so that any later history can be aligned
        long phase0 = history.firstTime().getEpochSecond() / 3600;
        return new Model(profile, phase0, history.frequency());
    }

    @Override
    public TrainedModel restore(byte[] bytes) {
        var b = ByteBuffer.wrap(bytes);
        double[] profile = new double[b.getInt()];
        for (int i = 0; i < profile.length; i++) profile[i] = b.getDouble();
        return new Model(profile, b.getLong(), Frequency.HOURLY);
    }

    private record Model(double[] profile, long phase0, Frequency frequency) implements TrainedModel {
        @Override
        public String algorithm() {
            return "seasonal_mean";
        }

        @Override
        public Forecast predict(ForecastQuery q) {
            var h = q.history();
            int period = profile.length;
            int lastDay = Math.min(period, h.size());
            double level = 0;
            for (int i = h.size() - lastDay; i < h.size(); i++) level += h.value(i) - profile[phase(h, i)];
            level /= lastDay;
            double[] means = new double[q.horizon().steps()];
            for (int s = 0; s < means.length; s++) means[s] = level + profile[(phase(h, h.size() - 1) + 1 + s) % period];
            return Forecast.ofMeans(h.futureTimes(means.length), means);
        }

        private int phase(TimeSeries h, int i) {
            return (int) Math.floorMod(h.time(i).getEpochSecond() / 3600 - phase0, (long) profile.length);
        }

        @Override
        public int minHistory() {
            return 6;
        }

        @Override
        public List<String> featureNames() {
            return List.of();
        }

        @Override
        public byte[] serialize() {
            var b = ByteBuffer.allocate(4 + 8 * profile.length + 8).putInt(profile.length);
            for (double p : profile) b.putDouble(p);
            return b.putLong(phase0).array();
        }
    }
}
