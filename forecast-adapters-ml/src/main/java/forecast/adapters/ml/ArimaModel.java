package forecast.adapters.ml;

import forecast.domain.forecasting.Forecast;
import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.TrainedModel;
import forecast.domain.preprocessing.Imputation;
import forecast.domain.series.Frequency;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fitted seasonal ARIMA model. It forecasts the continuation of any history on its frequency:
 * the history is transformed and differenced as at training, the Kalman filter runs over it with
 * the fitted coefficients from the stationary distribution, and the forecasts are integrated
 * back and inverse-transformed. Intervals are normal on the transformed scale with the model's
 * own forecast variance: sigma2 times the sum of squared psi weights of the whole model
 * (differencing included), plus what remains of the filter's state uncertainty. sigma2 there is
 * the forecast package's degrees-of-freedom-adjusted estimate ({@link ArimaFit#sigma2Adjusted()}),
 * as {@code forecast(auto.arima(x))} uses. Immutable and thread-safe.
 */
final class ArimaModel implements TrainedModel {
    static final String ALGORITHM = "arima";
    static final int FORMAT_VERSION = 1;
    // no random generator: only quantiles are asked for, and they are thread-safe

    private final ArimaFit fit;
    private final BoxCox transform;
    private final Frequency frequency;
    private final double sigma2;
    private final KalmanArma kalman;
    private final double[] delta;
    private final double[] integratedAr;
    private final double[] ma;

    ArimaModel(ArimaFit fit, BoxCox transform, Frequency frequency) {
        this.fit = fit;
        this.transform = transform;
        this.frequency = frequency;
        this.sigma2 = fit.sigma2Adjusted();
        double[] ar = fit.arExpanded();
        this.ma = fit.maExpanded();
        this.kalman = new KalmanArma(ar, ma);
        this.delta = ArimaPolynomials.differencing(fit.spec().d(), fit.spec().D(), fit.spec().period());
        this.integratedAr = ArimaPolynomials.arTimes(ar, delta);
    }

    @Override
    public String algorithm() {
        return ALGORITHM;
    }

    /**
     * Gaps in the history (and values the transformation cannot take, such as 0 under log) are
     * filled linearly on the transformed scale first.
     *
     * @throws IllegalArgumentException when the history is on another frequency or shorter than
     *                                  d + D*m + 1
     */
    @Override
    public Forecast predict(ForecastQuery query) {
        var history = query.history();
        Histories.requireFrequency(history, frequency);
        int steps = query.horizon().steps();
        List<Instant> times = history.futureTimes(steps);
        double[][] f = forecast(prepare(history.values(), transform, fit.spec().period()), steps);
        double[] se = new double[steps];
        for (int h = 0; h < steps; h++) se[h] = Math.sqrt(f[1][h]);
        return NormalIntervals.forecast(times, f[0], se, query.levels(), transform::inverse);
    }

    /** Transformed values with gaps filled linearly; at least one value must be usable. */
    static double[] prepare(double[] values, BoxCox transform, int period) {
        double[] x = transform.apply(values);
        for (double v : x) {
            if (Double.isNaN(v)) return Imputation.LINEAR.fill(x, period);
        }
        return x;
    }

    /**
     * The means (row 0) and forecast variances (row 1) on the transformed scale for the {@code h}
     * steps after {@code x} (transformed, no gaps).
     */
    double[][] forecast(double[] x, int h) {
        int nd = delta.length - 1;
        if (x.length <= nd)
            throw new IllegalArgumentException(fit.spec() + " needs at least " + (nd + 1) + " observations to forecast, got " + x.length);
        double[] w = ArimaPolynomials.difference(x, delta);
        for (int t = 0; t < w.length; t++) w[t] -= fit.mean();
        var pass = kalman.filter(w);
        double[] wf = kalman.project(pass.state(), h);
        int n = x.length;
        double[] ext = new double[n + h];
        System.arraycopy(x, 0, ext, 0, n);
        for (int k = 0; k < h; k++) {
            double v = wf[k] + fit.mean();
            for (int i = 1; i <= nd; i++) if (delta[i] != 0) v -= delta[i] * ext[n + k - i];
            ext[n + k] = v;
        }
        double[] psi = ArimaPolynomials.psi(integratedAr, ma, h);
        double[] variance = new double[h];
        double cumulative = 0;
        for (int k = 0; k < h; k++) {
            cumulative += psi[k] * psi[k];
            variance[k] = cumulative;
        }
        if (!settled(pass.covariance())) addStateUncertainty(variance, pass.covariance(), h);
        double[] means = new double[h];
        System.arraycopy(ext, n, means, 0, h);
        for (int k = 0; k < h; k++) variance[k] *= sigma2;
        return new double[][] {means, variance};
    }

    /**
     * The part of the forecast variance from the state at the origin: c_h' P c_h, with c_h the
     * effect of the state on the h-step forecast through the integration,
     * c_h = g_h - sum_i delta_i c_{h-i}, g_h = Z T^h.
     */
    private void addStateUncertainty(double[] variance, double[] p, int h) {
        double[][] g = kalman.loadings(h);
        int r = kalman.stateSize();
        double[][] c = new double[h][];
        int nd = delta.length - 1;
        for (int k = 0; k < h; k++) {
            double[] ck = g[k].clone();
            for (int i = 1; i <= Math.min(nd, k); i++) {
                if (delta[i] == 0) continue;
                double[] prev = c[k - i];
                for (int j = 0; j < r; j++) ck[j] -= delta[i] * prev[j];
            }
            c[k] = ck;
            variance[k] += kalman.quadratic(ck, p);
        }
    }

    private static boolean settled(double[] p) {
        for (double v : p) if (v != 0) return false;
        return true;
    }

