package forecast.adapters.ml;

import forecast.domain.forecasting.Forecaster;
import forecast.domain.forecasting.HyperparameterSpec;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.TrainedModel;
import forecast.domain.series.Frequency;
import forecast.domain.series.TimeSeries;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.linear.EigenDecomposition;

/**
 * Exponential smoothing state space models, ETS(error, trend, season) of Hyndman et al. (2008), as
 * R's {@code forecast::ets}: every model the settings leave open is estimated by maximum
 * likelihood ({@link EtsEstimator}) and the lowest AICc is kept; forecasts carry the models' own
 * analytic intervals ({@link EtsVariance}).
 *
 * <p>Hyperparameters (see {@link EtsSettings#SPECS}): {@code model} ({@code ZZZ}: automatic; or
 * {@code ANN}, {@code AAdN}, {@code MAM} ...), {@code damped} (auto, true, false) and
 * {@code period} (default: the frequency's shortest season; above 24 no seasonal models, as R).
 * Gaps are filled linearly before fitting. Local scope: the states describe one series.
 */
final class EtsForecaster implements Forecaster {
    private static final String FALLBACK_VERSION = "3.6.1";

    @Override
    public String algorithm() {
        return EtsModel.ALGORITHM;
    }

    @Override
    public Hyperparameters defaults() {
        return EtsSettings.DEFAULTS;
    }

    /** See {@link EtsSettings#SPECS}. */
    @Override
    public List<HyperparameterSpec> hyperparameters() {
        return EtsSettings.SPECS;
    }

    /**
     * R's threshold for an optimised fit: the parameters it counts (2, plus 2 for a trend, m for a
     * season, 1 for damping) plus 5; for a choice left to AICc, the simplest model's 7.
     */
    @Override
    public int minTrainingSize(TimeSeries series, Hyperparameters params) {
        return EtsSettings.of(params, series.frequency()).minimumObservations();
    }

    @Override
    public TrainedModel fit(TimeSeries history, Hyperparameters params) {
        Frequency frequency = history.frequency();
        if (frequency == null) throw new IllegalArgumentException("a series of one observation has no frequency; declare one");
        var settings = EtsSettings.of(params, frequency);
        int need = settings.minimumObservations();
        if (history.size() < need) throw new IllegalArgumentException("ets needs at least " + need + " observations with these settings, got " + history.size());
        double[] y = ArimaModel.prepare(history.values(), BoxCox.NONE, settings.period());
        boolean positive = Arrays.stream(y).allMatch(v -> v > 0);
        var fit = EtsEstimator.select(y, settings.candidates(positive, y.length));
        return new EtsModel(fit, history.times().get(0), frequency);
    }

    @Override
    public TrainedModel restore(byte[] bytes) {
        return EtsModel.restore(bytes);
    }

    @Override
    public Map<String, String> libraries() {
        return Map.of("commons-math3", Libraries.version(EigenDecomposition.class, null, FALLBACK_VERSION));
    }
}
