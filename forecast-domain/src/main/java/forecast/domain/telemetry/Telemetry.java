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
    void liveVersionChanged(String version);

    /** The prediction recorder wrote {@code written} records; {@code depth} wait in its buffer. */
    default void recordingWritten(int written, int depth) {}

    /** The prediction recorder's buffer was full: the request waited ({@code block}) or the record went to disk ({@code spill}). */
    default void recordingOverflow(String policy) {}

    /** A request was routed to {@code version} by experiment {@code experiment}. */
    default void experimentAssigned(String experiment, String version) {}

    /** Records nothing. */
    Telemetry NONE = new Telemetry() {
        @Override public void predictionServed(String modelVersion, int horizon, long nanos) {}
        @Override public void predictionRefused(String reason) {}
        @Override public void trainingFinished(String algorithm, boolean succeeded, long nanos) {}
        @Override public void liveVersionChanged(String version) {}
    };
}
