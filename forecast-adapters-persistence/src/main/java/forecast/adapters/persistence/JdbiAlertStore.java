package forecast.adapters.persistence;

import forecast.domain.monitoring.Alert;
import forecast.domain.monitoring.AlertStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The alert store in the table {@code alert} of {@code db/V5__monitoring.sql}. Each call is one
 * transaction. An alert's {@code open_key} column holds its key while it is open and is unique, so
 * that the database itself keeps one alert per key open: a raise first counts an occurrence on the
 * open alert of its key and inserts a new one only when there is none; when another transaction (of
 * this process or another) opens one in between, the insert violates the constraint and the whole
 * raise is tried again, and then counts. NaN measurements are stored as NULL.
 */
public final class JdbiAlertStore implements AlertStore {
    private final Jdbi jdbi;

    JdbiAlertStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Raised raise(Alert.Breach breach, Instant at) {
        return Sql.writeRetrying(jdbi, h -> {
            int counted = h.createUpdate("UPDATE alert SET occurrences = occurrences + 1, last_seen_at = :at WHERE open_key = :key")
                    .bind("at", Sql.utc(at)).bind("key", breach.key()).execute();
            if (counted == 1) return new Raised(open(h, breach.key()).orElseThrow(), false);
            long id = h.createUpdate("""
                    INSERT INTO alert (model, alert_key, kind, severity, subject, message, measured_value, threshold, state, raised_at, last_seen_at,
                                       resolved_at, occurrences, open_key)
                    VALUES (:model, :key, :kind, :severity, :subject, :message, :value, :threshold, 'OPEN', :at, :at, NULL, 1, :key)
                    """)
                    .bind("model", breach.model()).bind("key", breach.key()).bind("kind", breach.kind().name()).bind("severity", breach.severity().name())
                    .bind("subject", breach.subject()).bind("message", breach.message()).bind("value", Sql.nullable(breach.value()))
                    .bind("threshold", Sql.nullable(breach.threshold())).bind("at", Sql.utc(at))
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            return new Raised(find(h, id).orElseThrow(), true);
        });
    }

    @Override
    public Optional<Alert> resolve(String key, Instant at) {
        return Sql.writeRetrying(jdbi, h -> {
            var id = h.createQuery("SELECT id FROM alert WHERE open_key = :key FOR UPDATE").bind("key", key).mapTo(Long.class).findOne();
            if (id.isEmpty()) return Optional.<Alert>empty();
            resolve(h, id.get(), at);
            return find(h, id.get());
        });
    }

    @Override
    public Optional<Alert> resolve(long id, Instant at) {
        return Sql.writeRetrying(jdbi, h -> {
            resolve(h, id, at);
            return find(h, id);
        });
    }

    /** Resolves alert {@code id} if it is open. */
    private static void resolve(Handle h, long id, Instant at) {
        h.createUpdate("UPDATE alert SET state = 'RESOLVED', open_key = NULL, resolved_at = :at WHERE id = :id AND state = 'OPEN'")
                .bind("at", Sql.utc(at)).bind("id", id).execute();
    }

    @Override
    public Optional<Alert> find(long id) {
        return jdbi.withHandle(h -> find(h, id));
    }

    private static Optional<Alert> find(Handle h, long id) {
        return h.createQuery(SELECT + " WHERE id = :id").bind("id", id).map(ALERT).findOne();
    }

    @Override
    public Optional<Alert> open(String key) {
        return jdbi.withHandle(h -> open(h, key));
    }

    private static Optional<Alert> open(Handle h, String key) {
        return h.createQuery(SELECT + " WHERE open_key = :key").bind("key", key).map(ALERT).findOne();
    }

    @Override
    public List<Alert> list(Alert.State state, int limit) {
        if (limit <= 0) return List.of();
        return jdbi.withHandle(h -> {
            var query = h.createQuery(SELECT + (state == null ? "" : " WHERE state = :state") + " ORDER BY raised_at DESC, id DESC FETCH FIRST :limit ROWS ONLY")
                    .bind("limit", limit);
            if (state != null) query.bind("state", state.name());
            return query.map(ALERT).list();
        });
    }

    private static final String SELECT = """
            SELECT id, alert_key, kind, severity, subject, message, measured_value, threshold, state, raised_at, last_seen_at, resolved_at, occurrences,
                   model
              FROM alert""";

    private static final RowMapper<Alert> ALERT = (rs, ctx) -> new Alert(rs.getLong("id"), rs.getString("alert_key"),
            Alert.Kind.valueOf(rs.getString("kind")), Alert.Severity.valueOf(rs.getString("severity")), rs.getString("subject"), rs.getString("message"),
            Sql.orNaN(rs, "measured_value"), Sql.orNaN(rs, "threshold"), Alert.State.valueOf(rs.getString("state")), Sql.instant(rs, "raised_at"),
            Sql.instant(rs, "last_seen_at"), Sql.instant(rs, "resolved_at"), rs.getInt("occurrences"), rs.getString("model"));
}
