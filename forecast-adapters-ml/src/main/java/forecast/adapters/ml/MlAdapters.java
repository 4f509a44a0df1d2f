package forecast.adapters.ml;

import forecast.domain.experiment.SignificanceTest;
import forecast.domain.forecasting.Forecaster;
import forecast.domain.monitoring.DriftDetector;
import forecast.domain.tuning.Sampler;
import java.util.List;

/** The forecasters and tuning samplers this module provides, for the composition root to register. */
public final class MlAdapters {
    private MlAdapters() {}

    /**
     * One instance of each forecaster: {@code seasonal_naive} (a baseline with normal intervals of
     * its own), {@code xgboost} (gradient-boosted trees, point forecasts), {@code arima} (seasonal
     * ARIMA by exact likelihood, intervals of its own), {@code lstm} (a DL4J recurrent network,
     * point forecasts), {@code ets} (exponential smoothing state space models as R's
     * {@code forecast::ets}, intervals of their own), {@code theta} (R's {@code thetaf}) and
     * {@code mstl} (an MSTL decomposition over the frequency's seasons with ETS or ARIMA for the
     * rest, intervals of its own). Each is stateless and thread-safe, and so are the models they fit.
     */
    public static List<Forecaster> forecasters() {
        return List.of(new SeasonalNaiveForecaster(), new XGBoostForecaster(), new ArimaForecaster(), new LstmForecaster(), new EtsForecaster(),
                new ThetaForecaster(), new MstlForecaster());
    }

    /**
     * The samplers for tuning studies, the default first:
     * <ul>
     *   <li>{@code auto}: {@code gp} while a study has fewer than {@link AutoSampler#GP_TRIALS} complete
     *       trials, {@code tpe} after (what finds the better settings within a small budget, at a cost
     *       per trial that stays small as a study grows);
     *   <li>{@code gp}: Bayesian optimisation with a Gaussian process, after Optuna 4's GPSampler, for
     *       few expensive trials;
     *   <li>{@code tpe}: Optuna 3.1's TPE with its defaults, one parameter at a time;
     *   <li>{@code multivariate_tpe}: Optuna 3.1's
     *       {@code TPESampler(multivariate=True, group=True)}: parameters that occur together are
     *       proposed jointly, which pays when they interact, and each branch of a conditional objective
     *       is a group of its own;
     *   <li>{@code random}: Optuna's random sampling.
     * </ul>
     * All but {@code random} are constant liars: they count the study's other running trials as bad
     * results, so that parallel workers on one study spread out; with one worker it changes nothing.
     * All are stateless and thread-safe.
     */
    public static List<Sampler> samplers() {
        var gp = new GpSampler();
        var tpe = new TpeSampler();
        return List.of(new AutoSampler(gp, tpe, AutoSampler.GP_TRIALS), gp, tpe,
                new TpeSampler(TpeSampler.MULTIVARIATE_TPE, TpeSettings.MULTIVARIATE_TPE), new RandomSampler());
    }

    /** Welch's t-test, Mann-Whitney U and chi-square from commons-math3, for comparing experiment arms. */
    public static SignificanceTest significanceTest() {
        return new CommonsMathSignificance();
    }

    /**
     * Two-sample Kolmogorov-Smirnov input drift ({@code ks}): drifted when the statistic D (the largest
     * gap between the empirical CDFs, in [0, 1]) exceeds {@code maxDistance} in [0, 1) and its p-value
     * (exact while the sizes' product is below 10,000, asymptotic above) is below {@code alpha} in
     * (0, 1]. NaN and infinite values are ignored; fewer than 2 values on a side give a NaN statistic
     * and no drift. Stateless and thread-safe.
     */
    public static DriftDetector ksDrift(double maxDistance, double alpha) {
        return new KolmogorovSmirnovDrift(maxDistance, alpha);
    }

    /**
     * Population-stability-index input drift ({@code psi}): the reference's quantiles cut
     * {@code bins} (at least 2, commonly 10) bins, open at both ends, and the index is drifted above
     * {@code threshold} (0.1 is commonly read as a moderate shift, 0.25 as a major one). No p-value
     * (NaN). NaN and infinite values are ignored; fewer than 5 values per bin on a side (50 for
     * deciles) give a NaN statistic and no drift, as an index on fewer is mostly chance. Stateless and
     * thread-safe.
     */
    public static DriftDetector psiDrift(int bins, double threshold) {
        return new PopulationStabilityDrift(bins, threshold);
    }
}
