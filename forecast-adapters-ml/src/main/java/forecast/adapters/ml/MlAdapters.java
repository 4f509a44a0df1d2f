package forecast.adapters.ml;

import forecast.domain.experiment.SignificanceTest;
import forecast.domain.forecasting.Forecaster;
import forecast.domain.tuning.Sampler;
import java.util.List;

/** The forecasters and tuning samplers this module provides, for the composition root to register. */
public final class MlAdapters {
    private MlAdapters() {}

    /**
     * One instance of each forecaster: {@code seasonal_naive} (a baseline with normal intervals of
     * its own), {@code xgboost} (gradient-boosted trees, point forecasts), {@code arima} (seasonal
     * ARIMA by exact likelihood, intervals of its own) and {@code lstm} (a DL4J recurrent network,
     * point forecasts). Each is stateless and thread-safe, and so are the models they fit.
     */
    public static List<Forecaster> forecasters() {
        return List.of(new SeasonalNaiveForecaster(), new XGBoostForecaster(), new ArimaForecaster(), new LstmForecaster());
    }

    /**
     * The samplers for tuning studies, the default first: {@code tpe} (Optuna's TPE with its
     * defaults) and {@code random} (Optuna's random sampling). Both are stateless and thread-safe.
     */
    public static List<Sampler> samplers() {
        return List.of(new TpeSampler(), new RandomSampler());
    }

    /** Welch's t-test, Mann-Whitney U and chi-square from commons-math3, for comparing experiment arms. */
    public static SignificanceTest significanceTest() {
        return new CommonsMathSignificance();
    }
}
