package forecast.domain.registry;

import forecast.domain.evaluation.BacktestMetrics;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.naming.NameRule;
import java.util.List;

/**
 * What a caller registers into the model {@code model}; the registry adds the id, checksum and
 * time. A version covering several series (a portfolio) lists each one's backtest in
 * {@code series}, and {@code metrics} aggregates them; for one series it is empty. A label follows
 * {@link NameRule#SHORT}.
 */
public record NewModelVersion(String model, String label, String algorithm, Hyperparameters hyperparameters,
                              BacktestMetrics metrics, Provenance provenance, List<SeriesMetrics> series) {
    public NewModelVersion {
        ModelNames.check(model);
        series = series == null ? List.of() : List.copyOf(series);
        if (label != null) NameRule.SHORT.check("label", label);
        if (algorithm == null || !algorithm.matches("[a-z][a-z0-9_]{0,31}"))
            throw new IllegalArgumentException("algorithm must be a lower-case name: " + algorithm);
    }

    /** A version of one series. */
    public NewModelVersion(String model, String label, String algorithm, Hyperparameters hyperparameters, BacktestMetrics metrics,
                           Provenance provenance) {
        this(model, label, algorithm, hyperparameters, metrics, provenance, List.of());
    }

    /** A version of one series, of the model {@link ModelNames#DEFAULT}. */
    public NewModelVersion(String label, String algorithm, Hyperparameters hyperparameters, BacktestMetrics metrics, Provenance provenance) {
        this(ModelNames.DEFAULT, label, algorithm, hyperparameters, metrics, provenance, List.of());
    }
}
