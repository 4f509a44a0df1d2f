package forecast.domain.training;

import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.preprocessing.Imputation;
import forecast.domain.series.SeriesId;
import forecast.domain.series.TimeSeries;

/**
 * Train {@code algorithm} on {@code series} (named {@code seriesId} in the model's provenance) with
 * {@code hyperparameters} over its defaults, gaps filled by {@code imputation}, and register the
 * result, under {@code label} when one is given. A null series means the stored history of
 * {@code seriesId} (see {@link TrainingJobs#submit}).
 */
public record TrainingRequest(SeriesId seriesId, TimeSeries series, String algorithm, Hyperparameters hyperparameters,
                              Imputation imputation, String label) {
    public TrainingRequest {
        if (seriesId == null || algorithm == null) throw new IllegalArgumentException("series id and algorithm are required");
        hyperparameters = hyperparameters == null ? Hyperparameters.NONE : hyperparameters;
        imputation = imputation == null ? Imputation.LINEAR : imputation;
    }
}
