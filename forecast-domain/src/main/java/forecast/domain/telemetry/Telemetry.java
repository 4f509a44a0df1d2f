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

    /** Records nothing. */
    Telemetry NONE = new Telemetry() {
        @Override public void predictionServed(String modelVersion, int horizon, long nanos) {}
        @Override public void predictionRefused(String reason) {}
        @Override public void trainingFinished(String algorithm, boolean succeeded, long nanos) {}
        @Override public void liveVersionChanged(String version) {}
    };
}
