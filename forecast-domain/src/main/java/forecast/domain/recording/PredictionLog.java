package forecast.domain.recording;

import java.util.List;

/**
 * The record of forecasts served (in experiments, and those kept for live-accuracy monitoring) and
 * of their errors once actuals arrive (port). Appends come in batches from the
 * {@link PredictionRecorder}, off the prediction path; a prediction id already there is ignored.
 */
public interface PredictionLog {
    void append(List<PredictionRecord> batch);

    /**
     * Scores the recorded forecasts that {@code actuals} match (the same prediction, or the same
     * series or unit, at the same time): each gets its absolute and percentage error. A later
     * actual for the same time replaces the earlier one. Only finite actuals score, and only points
     * with a finite forecast.
     *
     * @return the points scored, in no particular order
     */
    List<ScoredPoint> scorePoints(Actuals actuals);

    /** {@link #scorePoints} when only the number matters. */
    default int score(Actuals actuals) {
        return scorePoints(actuals).size();
    }

    /**
     * The newest {@code limit} scored points of {@code version}'s predictions, newest (by time)
     * first: live-accuracy monitoring picks up where it was after a restart.
     */
    List<ScoredPoint> recentScored(String version, int limit);

    /** What an experiment's arms did: per arm, every request's latency and every scored prediction's mean errors. */
    List<ArmOutcomes> outcomes(String experiment);

    /**
     * One arm's raw outcomes: every request's latency, and per scored prediction its mean absolute
     * error ({@code ae}) and mean absolute percentage error ({@code ape}; left out for a prediction
     * whose actuals are all zero).
     */
    record ArmOutcomes(String version, long requests, double[] latencyMillis, double[] ape, double[] ae) {}
}
