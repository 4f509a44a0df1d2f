package forecast.adapters.ml;

import forecast.domain.forecasting.Forecaster;
import forecast.domain.forecasting.HyperparameterSpec;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.TrainedModel;
import forecast.domain.series.Frequency;
import forecast.domain.series.TimeSeries;
import forecast.domain.tuning.CategoricalDistribution;
import forecast.domain.tuning.Distribution;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;

/**
 * The Theta method: simple exponential smoothing with a drift from the series' linear trend, a
 * strong and cheap benchmark (it won the M3 competition). The standard variant is R's
 * {@code forecast::thetaf} (forecast 8.20): the seasonality test at lag m, classical
 * multiplicative decomposition when it says so, {@code ses} by least squares, drift = half the
 * linear trend's slope, intervals from the SES model's variance, forecasts re-seasonalised. The
 * optimized variant is Fiorucci et al.'s optimised Theta model (statsforecast's
 * {@code OptimizedTheta}): the theta line's coefficient is chosen with alpha and the initial level
 * by in-sample MSE, on the same seasonally adjusted series.
 *
 * <p>Hyperparameters ({@link ThetaSettings}): {@code variant} (standard, optimized) and
 * {@code period} (default: the frequency's shortest seasonal period, 1 without one). A series with
 * a negative value is not seasonally adjusted: a multiplicative decomposition (R divides
 * regardless) has no meaning there; zeros are kept, as R keeps them (the sunspot reference has
 * some). Gaps are filled linearly before fitting.
 */
final class ThetaForecaster implements Forecaster {
    private static final String FALLBACK_VERSION = "3.6.1";
    /** R's ets refuses ANN with fewer (two parameters need n - 1 > 2), and sigma^2 divides by n - 2. */
    static final int MIN_STANDARD = 4;
    /** The optimised objective skips three errors and fits two more parameters: three errors at least remain. */
    static final int MIN_OPTIMIZED = 6;

    @Override
    public String algorithm() {
        return ThetaModel.ALGORITHM;
    }

    @Override
    public Hyperparameters defaults() {
        return ThetaSettings.DEFAULTS;
    }

    /** See {@link ThetaSettings#SPECS}; local (the default scope): alpha and drift describe one series. */
    @Override
    public List<HyperparameterSpec> hyperparameters() {
        return ThetaSettings.SPECS;
    }

    /** Both variants, and the period: none (1) or one of the frequency's seasons that fits more than twice. */
    @Override
    public Map<String, Distribution> searchSpace(TimeSeries series) {
        var space = new LinkedHashMap<String, Distribution>();
        space.put("variant", CategoricalDistribution.of(ThetaSettings.STANDARD, ThetaSettings.OPTIMIZED));
        List<Object> periods = new ArrayList<>(List.of(1));
        if (series != null && series.frequency() != null)
            for (int p : series.frequency().seasonalPeriods()) if (p > 1 && 2 * p < series.size()) periods.add(p);
        space.put("period", new CategoricalDistribution(periods));
        return space;
    }

    /** 4 for the standard method, 6 for the optimised one; seasonality is tested only beyond two seasons. */
    @Override
    public int minTrainingSize(TimeSeries series, Hyperparameters params) {
        var s = ThetaSettings.of(params, series.frequency());
        return s.optimized() ? MIN_OPTIMIZED : MIN_STANDARD;
    }

    @Override
    public TrainedModel fit(TimeSeries history, Hyperparameters params) {
        Frequency frequency = history.frequency();
        if (frequency == null) throw new IllegalArgumentException("a series of one observation has no frequency; declare one");
        var settings = ThetaSettings.of(params, frequency);
        int need = minTrainingSize(history, params);
        if (history.size() < need)
            throw new IllegalArgumentException("theta (" + settings.variant() + ") needs at least " + need + " observations, got " + history.size());
        int m = settings.period();
        double[] x = ThetaModel.prepare(history.values(), m);
        double[] seasonal = seasonalIndices(x, m);
        if (seasonal.length > 0) for (int t = 0; t < x.length; t++) x[t] /= seasonal[t % m];
        ThetaFit fit = settings.optimized() ? ThetaEstimator.optimized(x) : ThetaEstimator.standard(x);
        return new ThetaModel(fit, m, seasonal, history.firstTime(), frequency);
    }

    /**
     * thetaf's indices when its test finds a season; none when it does not, when a value is
     * negative, or when an index is within 1e-4 of 0 (R then warns and fits without season).
     */
    static double[] seasonalIndices(double[] x, int m) {
        if (!ClassicalDecomposition.seasonal(x, m)) return new double[0];
        for (double v : x) if (v < 0) return new double[0];
        double[] indices = ClassicalDecomposition.multiplicativeIndices(x, m);
        for (double s : indices) if (!(Math.abs(s) >= 1e-4)) return new double[0];
        return indices;
    }

    @Override
    public TrainedModel restore(byte[] bytes) {
        return ThetaModel.restore(bytes);
    }

    @Override
    public Map<String, String> libraries() {
        return Map.of("commons-math3", Libraries.version(BrentOptimizer.class, null, FALLBACK_VERSION));
    }
}