    @Override
    public boolean nativeIntervals() {
        return true;
    }

    /**
     * d + D*m + max(p + P*m, q + Q*m) + 1: the differencing consumes d + D*m values and the rest
     * fills the ARMA recursion once, so the filter's state is informed by every lag the model uses.
     */
    @Override
    public int minHistory() {
        var s = fit.spec();
        return s.differences() + Math.max(s.arDegree(), s.maDegree()) + 1;
    }

    @Override
    public Frequency frequency() {
        return frequency;
    }

    /** None: ARIMA uses only the series' own past; the caller drops a request's feature columns. */
    @Override
    public List<String> featureNames() {
        return List.of();
    }

    ArimaFit fit() {
        return fit;
    }

    /**
     * The chosen model as R prints it ({@code ARIMA(2,1,1)(0,1,1)[24] with drift}), its orders (the
     * seasonal ones when there is a season), its coefficients by R's names ({@code ar1},
     * {@code ma1}, {@code sar1}, {@code sma1}, {@code intercept} or {@code drift}), sigma2 (the
     * residual variance its intervals use), the log-likelihood and information criteria (for an
     * exact-likelihood fit), the observations in the likelihood, and the transform.
     */
    @Override
    public Map<String, String> fitted() {
        var s = fit.spec();
        var out = new LinkedHashMap<String, String>();
        out.put("model", s.toString());
        out.put("order", "(" + s.p() + "," + s.d() + "," + s.q() + ")");
        if (s.period() > 1) out.put("seasonal_order", "(" + s.P() + "," + s.D() + "," + s.Q() + ")[" + s.period() + "]");
        coefficients(out, "ar", fit.ar());
        coefficients(out, "ma", fit.ma());
        coefficients(out, "sar", fit.sar());
        coefficients(out, "sma", fit.sma());
        if (s.constant()) out.put(s.drift() ? "drift" : "intercept", Double.toString(fit.constant()));
        out.put("sigma2", Double.toString(sigma2));
        if (Double.isFinite(fit.loglik())) { // a CSS-only fit has no exact likelihood to compare by
            out.put("loglik", Double.toString(fit.loglik()));
            out.put("aic", Double.toString(fit.aic()));
            out.put("aicc", Double.toString(fit.aicc()));
            out.put("bic", Double.toString(fit.bic()));
        }
        out.put("observations", Integer.toString(fit.nUsed()));
        out.put("method", fit.css() ? "CSS" : "ML");
        out.put("transform", transform.kind());
        if (transform.kind().equals("boxcox")) out.put("lambda", Double.toString(transform.lambda()));
        return Collections.unmodifiableMap(out);
    }

    private static void coefficients(Map<String, String> out, String prefix, double[] values) {
        for (int i = 0; i < values.length; i++) out.put(prefix + (i + 1), Double.toString(values[i]));
    }

    BoxCox transform() {
        return transform;
    }

    /**
     * Format 1: orders (p, d, q, P, D, Q, period), constant flag, the four coefficient arrays, mean
     * of the differenced series, ML sigma2, log-likelihood, observations used, whether CSS only,
     * transform kind and lambda, frequency.
     */
    @Override
    public byte[] serialize() {
        return Artifacts.write(ALGORITHM, FORMAT_VERSION, 512, out -> {
            var s = fit.spec();
            Artifacts.writeInts(out, new int[] {s.p(), s.d(), s.q(), s.P(), s.D(), s.Q(), s.period()});
            out.writeBoolean(s.constant());
            for (double[] c : new double[][] {fit.ar(), fit.ma(), fit.sar(), fit.sma()}) writeDoubles(out, c);
            out.writeDouble(fit.mean());
            out.writeDouble(fit.sigma2());
            out.writeDouble(fit.loglik());
            out.writeInt(fit.nUsed());
            out.writeBoolean(fit.css());
            out.writeUTF(transform.kind());
            out.writeDouble(transform.lambda());
            out.writeUTF(frequency.toString());
        });
    }

    /** Reads what {@link #serialize()} wrote (format 1; ARIMA on MSTL, format 2, is {@link ArimaForecaster#restore}'s). */
    static ArimaModel restore(byte[] bytes) {
        return Artifacts.read(bytes, ALGORITHM, FORMAT_VERSION, (in, version) -> read(in));
    }

    /** Reads format 1's body, after the envelope. */
    static ArimaModel read(DataInputStream in) throws IOException {
        int[] o = Artifacts.readInts(in);
        if (o.length != 7) throw new IOException("expected 7 orders, found " + o.length);
        var spec = new ArimaSpec(o[0], o[1], o[2], o[3], o[4], o[5], o[6], in.readBoolean());
        double[] ar = readDoubles(in, spec.p());
        double[] ma = readDoubles(in, spec.q());
        double[] sar = readDoubles(in, spec.P());
        double[] sma = readDoubles(in, spec.Q());
        var fit = new ArimaFit(spec, ar, ma, sar, sma, in.readDouble(), in.readDouble(), in.readDouble(), in.readInt(), in.readBoolean());
        var transform = new BoxCox(in.readUTF(), in.readDouble());
        return new ArimaModel(fit, transform, Frequency.parse(in.readUTF()));
    }

    private static void writeDoubles(DataOutputStream out, double[] values) throws IOException {
        out.writeInt(values.length);
        for (double v : values) out.writeDouble(v);
    }

    private static double[] readDoubles(DataInputStream in, int expected) throws IOException {
        int n = in.readInt();
        if (n != expected) throw new IOException("expected " + expected + " coefficients, found " + n);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = in.readDouble();
        return out;
    }

    @Override
    public String toString() {
        return fit.spec() + (transform.identity() ? "" : " on " + transform) + ", sigma2 " + sigma2;
    }
}
