package forecast.adapters.ml;

import forecast.domain.forecasting.Forecast;
import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.TrainedModel;
import forecast.domain.preprocessing.Imputation;
import forecast.domain.series.Frequency;
import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fitted Theta model ({@link ThetaFit}) with the seasonal indices it removed, if any. It
 * forecasts the continuation of any history on its frequency: the history is divided by the
 * indices of its phases (phase counted in steps from the training series' first time), smoothed
 * with the fitted alpha, forecast as {@link ThetaFit#forecast} says and multiplied back.
 *
 * <p>The smoothing starts from the fitted initial level when the history starts where the
 * training series did (so the training series itself gets R's forecasts), else from the mean of
 * its first ten (adjusted) values, R's {@code ets} starting level; the weight of that start
 * fades as (1 - alpha)^n. The optimized model's line is moved to the history's origin.
 *
 * <p>Intervals are normal around the (re-seasonalised) mean with standard error sigma sqrt(1 +
 * (h - 1) alpha^2), the SES state-space model's h-step variance, which R's {@code thetaf} uses
 * and which holds for the optimised model too (its drift term is deterministic). As in R they are
 * not multiplied by the seasonal index. Immutable and thread-safe.
 */
final class ThetaModel implements TrainedModel {
    static final String ALGORITHM = "theta";
    private static final int FORMAT_VERSION = 1;
    // no random generator: only quantiles are asked for, and they are thread-safe
    /** R's {@code ets} starts the level at the mean of the first ten values. */
    private static final int START_VALUES = 10;

    private final ThetaFit fit;
    private final int period;
    private final double[] seasonal; // empty when not seasonally adjusted
    private final Instant origin;
    private final Frequency frequency;

    ThetaModel(ThetaFit fit, int period, double[] seasonal, Instant origin, Frequency frequency) {
        if (seasonal.length != 0 && seasonal.length != period)
            throw new IllegalArgumentException(seasonal.length + " seasonal indices for period " + period);
        this.fit = fit;
        this.period = period;
        this.seasonal = seasonal.clone();
        this.origin = origin;
        this.frequency = frequency;
    }

    @Override
    public String algorithm() {
        return ALGORITHM;
    }

    /**
     * Gaps in the history are filled linearly first.
     *
     * @throws IllegalArgumentException when the history is on another frequency, or (for a
     *                                  seasonally adjusted model) off the training series' time grid
     */
    @Override
    public Forecast predict(ForecastQuery query) {
        var history = query.history();
        Histories.requireFrequency(history, frequency);
        int steps = query.horizon().steps();
        List<Instant> times = history.futureTimes(steps);
        long offset = offset(history.firstTime());
        double[] mean = forecast(history.values(), offset, steps);
        double[] se = new double[steps];
        for (int h = 0; h < steps; h++) se[h] = standardError(h + 1);
        return NormalIntervals.forecast(times, mean, se, query.levels());
    }

    /** thetaf's standard error of the h-step forecast (h from 1). */
    double standardError(int h) {
        return fit.sigma() * Math.sqrt(1 + (h - 1) * fit.alpha() * fit.alpha());
    }

    /**
     * The point forecasts for {@code steps} after {@code values} (gaps allowed), whose first value
     * lies {@code offset} steps after the training series' first.
     */
    double[] forecast(double[] values, long offset, int steps) {
        double[] x = prepare(values, period);
        if (seasonal.length > 0) for (int t = 0; t < x.length; t++) x[t] /= seasonal[phase(offset + t)];
        double l0;
        if (offset == 0) {
            l0 = fit.level0();
        } else {
            int k = Math.min(START_VALUES, x.length);
            double s = 0;
            for (int t = 0; t < k; t++) s += x[t];
            l0 = s / k;
        }
        double[] mean = fit.forecast(x, l0, fit.intercept() + fit.slope() * offset, steps);
        if (seasonal.length > 0) for (int h = 0; h < steps; h++) mean[h] *= seasonal[phase(offset + x.length + h)];
        return mean;
    }

    /** Values with gaps filled linearly; at least one value must be observed. */
    static double[] prepare(double[] values, int period) {
        for (double v : values) if (Double.isNaN(v)) return Imputation.LINEAR.fill(values, period);
        return values.clone();
    }

    private int phase(long t) {
        return (int) Math.floorMod(t, (long) period);
    }

    /**
     * Steps from the training series' first time to {@code first} (negative before it). Off the
     * training grid (same frequency, shifted times) a seasonal model cannot tell the phase and
     * refuses; a non-seasonal one only needs to know that the history starts elsewhere.
     */
    private long offset(Instant first) {
        if (first.equals(origin)) return 0;
        long steps = first.isAfter(origin) ? frequency.stepsBetween(origin, first) : frequency.stepsBetween(first, origin);
        if (steps < 0) {
            if (seasonal.length > 0)
                throw new IllegalArgumentException("history starts at " + first + ", off the " + frequency + " grid of the training series (first time "
                        + origin + "): the seasonal phase is unknown");
            return 1; // not the training start, so smoothing starts from the history itself; the optimised line may be one step off
        }
        return first.isAfter(origin) ? steps : -steps;
    }

    @Override
    public boolean nativeIntervals() {
        return true;
    }

    /** One value: the phase comes from the timestamps and smoothing can start anywhere. */
    @Override
    public int minHistory() {
        return 1;
    }

    @Override
    public Frequency frequency() {
        return frequency;
    }

    /** None: Theta uses only the series' own past; the caller drops a request's feature columns. */
    @Override
    public List<String> featureNames() {
        return List.of();
    }

    ThetaFit fit() {
        return fit;
    }

    boolean seasonallyAdjusted() {
        return seasonal.length > 0;
    }

    /**
     * The variant; alpha; theta (2 for the standard method); the drift per step on the adjusted
     * scale ((1 - 1/theta) times the line's slope, R's {@code drift}); the initial level; sigma
     * (the one-step error's standard deviation the intervals use); the in-sample MSE; whether the
     * series was seasonally adjusted, and then the period and its indices from the training
     * series' first phase on.
     */
    @Override
    public Map<String, String> fitted() {
        var out = new LinkedHashMap<String, String>();
        out.put("variant", fit.optimized() ? ThetaSettings.OPTIMIZED : ThetaSettings.STANDARD);
        out.put("alpha", Double.toString(fit.alpha()));
        out.put("theta", Double.toString(fit.theta()));
        out.put("drift", Double.toString(fit.drift()));
        out.put("initial_level", Double.toString(fit.level0()));
        out.put("sigma", Double.toString(fit.sigma()));
        out.put("mse", Double.toString(fit.mse()));
        out.put("seasonally_adjusted", Boolean.toString(seasonal.length > 0));
        out.put("period", Integer.toString(period));
        if (seasonal.length > 0) {
            var indices = new StringBuilder();
            for (double s : seasonal) indices.append(indices.isEmpty() ? "" : ",").append(s);
            out.put("seasonal_indices", indices.toString());
        }
        return Collections.unmodifiableMap(out);
    }

    /** Format 1: variant flag, alpha, theta, l0, intercept, slope, sigma, mse, period, indices, origin, frequency. */
    @Override
    public byte[] serialize() {
        return Artifacts.write(ALGORITHM, FORMAT_VERSION, 256 + 8 * seasonal.length, out -> {
            out.writeBoolean(fit.optimized());
            for (double v : new double[] {fit.alpha(), fit.theta(), fit.level0(), fit.intercept(), fit.slope(), fit.sigma(), fit.mse()}) out.writeDouble(v);
            out.writeInt(period);
            out.writeInt(seasonal.length);
            for (double s : seasonal) out.writeDouble(s);
            out.writeLong(origin.getEpochSecond());
            out.writeInt(origin.getNano());
            out.writeUTF(frequency.toString());
        });
    }

    /** Reads what {@link #serialize()} wrote. */
    static ThetaModel restore(byte[] bytes) {
        return Artifacts.read(bytes, ALGORITHM, FORMAT_VERSION, (in, version) -> {
            boolean optimized = in.readBoolean();
            var fit = new ThetaFit(optimized, in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble());
            int period = in.readInt();
            int k = in.readInt();
            if (k != 0 && k != period) throw new IOException(k + " seasonal indices for period " + period);
            double[] seasonal = new double[k];
            for (int i = 0; i < k; i++) seasonal[i] = in.readDouble();
            var origin = Instant.ofEpochSecond(in.readLong(), in.readInt());
            return new ThetaModel(fit, period, seasonal, origin, Frequency.parse(in.readUTF()));
        });
    }

    @Override
    public String toString() {
        return "Theta(" + (fit.optimized() ? "optimized, theta " + fit.theta() : "standard") + ", alpha " + fit.alpha() + ", drift " + fit.drift()
                + (seasonal.length > 0 ? ", seasonally adjusted, period " + period : "") + ")";
    }
}
