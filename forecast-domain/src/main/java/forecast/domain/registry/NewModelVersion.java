package forecast.domain.registry;

import forecast.domain.evaluation.BacktestMetrics;
import forecast.domain.forecasting.Hyperparameters;

/** What a caller registers into the model {@code model}; the registry adds the id, checksum and time. */
public record NewModelVersion(String model, String label, String algorithm, Hyperparameters hyperparameters,
                              BacktestMetrics metrics, Provenance provenance) {
    public NewModelVersion {
        ModelNames.check(model);
        if (label != null && !label.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}"))
            throw new IllegalArgumentException("label must be 1-64 letters, digits or . _ - : " + label);
        if (algorithm == null || !algorithm.matches("[a-z][a-z0-9_]{0,31}"))
            throw new IllegalArgumentException("algorithm must be a lower-case name: " + algorithm);
    }

    /** A version of the model {@link ModelNames#DEFAULT}. */
    public NewModelVersion(String label, String algorithm, Hyperparameters hyperparameters, BacktestMetrics metrics, Provenance provenance) {
        this(ModelNames.DEFAULT, label, algorithm, hyperparameters, metrics, provenance);
    }
}
