package forecast.adapters.ml;

import forecast.domain.forecasting.Forecast;
import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.TrainedModel;
import forecast.domain.series.Frequency;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A fitted seasonal naive model: the period and the scale of its one-season-ahead errors. Its
 * intervals are normal, {@code mean +- z * sigma * sqrt(ceil(h/m))}: the error of a value
 * repeated k seasons ahead is taken as a random walk over k seasons.
 */
final class SeasonalNaiveModel implements TrainedModel {
    static final String ALGORITHM = "seasonal_naive";
    private static final int FORMAT_VERSION = 1;
    // no random generator: only quantiles are asked for, and they are thread-safe

    private final int period;
    private final double sigma;
    private final Frequency frequency;
    private final List<String> featureNames;

    SeasonalNaiveModel(int period, double sigma, Frequency frequency, List<String> featureNames) {
        if (period < 1) throw new IllegalArgumentException("period must be >= 1: " + period);
        if (!(sigma >= 0) || Double.isInfinite(sigma)) throw new IllegalArgumentException("sigma must be finite and >= 0: " + sigma);
        this.period = period;
        this.sigma = sigma;
        this.frequency = frequency;
        this.featureNames = List.copyOf(featureNames);
    }

    @Override
    public String algorithm() {
        return ALGORITHM;
    }

    /**
     * A same-phase value that is a gap (or lies before a short history's start) is replaced by the
     * one a season earlier, else by the last observed value.
     */
    @Override
    public Forecast predict(ForecastQuery query) {
        var history = query.history();
        int steps = query.horizon().steps();
        List<Instant> times = history.futureTimes(steps);
        double[] y = history.values();
        int origin = y.length - 1;
        double[] mean = new double[steps];
        double[] spread = new double[steps];
        for (int h = 1; h <= steps; h++) {
            int seasons = (h + period - 1) / period;
            mean[h - 1] = sameOrEarlierPhase(y, origin + h - period * seasons);
            spread[h - 1] = sigma * Math.sqrt(seasons);
        }
        return NormalIntervals.forecast(times, mean, spread, query.levels());
    }

    private double sameOrEarlierPhase(double[] y, int index) {
        for (int i = index; i >= 0; i -= period) if (!Double.isNaN(y[i])) return y[i];
        for (int i = y.length - 1; i >= 0; i--) if (!Double.isNaN(y[i])) return y[i];
        return Double.NaN;
    }

    @Override
    public boolean nativeIntervals() {
        return true;
    }

    /** The season it repeats and the root mean square of its in-sample seasonal differences, which scales its intervals. */
    @Override
    public Map<String, String> fitted() {
        var out = new java.util.LinkedHashMap<String, String>();
        out.put("period", Integer.toString(period));
        out.put("sigma", Double.toString(sigma));
        return java.util.Collections.unmodifiableMap(out);
    }

    @Override
    public int minHistory() {
        return period;
    }

    @Override
    public Frequency frequency() {
        return frequency;
    }

    @Override
    public List<String> featureNames() {
        return featureNames;
    }

    int period() {
        return period;
    }

    double sigma() {
        return sigma;
    }

    /** Format 1: period, sigma, frequency, feature names. */
    @Override
    public byte[] serialize() {
        return Artifacts.write(ALGORITHM, FORMAT_VERSION, 256, out -> {
            out.writeInt(period);
            out.writeDouble(sigma);
            out.writeUTF(frequency.toString());
            Artifacts.writeStrings(out, featureNames);
        });
    }

    static SeasonalNaiveModel restore(byte[] bytes) {
        return Artifacts.read(bytes, ALGORITHM, FORMAT_VERSION,
                (in, version) -> new SeasonalNaiveModel(in.readInt(), in.readDouble(), Frequency.parse(in.readUTF()), Artifacts.readStrings(in)));
    }
}
