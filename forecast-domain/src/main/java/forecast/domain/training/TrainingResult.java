package forecast.domain.training;

import forecast.domain.forecasting.Portfolio;
import java.util.Map;

import forecast.domain.forecasting.CalibratedModel;
import forecast.domain.registry.ModelVersion;
import forecast.domain.series.Violation;
import java.util.List;
import java.util.Set;

/** How a training request ended. */
public sealed interface TrainingResult {
    /**
     * Trained, backtested and registered. A version covering several series has its
     * {@code portfolio} (and {@code model} is one of its models); the series it left out, with why,
     * are in {@code skipped}.
     */
    record Trained(ModelVersion version, CalibratedModel model, Portfolio portfolio, Map<String, String> skipped) implements TrainingResult {
        public Trained {
            skipped = skipped == null ? Map.of() : Map.copyOf(skipped);
        }

        /** A version of one series. */
        public Trained(ModelVersion version, CalibratedModel model) {
            this(version, model, null, Map.of());
        }
    }

    /** A portfolio of which no series could be trained: each series' reason, by id. */
    record NoSeriesTrained(Map<String, String> reasons) implements TrainingResult {
        public NoSeriesTrained {
            reasons = Map.copyOf(reasons);
        }
    }

    /** No forecaster of that name. */
    record UnknownAlgorithm(String algorithm, Set<String> known) implements TrainingResult {}

    /** The series is too short to fit and backtest the model. */
    record InsufficientHistory(int required, int actual) implements TrainingResult {}

    /** Another version already has the requested label. */
    record LabelTaken(String label) implements TrainingResult {}

    /** Tuning was asked for and could not be done; {@code field} is the request's field at fault. */
    record TuningFailed(String field, String message) implements TrainingResult {}

    /**
     * Hyperparameters the forecaster refuses: {@code violations} name each one at fault as
     * {@code hyperparameters.<name>} (an unknown name) or {@code hyperparameters} as a whole (a value
     * the forecaster refused while fitting); {@code message} says it all in one line.
     */
    record InvalidHyperparameters(String message, List<Violation> violations) implements TrainingResult {
        public InvalidHyperparameters {
            if (violations.isEmpty()) throw new IllegalArgumentException("an invalid hyperparameter needs a violation");
            violations = List.copyOf(violations);
        }

        /** A value the forecaster refused. */
        public InvalidHyperparameters(String message) {
            this(message, List.of(new Violation("hyperparameters", message == null || message.isBlank() ? "refused by the forecaster" : message)));
        }
    }
}
