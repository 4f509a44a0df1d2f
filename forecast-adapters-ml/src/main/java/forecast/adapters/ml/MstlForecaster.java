package forecast.adapters.ml;

import forecast.domain.forecasting.Forecaster;
import forecast.domain.forecasting.HyperparameterSpec;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.TrainedModel;
import forecast.domain.series.Frequency;
import forecast.domain.series.TimeSeries;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.linear.EigenDecomposition;

/**
 * Multiple seasonal decomposition and a non-seasonal model for the rest, as statsforecast's
 * {@code MSTL} and R's {@code stlf}/{@code stlm}: the series (gaps filled linearly) is decomposed by
 * {@link MstlDecomposition} over its seasonal periods (R's {@code mstl}: STL per period, shortest
 * first, two passes); each seasonal component is forecast by repeating its last cycle, and the
 * deseasonalized series (trend plus remainder) by automatic non-seasonal ETS ({@code ZZN}, chosen
 * by AICc) or automatic non-seasonal ARIMA. With one season (monthly data) this is STL + ETS, R's
 * {@code stlf}. Intervals are the trend model's, shifted by the seasonal forecast.
 *
 * <p>Hyperparameters (see {@link MstlSettings#SPECS}): {@code periods} (default: the frequency's
 * seasons with two full cycles in the training data, {@code 2 m < n}: 24 and 168 for hourly data,
 * 48 and 336 half-hourly, 7 and 365 daily) and {@code trend_model} ({@code ets}, the default, or
 * {@code arima}). Local scope: the decomposition and the trend model describe one series.
 */
final class MstlForecaster implements Forecaster {
    private static final String FALLBACK_VERSION = "3.6.1";

    @Override
    public String algorithm() {
        return MstlModel.ALGORITHM;
    }

    @Override
    public Hyperparameters defaults() {
        return MstlSettings.DEFAULTS;
    }

    /** See {@link MstlSettings#SPECS}. */
    @Override
    public List<HyperparameterSpec> hyperparameters() {
        return MstlSettings.SPECS;
    }

    /**
     * Without a seasonal period (yearly data, say) MSTL has nothing to decompose and is the
     * non-seasonal ETS automatic choice already tries: trying it again would only give that model
     * two votes in the mean and median combinations. Otherwise two cycles of the shortest season.
     */
    @Override
    public int automaticMinimumLength(Frequency frequency) {
        var periods = MstlDecomposition.candidatePeriods(frequency).stream().filter(m -> m > 1).toList();
        return periods.isEmpty() ? NOT_AUTOMATIC : 2 * periods.get(0) + 1;
    }

    /** See {@link MstlSettings#minimumObservations}. */
    @Override
    public int minTrainingSize(TimeSeries series, Hyperparameters params) {
        return MstlSettings.of(params).minimumObservations(series.frequency());
    }

    @Override
    public TrainedModel fit(TimeSeries history, Hyperparameters params) {
        Frequency frequency = history.frequency();
        if (frequency == null) throw new IllegalArgumentException("a series of one observation has no frequency; declare one");
        var settings = MstlSettings.of(params);
        int need = settings.minimumObservations(frequency);
        if (history.size() < need) throw new IllegalArgumentException("mstl needs at least " + need + " observations with these settings, got " + history.size());
        int[] periods = settings.resolve(frequency, history.size());
        return MstlModel.fit(MstlModel.ALGORITHM, history, periods, BoxCox.NONE, deseasonalized -> switch (settings.trend()) {
            case ETS -> new EtsForecaster().fit(deseasonalized, Hyperparameters.of("model", "ZZN"));
            case ARIMA -> new ArimaForecaster().fit(deseasonalized, Hyperparameters.of("period", "1"));
        });
    }

    @Override
    public TrainedModel restore(byte[] bytes) {
        return MstlModel.restore(bytes);
    }

    @Override
    public Map<String, String> libraries() {
        return Map.of("commons-math3", Libraries.version(EigenDecomposition.class, null, FALLBACK_VERSION));
    }
}
