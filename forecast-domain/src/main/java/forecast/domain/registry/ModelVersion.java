package forecast.domain.registry;

import forecast.domain.evaluation.BacktestMetrics;
import forecast.domain.forecasting.Hyperparameters;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One immutable, registered model version of the model {@code model} ({@link ModelNames}).
 * {@code id} is assigned by the registry ({@code xgboost_v3}) and unique overall; {@code label} is
 * an optional name the user gave ({@code v1.2}), unique within the model; clients may refer to
 * either. {@code sha256} is the hex checksum of the artifact. A version covering several series
 * (a portfolio) lists each one's backtest in {@code series}, and {@code metrics} aggregates them
 * (the mean); for a version of one series it is empty and {@code provenance} names the series.
 */
public record ModelVersion(String model, String id, String label, String algorithm, Hyperparameters hyperparameters,
                           BacktestMetrics metrics, Provenance provenance, String sha256, long artifactBytes,
                           Instant createdAt, List<SeriesMetrics> series) {
    public ModelVersion {
        series = series == null ? List.of() : List.copyOf(series);
        if (model == null || model.isBlank()) throw new IllegalArgumentException("model is required");
        if (id == null || id.isBlank()) throw new IllegalArgumentException("id is required");
        if (label != null && label.isBlank()) label = null;
        if (algorithm == null || hyperparameters == null || metrics == null || provenance == null || sha256 == null || createdAt == null)
            throw new IllegalArgumentException("every field of a model version but its label is required");
    }

    /** A version of one series. */
    public ModelVersion(String model, String id, String label, String algorithm, Hyperparameters hyperparameters, BacktestMetrics metrics,
                        Provenance provenance, String sha256, long artifactBytes, Instant createdAt) {
        this(model, id, label, algorithm, hyperparameters, metrics, provenance, sha256, artifactBytes, createdAt, List.of());
    }

    /** A version of one series, of the model {@link ModelNames#DEFAULT}. */
    public ModelVersion(String id, String label, String algorithm, Hyperparameters hyperparameters, BacktestMetrics metrics,
                        Provenance provenance, String sha256, long artifactBytes, Instant createdAt) {
        this(ModelNames.DEFAULT, id, label, algorithm, hyperparameters, metrics, provenance, sha256, artifactBytes, createdAt, List.of());
    }

    /** Whether it covers several series. */
    public boolean portfolio() {
        return !series.isEmpty();
    }

    /** The ids of the series it forecasts: its portfolio's, or the one it was trained on. */
    public List<String> seriesIds() {
        if (portfolio()) return series.stream().map(SeriesMetrics::seriesId).toList();
        return provenance.seriesId() == null ? List.of() : List.of(provenance.seriesId());
    }

    public Optional<String> labelOpt() {
        return Optional.ofNullable(label);
    }

    /** Whether a client's reference ({@code xgboost_v3} or {@code v1.2}) names this version. */
    public boolean answersTo(String reference) {
        return id.equals(reference) || reference.equals(label);
    }
}
