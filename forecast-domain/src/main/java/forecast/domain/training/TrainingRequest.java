package forecast.domain.training;

import forecast.domain.registry.ModelNames;

import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.preprocessing.Imputation;
import forecast.domain.series.SeriesId;
import forecast.domain.series.TimeSeries;

/**
 * Train a version of the model {@code model} (null: {@code default}):
 * {@code algorithm} on {@code series} (named {@code seriesId} in the model's provenance) with
 * {@code hyperparameters} over its defaults, gaps filled by {@code imputation}, and register the
 * result, under {@code label} when one is given. A null series means the stored history of
 * {@code seriesId} (see {@link TrainingJobs#submit}). With {@code tune}, the hyperparameters are
 * tuned first and the best ones trained (see {@link ForecasterTuning}).
 */
public record TrainingRequest(String model, SeriesId seriesId, TimeSeries series, String algorithm, Hyperparameters hyperparameters,
                              Imputation imputation, String label, TuningBudget tune) {
    public TrainingRequest {
        model = model == null ? ModelNames.DEFAULT : ModelNames.check(model);
        if (seriesId == null || algorithm == null) throw new IllegalArgumentException("series id and algorithm are required");
        hyperparameters = hyperparameters == null ? Hyperparameters.NONE : hyperparameters;
        imputation = imputation == null ? Imputation.LINEAR : imputation;
    }

    /** A training of the model {@code default}. */
    public TrainingRequest(SeriesId seriesId, TimeSeries series, String algorithm, Hyperparameters hyperparameters, Imputation imputation, String label,
                           TuningBudget tune) {
        this(null, seriesId, series, algorithm, hyperparameters, imputation, label, tune);
    }

    /** A training of the model {@code default} without tuning. */
    public TrainingRequest(SeriesId seriesId, TimeSeries series, String algorithm, Hyperparameters hyperparameters, Imputation imputation, String label) {
        this(null, seriesId, series, algorithm, hyperparameters, imputation, label, null);
    }

    public TrainingRequest withSeries(TimeSeries s) {
        return new TrainingRequest(model, seriesId, s, algorithm, hyperparameters, imputation, label, tune);
    }

    /** The same training with {@code other} hyperparameters. */
    public TrainingRequest withHyperparameters(Hyperparameters other) {
        return new TrainingRequest(model, seriesId, series, algorithm, other, imputation, label, tune);
    }

    /** The same training as a version of {@code otherModel}. */
    public TrainingRequest withModel(String otherModel) {
        return new TrainingRequest(otherModel, seriesId, series, algorithm, hyperparameters, imputation, label, tune);
    }

    /**
     * Tune first, then train with the best settings: up to {@code nTrials} trials and/or for
     * {@code timeout}, in the study {@code study} (null: named after the job), over the
     * forecaster's search space with {@code searchSpace} entries on top, by {@code metric} (null:
     * MASE), with {@code seed} (null: random).
     */
    public record TuningBudget(Integer nTrials, java.time.Duration timeout, String study,
                               java.util.Map<String, forecast.domain.tuning.Distribution> searchSpace, String metric, Long seed) {
        public TuningBudget {
            if (nTrials == null && timeout == null) throw new IllegalArgumentException("give a number of trials, a timeout or both");
            searchSpace = searchSpace == null ? java.util.Map.of() : searchSpace;
        }
    }
}
