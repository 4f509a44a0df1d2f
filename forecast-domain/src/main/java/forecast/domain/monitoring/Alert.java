package forecast.domain.monitoring;

import java.time.Instant;

/**
 * A condition that needs attention: drift, accuracy or coverage past a threshold, an automatic
 * rollback, a failed pipeline run. At most one alert per {@code key} is open at a time: a repeated
 * breach of an open alert only counts ({@code occurrences}, {@code lastSeenAt}); it is resolved when
 * the condition recovers. {@code value} is what was measured and {@code threshold} the bound it
 * crossed (NaN when neither applies). {@code model} is the model it concerns (its retraining runs
 * are the ones an alert may start).
 */
public record Alert(long id, String key, Kind kind, Severity severity, String subject, String message, double value, double threshold,
                    State state, Instant raisedAt, Instant lastSeenAt, Instant resolvedAt, int occurrences, String model) {
    /** What breached. */
    public enum Kind { INPUT_DRIFT, ACCURACY_DRIFT, ACCURACY, COVERAGE, ROLLBACK, PIPELINE }

    public enum Severity { WARNING, CRITICAL }

    public enum State { OPEN, RESOLVED }

    public Alert {
        if (key == null || key.isBlank() || kind == null || severity == null || state == null || raisedAt == null || lastSeenAt == null)
            throw new IllegalArgumentException("an alert needs its key, kind, severity, state and times");
        if (occurrences < 1) throw new IllegalArgumentException("an alert occurred at least once");
        model = model == null || model.isBlank() ? forecast.domain.registry.ModelNames.DEFAULT : model;
    }

    /** An alert about the model {@code default}. */
    public Alert(long id, String key, Kind kind, Severity severity, String subject, String message, double value, double threshold,
                 State state, Instant raisedAt, Instant lastSeenAt, Instant resolvedAt, int occurrences) {
        this(id, key, kind, severity, subject, message, value, threshold, state, raisedAt, lastSeenAt, resolvedAt, occurrences, null);
    }

    public boolean open() {
        return state == State.OPEN;
    }

    /** The lower-case name of a kind, as the API and metrics write it. */
    public static String name(Kind kind) {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** What a monitor found: an alert to raise, or to count again when one with its key is open. */
    public record Breach(String key, Kind kind, Severity severity, String subject, String message, double value, double threshold, String model) {
        public Breach {
            if (key == null || key.isBlank() || kind == null || severity == null) throw new IllegalArgumentException("a breach needs a key, kind and severity");
            model = model == null || model.isBlank() ? forecast.domain.registry.ModelNames.DEFAULT : model;
        }

        /** A breach about the model {@code default}. */
        public Breach(String key, Kind kind, Severity severity, String subject, String message, double value, double threshold) {
            this(key, kind, severity, subject, message, value, threshold, null);
        }
    }
}
