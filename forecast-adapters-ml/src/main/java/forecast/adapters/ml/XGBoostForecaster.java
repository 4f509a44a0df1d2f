package forecast.adapters.ml;

import forecast.domain.forecasting.GlobalForecaster;
import forecast.domain.forecasting.HyperparameterSpec;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.TrainedModel;
import forecast.domain.series.Frequency;
import forecast.domain.series.TimeSeries;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;

/**
 * Gradient-boosted trees (XGBoost4J) with the direct multi-step strategy: the step is a feature,
 * so one prediction call of H rows answers an H-step request. See {@link XGBoostFeatures} for
 * the columns and {@link XGBoostSettings} for the hyperparameters: {@code max_depth},
 * {@code eta}, {@code rounds}, {@code subsample}, {@code colsample_bytree},
 * {@code min_child_weight}, {@code lags}, {@code level_window}, {@code max_horizon},
 * {@code max_rows} and {@code seed}. Training always uses one thread.
 *
 * <p>Global ({@link forecast.domain.forecasting.Scope#GLOBAL}): trees learn from lag windows and
 * calendar features taken relative to each origin's level, not from one series' parameters, so
 * {@link #fitGlobal} trains one pair of boosters on the rows of many series, as mlforecast does.
 */
final class XGBoostForecaster implements GlobalForecaster {
    private static final String FALLBACK_VERSION = "3.4.0";

    @Override
    public String algorithm() {
        return XGBoostModel.ALGORITHM;
    }

    /** See {@link SearchSpaces#xgboost}. */
    @Override
    public java.util.Map<String, forecast.domain.tuning.Distribution> searchSpace(TimeSeries series) {
        return SearchSpaces.xgboost(series);
    }

    /**
     * The frequency-independent defaults. {@code lags}, {@code level_window} and
     * {@code max_horizon} follow the series' frequency when not given (see
     * {@link XGBoostSettings#of}).
     */
    @Override
    public Hyperparameters defaults() {
        return XGBoostSettings.DEFAULTS;
    }

    /** See {@link XGBoostSettings#SPECS}. */
    @Override
    public List<HyperparameterSpec> hyperparameters() {
        return XGBoostSettings.SPECS;
    }

    /** Twice {@code lags}: a warm-up of {@code lags} observations and as many origins after it. */
    /**
     * 500 observations and ten of the longest season (1,680 hourly, 500 daily or monthly): gradient
     * boosting learns the seasonal shape from lagged windows, and on shorter series it has too few
     * windows per phase of the cycle to beat the statistical families that model the season
     * directly (the M4 competition's lesson), while costing seconds to minutes per backtest.
     */
    @Override
    public int automaticMinimumLength(forecast.domain.series.Frequency frequency) {
        return Math.max(500, 10 * (frequency == null ? 1 : frequency.longestSeason()));
    }

    @Override
    public int minTrainingSize(TimeSeries series, Hyperparameters params) {
        return 2 * XGBoostSettings.of(params, frequencyOf(series)).lags();
    }

    /**
     * {@code max_horizon} is capped at half the origins after the warm-up, so that even the
     * furthest step has training rows.
     */
    @Override
    public TrainedModel fit(TimeSeries history, Hyperparameters params) {
        var frequency = frequencyOf(history);
        var requested = XGBoostSettings.of(params, frequency);
        int need = 2 * requested.lags();
        if (history.size() < need)
            throw new IllegalArgumentException("xgboost with lags " + requested.lags() + " needs at least " + need + " observations, got " + history.size());
        return fitted(List.of(history), frequency, requested, "in " + history);
    }

    /**
     * The rows of every series, each built as {@link #fit} builds them from its own values, times
     * and feature columns, train one booster (and one with the extra features when the series have
     * them); {@code max_rows} bounds the rows of all series together, shared equally between them
     * (see {@link TrainingSet}). A series shorter than twice {@code lags} adds the few rows it has;
     * the longest must have that many. {@code max_horizon} is capped as {@link #fit} caps it, by the
     * longest series. One series alone gives the model {@link #fit} gives.
     *
     * @throws IllegalArgumentException when the series differ in frequency or feature columns (the
     *                                  message names them), or when a hyperparameter is invalid
     */
    @Override
    public TrainedModel fitGlobal(List<TimeSeries> series, Hyperparameters params) {
        var frequency = Panels.frequency(series);
        var requested = XGBoostSettings.of(params, frequency);
        int need = 2 * requested.lags();
        if (Panels.longest(series) < need)
            throw new IllegalArgumentException("xgboost with lags " + requested.lags() + " needs a series of at least " + need
                    + " observations, the longest of " + series.size() + " has " + Panels.longest(series));
        return fitted(series, frequency, requested, "in any of " + series.size() + " series");
    }

    private static XGBoostModel fitted(List<TimeSeries> series, Frequency frequency, XGBoostSettings requested, String where) {
        int cap = Math.max(1, (Panels.longest(series) - requested.lags()) / 2);
        var settings = requested.withMaxHorizon(Math.min(requested.maxHorizon(), cap));
        int[] periods = frequency.seasonalPeriods().stream().mapToInt(Integer::intValue).toArray();
        var features = new XGBoostFeatures(settings.lags(), settings.levelWindow(), periods, settings.maxHorizon());
        var full = TrainingSet.build(series, features, settings);
        if (full.rows() == 0) throw new IllegalArgumentException("xgboost found no observed training targets " + where);
        var names = series.getFirst().featureNames();
        byte[] plain = trained(full.firstColumns(features.columns(0)), settings);
        byte[] withExtras = names.isEmpty() ? null : trained(full, settings);
        return new XGBoostModel(settings, frequency, names, periods, plain, withExtras);
    }

    private static byte[] trained(TrainingSet set, XGBoostSettings settings) {
        Booster booster = Boosters.train(set, settings);
        try {
            return Boosters.toBytes(booster);
        } finally {
            booster.dispose();
        }
    }

    @Override
    public TrainedModel restore(byte[] bytes) {
        return XGBoostModel.restore(bytes);
    }

    /** The XGBoost4J version: the jar's manifest does not name one, so its properties file does. */
    @Override
    public Map<String, String> libraries() {
        return Map.of("xgboost4j", Libraries.version(Booster.class, "/xgboost4j-version.properties", FALLBACK_VERSION));
    }

    private static Frequency frequencyOf(TimeSeries series) {
        if (series.frequency() == null) throw new IllegalArgumentException("a series of one observation has no frequency; declare one");
        return series.frequency();
    }
}
