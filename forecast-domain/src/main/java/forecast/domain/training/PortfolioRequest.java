package forecast.domain.training;

import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.preprocessing.Imputation;
import forecast.domain.registry.ModelNames;
import forecast.domain.series.SeriesId;
import java.util.List;

/**
 * Train one version of the model {@code model} covering every one of {@code series} (stored
 * series): a local family fits one model per series inside the version, a global family one model
 * across them. {@code parallelism} series are fitted at once; {@code selection} says how the series
 * were chosen (for the record: "prefix shop-", "3 series").
 */
public record PortfolioRequest(String model, List<SeriesId> series, String algorithm, Hyperparameters hyperparameters, Imputation imputation,
                               String label, int parallelism, String selection) {
    public PortfolioRequest {
        model = model == null ? ModelNames.DEFAULT : ModelNames.check(model);
        if (series == null || series.isEmpty()) throw new IllegalArgumentException("a portfolio needs at least one series");
        series = List.copyOf(series);
        if (algorithm == null) throw new IllegalArgumentException("algorithm is required");
        hyperparameters = hyperparameters == null ? Hyperparameters.NONE : hyperparameters;
        imputation = imputation == null ? Imputation.LINEAR : imputation;
        parallelism = Math.max(1, parallelism);
    }

    /** The same training with {@code other} hyperparameters. */
    public PortfolioRequest withHyperparameters(Hyperparameters other) {
        return new PortfolioRequest(model, series, algorithm, other, imputation, label, parallelism, selection);
    }
}
