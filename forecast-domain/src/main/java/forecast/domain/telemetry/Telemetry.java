package forecast.domain.telemetry;

/**
 * Counts and times what the use cases do (port). Calls must be cheap and never throw: they sit on
 * the prediction path.
 */
public interface Telemetry {
    /** A forecast served by {@code modelVersion}, {@code horizon} steps, in {@code nanos}. */
    void predictionServed(String modelVersion, int horizon, long nanos);

    /** A prediction refused or failed, by a short reason ({@code unknown_version}, {@code invalid_input}). */
    void predictionRefused(String reason);

    /** A model trained (or failed to), with its duration. */
    void trainingFinished(String algorithm, boolean succeeded, long nanos);

    /** The live version changed. */
    void liveVersionChanged(String model, String version);

    /** The prediction recorder wrote {@code written} records; {@code depth} wait in its buffer. */
    default void recordingWritten(int written, int depth) {}

    /** The prediction recorder's buffer was full: the request waited ({@code block}) or the record went to disk ({@code spill}). */
    default void recordingOverflow(String policy) {}

    /** A request was routed to {@code version} by experiment {@code experiment}. */
    default void experimentAssigned(String experiment, String version) {}

    /** A prediction refused or failed with {@code version} (the model that was asked or chosen). */
    default void predictionRefused(String reason, String version) {
        predictionRefused(reason);
    }

    /** A write of recorded predictions failed and will be retried. */
    default void recordingFailed() {}

    /** A tuning study's run ended, with its duration. */
    default void tuningFinished(String algorithm, boolean succeeded, long nanos) {}

    /** Live accuracy of {@code version} from actuals: rolling MAPE, MASE, interval coverage and its nominal level, over {@code points}. */
    default void liveAccuracy(String version, double mape, double mase, double coverage, double nominal, int points) {}

    /** A drift detector's latest statistic on {@code series}, and whether it counts as drift. */
    default void driftScored(String detector, String series, double statistic, boolean drifted) {}

    /** An alert of {@code kind} opened ({@code opened}) or resolved. */
    default void alertChanged(String kind, boolean opened) {}

    /** An alert notification was delivered to a sink, or given up on. */
    default void alertDelivered(boolean delivered) {}

    /** A retraining pipeline run ended with {@code outcome} after {@code nanos}. */
    default void pipelineRunFinished(String outcome, long nanos) {}

    /** Records nothing. */
    Telemetry NONE = new Telemetry() {
        @Override public void predictionServed(String modelVersion, int horizon, long nanos) {}
        @Override public void predictionRefused(String reason) {}
        @Override public void trainingFinished(String algorithm, boolean succeeded, long nanos) {}
        @Override public void liveVersionChanged(String model, String version) {}
    };
}
