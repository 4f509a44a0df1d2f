package forecast.domain.experiment;

import java.util.List;

/**
 * The record of every forecast served in an experiment and of its errors once actuals arrive
 * (port). Appends come in batches from the {@link PredictionRecorder}, off the prediction path.
 */
public interface PredictionLog {
    void append(List<PredictionRecord> batch);

    /**
     * Scores the recorded forecasts that {@code actuals} match (the same prediction, or the same
     * series or unit, at the same time): each gets its absolute and percentage error. A later
     * actual for the same time replaces the earlier one.
     *
     * @return how many forecast points were scored
     */
    int score(Actuals actuals);

    /** What an experiment's arms did: per arm, every request's latency and every scored prediction's mean errors. */
    List<ArmOutcomes> outcomes(String experiment);

    /**
     * One arm's raw outcomes: every request's latency, and per scored prediction its mean absolute
     * error ({@code ae}) and mean absolute percentage error ({@code ape}; left out for a prediction
     * whose actuals are all zero).
     */
    record ArmOutcomes(String version, long requests, double[] latencyMillis, double[] ape, double[] ae) {}
}
