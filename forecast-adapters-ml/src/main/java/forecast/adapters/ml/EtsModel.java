package forecast.adapters.ml;

import forecast.domain.forecasting.Forecast;
import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.TrainedModel;
import forecast.domain.series.Frequency;
import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fitted ETS model. It forecasts the continuation of any history on its frequency: the
 * recursions run over the history from the fitted initial state (its seasonal values turned to
 * the history's first phase, counted from the training series' start), and the forecast mean and
 * variance follow from the last state ({@link EtsVariance}). For the training series itself this
 * is exactly R's {@code forecast(ets(y))}. Intervals are normal, mean +- z * sd, as R's are.
 * Immutable and thread-safe.
 */
final class EtsModel implements TrainedModel {
    static final String ALGORITHM = "ets";
    private static final int FORMAT_VERSION = 1;
    // no random generator: only quantiles are asked for, and they are thread-safe

    private final EtsFit fit;
    private final Instant start;
    private final Frequency frequency;

    /** @param start the training series' first time, from which seasonal phases are counted */
    EtsModel(EtsFit fit, Instant start, Frequency frequency) {
        this.fit = fit;
        this.start = start;
        this.frequency = frequency;
    }

    @Override
    public String algorithm() {
        return ALGORITHM;
    }

    /**
     * Gaps in the history are filled linearly first.
     *
     * @throws IllegalArgumentException when the history is on another frequency
     */
    @Override
    public Forecast predict(ForecastQuery query) {
        var history = query.history();
        Histories.requireFrequency(history, frequency);
        int steps = query.horizon().steps();
        List<Instant> times = history.futureTimes(steps);
        double[][] f = forecast(history.values(), history.times().get(0), steps);
        double[] sd = new double[steps];
        for (int h = 0; h < steps; h++) sd[h] = Math.sqrt(Math.max(f[1][h], 0));
        return NormalIntervals.forecast(times, f[0], sd, query.levels());
    }

    /** Means (row 0) and variances (row 1) of the {@code h} steps after {@code values}, which start at {@code first}. */
    double[][] forecast(double[] values, Instant first, int h) {
        var spec = fit.spec();
        double[] y = ArimaModel.prepare(values, BoxCox.NONE, spec.period());
        var pass = EtsFilter.run(spec, fit.parameters(), initialAt(first), y);
        return EtsVariance.forecast(spec, fit.parameters(), fit.sigma2(), pass.state(), h);
    }

    /** The initial state with its seasonal values rotated by the steps from the training start to {@code first}. */
    private double[] initialAt(Instant first) {
        double[] state = fit.initial().clone();
        var spec = fit.spec();
        if (!spec.seasonal() || first.equals(start)) return state;
        long steps = frequency.stepsBetween(start, first);
        if (steps == -1 && !frequency.plus(start, -1).equals(first)) return state; // off the grid: no phase to keep
        int m = spec.period();
        int shift = (int) Math.floorMod(steps, (long) m);
        int at = spec.trended() ? 2 : 1;
        for (int j = 0; j < m; j++) state[at + j] = fit.initial()[at + Math.floorMod(j - shift, m)];
        return state;
    }

    @Override
    public boolean nativeIntervals() {
        return true;
    }

    /** One observation: the recursions start from the fitted state. */
    @Override
    public int minHistory() {
        return 1;
    }

    @Override
    public Frequency frequency() {
        return frequency;
    }

    /** None: ETS uses only the series' own past. */
    @Override
    public List<String> featureNames() {
        return List.of();
    }

    EtsFit fit() {
        return fit;
    }

    /**
     * The chosen model as R prints it ({@code ETS(M,Ad,A)}), its smoothing parameters, initial
     * states by R's names ({@code l}, {@code b}, {@code s1..sm}, s1 the most recent), sigma2 (the
     * variance its intervals use), R's log-likelihood and information criteria, and the
     * observations fitted.
     */
    @Override
    public Map<String, String> fitted() {
        var spec = fit.spec();
        var p = fit.parameters();
        var out = new LinkedHashMap<String, String>();
        out.put("model", spec.toString());
        if (spec.seasonal()) out.put("period", Integer.toString(spec.period()));
        out.put("alpha", Double.toString(p.alpha()));
        if (spec.trended()) out.put("beta", Double.toString(p.beta()));
        if (spec.seasonal()) out.put("gamma", Double.toString(p.gamma()));
        if (spec.damped()) out.put("phi", Double.toString(p.phi()));
        double[] s = fit.initial();
        out.put("l", Double.toString(s[0]));
        if (spec.trended()) out.put("b", Double.toString(s[1]));
        if (spec.seasonal()) for (int j = 0; j < spec.period(); j++) out.put("s" + (j + 1), Double.toString(s[(spec.trended() ? 2 : 1) + j]));
        out.put("sigma2", Double.toString(fit.sigma2()));
        out.put("loglik", Double.toString(fit.loglik()));
        out.put("aic", Double.toString(fit.aic()));
        out.put("aicc", Double.toString(fit.aicc()));
        out.put("bic", Double.toString(fit.bic()));
        out.put("observations", Integer.toString(fit.n()));
        return Collections.unmodifiableMap(out);
    }

    /**
     * Format 1: the model's code and period, alpha, beta, gamma, phi, the initial state, R's
     * criterion, observations, estimated count, SSE, the training start and the frequency.
     */
    @Override
    public byte[] serialize() {
        return Artifacts.write(ALGORITHM, FORMAT_VERSION, 512, out -> {
            var spec = fit.spec();
            out.writeUTF(spec.code());
            out.writeInt(spec.period());
            var p = fit.parameters();
            for (double v : new double[] {p.alpha(), p.beta(), p.gamma(), p.phi()}) out.writeDouble(v);
            out.writeInt(fit.initial().length);
            for (double v : fit.initial()) out.writeDouble(v);
            out.writeDouble(fit.lik());
            out.writeInt(fit.n());
            out.writeInt(fit.estimated());
            out.writeDouble(fit.sse());
            out.writeLong(start.getEpochSecond());
            out.writeInt(start.getNano());
            out.writeUTF(frequency.toString());
        });
    }

    /** Reads what {@link #serialize()} wrote. */
    static EtsModel restore(byte[] bytes) {
        return Artifacts.read(bytes, ALGORITHM, FORMAT_VERSION, (in, version) -> {
            String code = in.readUTF();
            if (!code.matches("[AM][NA]d?[NAM]")) throw new IOException("not an ETS model code: " + code);
            boolean damped = code.length() == 4;
            int period = in.readInt();
            EtsSpec spec;
            try {
                spec = new EtsSpec(code.charAt(0), code.charAt(1), damped, code.charAt(code.length() - 1), period);
            } catch (IllegalArgumentException e) {
                throw new IOException(e.getMessage());
            }
            var p = new EtsParameters(in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble());
            int size = in.readInt();
            if (size != spec.stateSize()) throw new IOException("expected " + spec.stateSize() + " states, found " + size);
            double[] initial = new double[size];
            for (int i = 0; i < size; i++) initial[i] = in.readDouble();
            var fit = new EtsFit(spec, p, initial, in.readDouble(), in.readInt(), in.readInt(), in.readDouble());
            Instant start = Instant.ofEpochSecond(in.readLong(), in.readInt());
            return new EtsModel(fit, start, Frequency.parse(in.readUTF()));
        });
    }

    @Override
    public String toString() {
        return fit.spec() + ", sigma2 " + fit.sigma2();
    }
}
