package forecast.adapters.ml;

import forecast.domain.forecasting.Forecast;
import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.TrainedModel;
import forecast.domain.series.Frequency;
import forecast.domain.series.TimeSeries;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A fitted MSTL model: the seasonal periods, the last cycle of each seasonal component at the end
 * of the training data, and a non-seasonal trend model (ETS or ARIMA) fitted to the deseasonalized
 * series (after an optional Box-Cox transform, which ARIMA's {@code transform} asks for).
 *
 * <p>It forecasts the continuation of any history on its frequency. When the history holds two
 * full cycles of the longest period, it is decomposed again ({@link MstlDecomposition}) and the
 * trend model, with its fitted parameters, runs over the new deseasonalized series: for the
 * training series this is the forecast of the fit itself. A shorter history is deseasonalized by
 * the stored cycles instead, aligned to it by time. Either way the seasonal forecast repeats each
 * component's last cycle, the trend model forecasts the rest, and the intervals are the trend
 * model's normal intervals shifted by the seasonal forecast (the seasonal part is taken as known,
 * as R's {@code stlf} and statsforecast's MSTL do). Immutable and thread-safe.
 *
 * <p>The same class serves the {@code mstl} family and ARIMA's {@code seasonality = mstl}; it
 * carries the family's name for its artifact's envelope.
 */
final class MstlModel implements TrainedModel {
    static final String ALGORITHM = "mstl";
    /** The mstl family's artifact format. */
    static final int FORMAT_VERSION = 1;
    /** ARIMA's artifact format for an ARIMA on an MSTL decomposition (format 1 is a plain {@link ArimaModel}). */
    static final int ARIMA_FORMAT_VERSION = 2;

    private final String algorithm;
    private final int[] periods;
    private final double[] strengths;
    private final double[][] cycles;
    private final Instant end;
    private final BoxCox transform;
    private final TrainedModel trend;
    private final Frequency frequency;

    /**
     * @param cycles the last cycle of each seasonal component, ending at {@code end}, the training
     *               series' last time
     * @param trend  an {@link EtsModel} or an {@link ArimaModel} (without transform)
     */
    private MstlModel(String algorithm, int[] periods, double[] strengths, double[][] cycles, Instant end, BoxCox transform, TrainedModel trend,
                      Frequency frequency) {
        if (!(trend instanceof EtsModel) && !(trend instanceof ArimaModel)) throw new IllegalArgumentException("MSTL's trend model is ETS or ARIMA, not " + trend.algorithm());
        this.algorithm = algorithm;
        this.periods = periods;
        this.strengths = strengths;
        this.cycles = cycles;
        this.end = end;
        this.transform = transform;
        this.trend = trend;
        this.frequency = frequency;
    }

    /**
     * Decomposes {@code history} (gaps filled linearly on the transformed scale) over
     * {@code periods} and fits {@code trendFitter} to the deseasonalized series (same times, no
     * feature columns).
     */
    static MstlModel fit(String algorithm, TimeSeries history, int[] periods, BoxCox transform, Function<TimeSeries, TrainedModel> trendFitter) {
        double[] x = ArimaModel.prepare(history.values(), transform, fillPeriod(periods));
        var d = MstlDecomposition.of(x, periods);
        var deseasonalized = TimeSeries.of(history.times(), d.deseasonalized(), List.of(), null, history.frequency());
        TrainedModel trend = trendFitter.apply(deseasonalized);
        int[] sorted = d.periods();
        double[][] cycles = new double[sorted.length][];
        for (int i = 0; i < sorted.length; i++) cycles[i] = d.lastCycle(i);
        return new MstlModel(algorithm, sorted, d.strengths(), cycles, history.lastTime(), transform, trend, history.frequency());
    }

    private static int fillPeriod(int[] periods) {
        return periods.length == 0 ? 1 : periods[0];
    }

    @Override
    public String algorithm() {
        return algorithm;
    }

    /**
     * Gaps in the history are filled linearly (on the transformed scale) first.
     *
     * @throws IllegalArgumentException when the history is on another frequency
     */
    @Override
    public Forecast predict(ForecastQuery query) {
        var history = query.history();
        Histories.requireFrequency(history, frequency);
        int steps = query.horizon().steps();
        double[][] f = forecast(history, steps);
        double[] se = new double[steps];
        for (int h = 0; h < steps; h++) se[h] = Math.sqrt(Math.max(f[1][h], 0));
        return NormalIntervals.forecast(history.futureTimes(steps), f[0], se, query.levels(), transform::inverse);
    }

    /** Means (row 0) and variances (row 1) on the transformed scale of the {@code h} steps after {@code history}. */
    double[][] forecast(TimeSeries history, int h) {
        double[] x = ArimaModel.prepare(history.values(), transform, fillPeriod(periods));
        int n = x.length;
        double[] deseasonalized;
        double[] seasonal;
        if (periods.length > 0 && 2 * periods[periods.length - 1] < n) {
            var d = MstlDecomposition.of(x, periods);
            deseasonalized = d.deseasonalized();
            seasonal = d.seasonalForecast(h);
        } else {
            long shift = frequency.stepsBetween(end, history.lastTime());
            if (shift == -1 && !frequency.plus(end, -1).equals(history.lastTime())) shift = 0; // off the grid: no phase to keep
            deseasonalized = x.clone();
            for (int t = 0; t < n; t++) deseasonalized[t] -= storedSeasonal(shift - (n - 1 - t));
            seasonal = new double[h];
            for (int s = 0; s < h; s++) seasonal[s] = storedSeasonal(shift + s + 1);
        }
        double[][] f = switch (trend) {
            case EtsModel ets -> ets.forecast(deseasonalized, history.firstTime(), h);
            case ArimaModel arima -> arima.forecast(deseasonalized, h);
            default -> throw new IllegalStateException(trend.algorithm());
        };
        double[] mean = new double[h];
        for (int s = 0; s < h; s++) mean[s] = f[0][s] + seasonal[s];
        return new double[][] {mean, f[1]};
    }

