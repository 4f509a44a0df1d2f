package forecast.domain.training;

import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.preprocessing.Imputation;
import forecast.domain.series.SeriesId;
import forecast.domain.series.TimeSeries;
import forecast.domain.tuning.Distribution;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Tune {@code algorithm} on {@code series} in the study {@code study}: up to {@code nTrials} trials
 * (null: until the timeout), starting none after {@code timeout} (null: none), {@code parallelism}
 * at a time. Each trial backtests one set of hyperparameters from the forecaster's search space,
 * with {@code searchSpace} entries replacing or adding to it, over the fixed {@code hyperparameters};
 * the objective is the backtest's {@code metric} (MASE unless told otherwise). {@code sampler},
 * {@code seed} and {@code pruner} may be null for the defaults (TPE, a random seed, median).
 * {@code resume} continues a stored study of that name instead of refusing the name.
 */
public record TuningRequest(String study, SeriesId seriesId, TimeSeries series, String algorithm, Hyperparameters hyperparameters,
                            Imputation imputation, Map<String, Distribution> searchSpace, String metric, Integer nTrials,
                            Duration timeout, int parallelism, String sampler, Long seed, String pruner, boolean resume) {
    /** The metrics a study may minimize. */
    public static final Set<String> METRICS = Set.of("mase", "mape", "smape", "rmse");

    public TuningRequest {
        if (study == null || seriesId == null || algorithm == null) throw new IllegalArgumentException("study, series id and algorithm are required");
        hyperparameters = hyperparameters == null ? Hyperparameters.NONE : hyperparameters;
        imputation = imputation == null ? Imputation.LINEAR : imputation;
        searchSpace = Collections.unmodifiableMap(new LinkedHashMap<>(searchSpace == null ? Map.of() : searchSpace));
        metric = metric == null ? "mase" : metric;
        if (!METRICS.contains(metric)) throw new IllegalArgumentException("metric must be one of " + METRICS + ", not " + metric);
        if (nTrials == null && timeout == null) throw new IllegalArgumentException("give a number of trials, a timeout or both");
        if (nTrials != null && nTrials < 1) throw new IllegalArgumentException("the number of trials must be >= 1");
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be >= 1");
    }

    public TuningRequest withSeries(TimeSeries s) {
        return new TuningRequest(study, seriesId, s, algorithm, hyperparameters, imputation, searchSpace, metric, nTrials, timeout, parallelism,
                sampler, seed, pruner, resume);
    }
}
