package forecast.domain.training;

import forecast.domain.forecasting.CalibratedModel;
import forecast.domain.registry.ModelVersion;
import java.util.Set;

/** How a training request ended. */
public sealed interface TrainingResult {
    /** Trained, backtested and registered. */
    record Trained(ModelVersion version, CalibratedModel model) implements TrainingResult {}

    /** No forecaster of that name. */
    record UnknownAlgorithm(String algorithm, Set<String> known) implements TrainingResult {}

    /** The series is too short to fit and backtest the model. */
    record InsufficientHistory(int required, int actual) implements TrainingResult {}

    /** Another version already has the requested label. */
    record LabelTaken(String label) implements TrainingResult {}

    /** Tuning was asked for and could not be done; {@code field} is the request's field at fault. */
    record TuningFailed(String field, String message) implements TrainingResult {}

    /** A hyperparameter the forecaster refuses. */
    record InvalidHyperparameters(String message) implements TrainingResult {}
}
