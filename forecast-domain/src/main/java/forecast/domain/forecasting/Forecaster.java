package forecast.domain.forecasting;

import forecast.domain.series.TimeSeries;
import forecast.domain.tuning.Distribution;
import java.util.List;
import java.util.Map;

/**
 * A family of models (port): fits a {@link TrainedModel} on a series and restores one from
 * bytes. Implementations are stateless and thread-safe.
 */
public interface Forecaster {
    /** {@link #automaticMinimumLength}'s answer for a family automatic choice does not try at this frequency. */
    int NOT_AUTOMATIC = Integer.MAX_VALUE;

    /** The algorithm's name: {@code seasonal_naive}, {@code xgboost}, {@code arima}, ... */
    String algorithm();

    /** The settings used where a request gives none. */
    Hyperparameters defaults();

    /**
     * The fewest observations {@link #fit} needs for this series' frequency and settings, so that a
     * caller can refuse a short series before spending time on it.
     */
    int minTrainingSize(TimeSeries series, Hyperparameters params);

    /**
     * Fits a model on {@code history} (regular; gaps may be {@code NaN} and are the model's to
     * handle). {@code params} override {@link #defaults()}.
     *
     * @throws IllegalArgumentException when a hyperparameter is invalid
     */
    TrainedModel fit(TimeSeries history, Hyperparameters params);

    /** Rebuilds a model from {@link TrainedModel#serialize()}'s bytes. */
    TrainedModel restore(byte[] bytes);

    /**
     * The hyperparameters worth tuning for {@code series} and the ranges to search, in the order a
     * sampler should suggest them; empty when there is nothing to tune. Values are written into
     * {@link Hyperparameters} as text ({@code 0.05}, {@code 6}, {@code true}).
     */
    default Map<String, Distribution> searchSpace(TimeSeries series) {
        return Map.of();
    }

    /**
     * Every hyperparameter {@link #fit} reads, in the order people should read them: the complete
     * list, because a name not in it is refused before anything is trained (see
     * {@link HyperparameterSpecs#unknown}). Every key of {@link #defaults()} and
     * {@link #searchSpace} is one of them. Empty for a family with nothing to set.
     */
    default List<HyperparameterSpec> hyperparameters() {
        return List.of();
    }

    /**
     * The fewest observations at which automatic choice tries this family without being asked to:
     * 0 (the default) for the statistical families, which it tries on any series they can fit;
     * more for families that only learn well, and pay for their cost, on long series (the machine
     * learning ones); {@link #NOT_AUTOMATIC} for a family that adds nothing on series of this
     * frequency. A request may still name the family among automatic choice's candidates.
     */
    default int automaticMinimumLength(forecast.domain.series.Frequency frequency) {
        return 0;
    }

    /** Whether a model of this family describes one series or is meant to be shared across series. */
    default Scope scope() {
        return Scope.LOCAL;
    }

    /** Names and versions of the libraries behind this forecaster, for provenance. */
    default Map<String, String> libraries() {
        return Map.of();
    }
}
