package forecast.domain.testing;

import forecast.domain.forecasting.Forecast;
import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.GlobalForecaster;
import forecast.domain.forecasting.HyperparameterSpec;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.TrainedModel;
import forecast.domain.series.Frequency;
import forecast.domain.series.TimeSeries;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A global model for tests: one daily profile (each hour's mean deviation from its series' mean)
 * learnt across every series, forecast on top of the last day's level. Fitted on scaled series it
 * fits them all; on one series it is the seasonal mean.
 */
public final class GlobalProfileForecaster implements GlobalForecaster {
    public static final String ALGORITHM = "global_profile";
    private static final int PERIOD = 24;

    @Override
    public String algorithm() {
        return ALGORITHM;
    }

    @Override
    public Hyperparameters defaults() {
        return Hyperparameters.NONE;
    }

    @Override
    public List<HyperparameterSpec> hyperparameters() {
        return List.of();
    }

    @Override
    public int minTrainingSize(TimeSeries series, Hyperparameters params) {
        return 2 * PERIOD;
    }

    @Override
    public TrainedModel fit(TimeSeries history, Hyperparameters params) {
        return fitGlobal(List.of(history), params);
    }

    @Override
    public TrainedModel fitGlobal(List<TimeSeries> series, Hyperparameters params) {
        double[] profile = new double[PERIOD];
        int[] counts = new int[PERIOD];
        for (var s : series) {
            double mean = 0;
            int n = 0;
            for (int i = 0; i < s.size(); i++) if (Double.isFinite(s.value(i))) {
                mean += s.value(i);
                n++;
            }
            mean /= Math.max(1, n);
            for (int i = 0; i < s.size(); i++) if (Double.isFinite(s.value(i))) {
                int p = phase(s, i);
                profile[p] += s.value(i) - mean;
                counts[p]++;
            }
        }
        for (int p = 0; p < PERIOD; p++) profile[p] /= Math.max(1, counts[p]);
        return new Model(profile);
    }

    @Override
    public TrainedModel restore(byte[] bytes) {
        var b = ByteBuffer.wrap(bytes);
        double[] profile = new double[PERIOD];
        for (int i = 0; i < PERIOD; i++) profile[i] = b.getDouble();
        return new Model(profile);
    }

    /** The hour of the day, the same for every series. */
    static int phase(TimeSeries s, int i) {
        return (int) Math.floorMod(s.time(i).getEpochSecond() / 3600, (long) PERIOD);
    }

    private record Model(double[] profile) implements TrainedModel {
        @Override
        public String algorithm() {
            return ALGORITHM;
        }

        @Override
        public Forecast predict(ForecastQuery q) {
            var h = q.history();
            double level = 0;
            int n = Math.min(PERIOD, h.size());
            for (int i = h.size() - n; i < h.size(); i++) level += h.value(i) - profile[phase(h, i)];
            level /= n;
            var times = h.futureTimes(q.horizon().steps());
            double[] means = new double[times.size()];
            for (int s = 0; s < means.length; s++) means[s] = level + profile[(int) Math.floorMod(times.get(s).getEpochSecond() / 3600, (long) PERIOD)];
            return Forecast.ofMeans(times, means);
        }

        @Override
        public int minHistory() {
            return PERIOD;
        }

        @Override
        public Frequency frequency() {
            return Frequency.HOURLY;
        }

        @Override
        public List<String> featureNames() {
            return List.of();
        }

        @Override
        public byte[] serialize() {
            var b = ByteBuffer.allocate(8 * PERIOD);
            for (double p : profile) b.putDouble(p);
            return b.array();
        }
    }
}