    /** The sum of the stored cycles {@code steps} after the training series' last time (0: at it). */
    private double storedSeasonal(long steps) {
        double v = 0;
        for (double[] cycle : cycles) {
            int m = cycle.length;
            v += cycle[(int) Math.floorMod(m - 1 + steps, (long) m)];
        }
        return v;
    }

    @Override
    public boolean nativeIntervals() {
        return true;
    }

    /** The trend model's: the seasonal part of a short history comes from the stored cycles. */
    @Override
    public int minHistory() {
        return Math.max(1, trend.minHistory());
    }

    @Override
    public Frequency frequency() {
        return frequency;
    }

    /** None: the model uses only the series' own past. */
    @Override
    public List<String> featureNames() {
        return List.of();
    }

    int[] periods() {
        return periods.clone();
    }

    double[] strengths() {
        return strengths.clone();
    }

    TrainedModel trend() {
        return trend;
    }

    private String trendKind() {
        return trend instanceof EtsModel ? "ets" : "arima";
    }

    /**
     * The model ({@code MSTL(24,168) + ETS(A,Ad,N)}), the periods, each seasonal component's
     * strength in the training data ({@code strength_24}), the trend model's kind and the
     * transform, then what the trend model tells, each key prefixed {@code trend.}.
     */
    @Override
    public Map<String, String> fitted() {
        var out = new LinkedHashMap<String, String>();
        var inner = trend.fitted();
        out.put("model", "MSTL(" + periodList() + ") + " + inner.getOrDefault("model", trendKind()));
        out.put("periods", periods.length == 0 ? "none" : periodList());
        for (int i = 0; i < periods.length; i++) out.put("strength_" + periods[i], Double.toString(strengths[i]));
        out.put("trend_model", trendKind());
        out.put("transform", transform.kind());
        if (transform.kind().equals("boxcox")) out.put("lambda", Double.toString(transform.lambda()));
        inner.forEach((k, v) -> out.put("trend." + k, v));
        return Collections.unmodifiableMap(out);
    }

    private String periodList() {
        var sb = new StringBuilder();
        for (int p : periods) sb.append(sb.isEmpty() ? "" : ",").append(p);
        return sb.toString();
    }

    /**
     * Format 1 of {@code mstl}, 2 of {@code arima}: the periods, their strengths, the stored
     * cycles, the training end, the transform's kind and lambda, the trend model's kind and its
     * own artifact, the frequency.
     */
    @Override
    public byte[] serialize() {
        int version = algorithm.equals(ArimaModel.ALGORITHM) ? ARIMA_FORMAT_VERSION : FORMAT_VERSION;
        byte[] inner = trend.serialize();
        int size = inner.length + 256;
        for (double[] c : cycles) size += 8 * c.length + 4;
        return Artifacts.write(algorithm, version, size, out -> {
            Artifacts.writeInts(out, periods);
            writeDoubles(out, strengths);
            for (double[] c : cycles) writeDoubles(out, c);
            out.writeLong(end.getEpochSecond());
            out.writeInt(end.getNano());
            out.writeUTF(transform.kind());
            out.writeDouble(transform.lambda());
            out.writeUTF(trendKind());
            Artifacts.writeBytes(out, inner);
            out.writeUTF(frequency.toString());
        });
    }

    /** Reads an mstl family's artifact. */
    static MstlModel restore(byte[] bytes) {
        return Artifacts.read(bytes, ALGORITHM, FORMAT_VERSION, (in, version) -> read(in, ALGORITHM));
    }

    /** Reads the body {@link #serialize()} wrote after the envelope, for the family {@code algorithm}. */
    static MstlModel read(DataInputStream in, String algorithm) throws IOException {
        int[] periods = Artifacts.readInts(in);
        double[] strengths = readDoubles(in);
        if (strengths.length != periods.length) throw new IOException("expected " + periods.length + " strengths, found " + strengths.length);
        double[][] cycles = new double[periods.length][];
        for (int i = 0; i < periods.length; i++) {
            cycles[i] = readDoubles(in);
            if (periods[i] < 2 || cycles[i].length != periods[i]) throw new IOException("period " + periods[i] + " with a cycle of " + cycles[i].length);
        }
        Instant end = Instant.ofEpochSecond(in.readLong(), in.readInt());
        var transform = new BoxCox(in.readUTF(), in.readDouble());
        String kind = in.readUTF();
        byte[] inner = Artifacts.readBytes(in);
        TrainedModel trend;
        try {
            trend = switch (kind) {
                case "ets" -> EtsModel.restore(inner);
                case "arima" -> ArimaModel.restore(inner);
                default -> throw new IOException("unknown trend model " + kind);
            };
        } catch (IllegalArgumentException e) {
            throw new IOException("trend model: " + e.getMessage(), e);
        }
        return new MstlModel(algorithm, periods, strengths, cycles, end, transform, trend, Frequency.parse(in.readUTF()));
    }

    private static void writeDoubles(DataOutputStream out, double[] values) throws IOException {
        out.writeInt(values.length);
        for (double v : values) out.writeDouble(v);
    }

    private static double[] readDoubles(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 100_000) throw new IOException("implausible count " + n);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = in.readDouble();
        return out;
    }

    @Override
    public String toString() {
        return "MSTL(" + periodList() + ") + " + trend + (transform.identity() ? "" : " on " + transform);
    }
}
