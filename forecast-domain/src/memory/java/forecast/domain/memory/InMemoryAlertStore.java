package forecast.domain.memory;

import forecast.domain.monitoring.Alert;
import forecast.domain.monitoring.AlertStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@link AlertStore} held in memory, for tests. Thread-safe;
 * ids count from 1. A breach of an open alert counts an occurrence and moves its last-seen time,
 * leaving the rest as first raised.
 */
public final class InMemoryAlertStore implements AlertStore {
    private final Map<Long, Alert> alerts = new LinkedHashMap<>(); // guarded by this
    private final Map<String, Long> open = new HashMap<>(); // key -> id of its open alert, guarded by this
    private long lastId; // guarded by this

    @Override
    public synchronized Raised raise(Alert.Breach b, Instant at) {
        var id = open.get(b.key());
        if (id != null) {
            var a = alerts.get(id);
            return new Raised(put(new Alert(a.id(), a.key(), a.kind(), a.severity(), a.subject(), a.message(), a.value(), a.threshold(), a.state(),
                    a.raisedAt(), at, null, a.occurrences() + 1, a.model())), false);
        }
        var a = put(new Alert(++lastId, b.key(), b.kind(), b.severity(), b.subject(), b.message(), b.value(), b.threshold(), Alert.State.OPEN, at, at,
                null, 1, b.model()));
        open.put(a.key(), a.id());
        return new Raised(a, true);
    }

    @Override
    public synchronized Optional<Alert> resolve(String key, Instant at) {
        var id = open.get(key);
        return id == null ? Optional.empty() : resolve(id.longValue(), at);
    }

    @Override
    public synchronized Optional<Alert> resolve(long id, Instant at) {
        var a = alerts.get(id);
        if (a == null || !a.open()) return Optional.ofNullable(a);
        open.remove(a.key());
        return Optional.of(put(new Alert(a.id(), a.key(), a.kind(), a.severity(), a.subject(), a.message(), a.value(), a.threshold(),
                Alert.State.RESOLVED, a.raisedAt(), a.lastSeenAt(), at, a.occurrences(), a.model())));
    }

    @Override
    public synchronized Optional<Alert> find(long id) {
        return Optional.ofNullable(alerts.get(id));
    }

    @Override
    public synchronized Optional<Alert> open(String key) {
        var id = open.get(key);
        return id == null ? Optional.empty() : Optional.of(alerts.get(id));
    }

    @Override
    public synchronized List<Alert> list(Alert.State state, int limit) {
        return alerts.values().stream().filter(a -> state == null || a.state() == state)
                .sorted(Comparator.comparing(Alert::raisedAt).thenComparingLong(Alert::id).reversed())
                .limit(Math.max(0, limit)).toList();
    }

    private Alert put(Alert a) {
        alerts.put(a.id(), a);
        return a;
    }
}
