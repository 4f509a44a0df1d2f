package forecast.domain.monitoring;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Alerts, durable (port). {@link #raise} and {@link #resolve} are atomic per key, also across
 * processes sharing a database: two monitors breaching at once open one alert between them.
 */
public interface AlertStore {
    /** How a breach was stored: a new open alert, or one more occurrence of the alert open for its key. */
    record Raised(Alert alert, boolean opened) {}

    /** Opens an alert for {@code breach}, or when one is open for its key adds an occurrence at {@code at}. */
    Raised raise(Alert.Breach breach, Instant at);

    /** Resolves the open alert of {@code key}, if any, at {@code at}; returns it resolved. */
    Optional<Alert> resolve(String key, Instant at);

    /** Resolves the alert with {@code id} if it is open; returns it as it is then (empty: no such alert). */
    Optional<Alert> resolve(long id, Instant at);

    Optional<Alert> find(long id);

    /** The open alert of {@code key}. */
    Optional<Alert> open(String key);

    /** Alerts in {@code state} (null: all), newest raised first, at most {@code limit}. */
    List<Alert> list(Alert.State state, int limit);
}
