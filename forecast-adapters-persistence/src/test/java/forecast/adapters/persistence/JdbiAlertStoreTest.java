package forecast.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.contract.AlertStoreContract;
import forecast.contract.StudyStoreContract;
import forecast.domain.monitoring.Alert;
import forecast.domain.monitoring.AlertStore;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alert store contract on an H2 file database, opened as the server opens it; restarts, replicas and the table's own rules. */
class JdbiAlertStoreTest implements AlertStoreContract {
    @TempDir
    Path data;

    private final FileDatabases databases = new FileDatabases(() -> data);

    @Override
    public AlertStore createStore() {
        return databases.fresh().alertStore();
    }

    @AfterEach
    void close() {
        databases.close();
    }

    @Test
    void alertsSurviveClosingTheDatabase() {
        var store = databases.open("restart").alertStore();
        var resolved = store.raise(AlertStoreContract.accuracy("accuracy:v1", "v1"), AlertStoreContract.minute(0)).alert();
        resolved = store.resolve(resolved.id(), AlertStoreContract.minute(1)).orElseThrow();
        store.raise(AlertStoreContract.pipeline("pipeline:failed"), AlertStoreContract.minute(2));
        var open = store.raise(AlertStoreContract.pipeline("pipeline:failed"), AlertStoreContract.minute(3)).alert();
        databases.closeLast();

        var reopened = databases.open("restart").alertStore();
        assertEquals(List.of(open, resolved), reopened.list(null, 10));
        assertEquals(Optional.of(open), reopened.open("pipeline:failed"));
        var again = reopened.raise(AlertStoreContract.pipeline("pipeline:failed"), AlertStoreContract.minute(4));
        assertEquals(3, again.alert().occurrences(), "the open alert goes on counting after a restart");
        var next = reopened.raise(AlertStoreContract.accuracy("accuracy:v1", "v1"), AlertStoreContract.minute(5));
        assertTrue(next.opened());
        assertTrue(next.alert().id() > open.id(), "ids are not reused");
    }

    /** Two Persistence objects on one file stand for two replicas: their in-process locks do not see each other, the table's unique key does. */
    @Test
    void replicasBreachingAtOnceOpenOneAlert() throws Exception {
        var stores = List.of(databases.open("shared").alertStore(), databases.open("shared").alertStore());
        int threads = 8, each = 10;
        var raised = StudyStoreContract.run(threads, t -> {
            var mine = new java.util.ArrayList<AlertStore.Raised>();
            for (int i = 0; i < each; i++) mine.add(stores.get((t + i) % 2).raise(AlertStoreContract.accuracy("accuracy:v1", "v1"),
                    AlertStoreContract.minute(i)));
            return mine;
        });
        assertEquals(1, raised.stream().filter(AlertStore.Raised::opened).count());
        var open = stores.get(1).open("accuracy:v1").orElseThrow();
        assertEquals(threads * each, open.occurrences());
        assertEquals(List.of(open), stores.get(0).list(null, 10));
    }

    @Test
    void theTableRefusesASecondOpenAlertForAKey() throws SQLException {
        var persistence = databases.open("rules");
        persistence.alertStore().raise(AlertStoreContract.accuracy("accuracy:v1", "v1"), AlertStoreContract.minute(0));
        try (var c = DriverManager.getConnection(persistence.jdbcUrl(), "sa", ""); var s = c.createStatement()) {
            var insert = """
                    INSERT INTO alert (alert_key, kind, severity, state, raised_at, last_seen_at, occurrences, open_key)
                    VALUES ('accuracy:v1', 'ACCURACY', 'WARNING', 'OPEN', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1, %s)
                    """;
            assertEquals("23505", assertThrows(SQLException.class, () -> s.execute(insert.formatted("'accuracy:v1'"))).getSQLState());
            assertEquals("23513", assertThrows(SQLException.class, () -> s.execute(insert.formatted("NULL"))).getSQLState(),
                    "an open alert holds its key");
            assertEquals("23513", assertThrows(SQLException.class, () -> s.execute(insert.replace("'ACCURACY'", "'LATENCY'").formatted("'x'")))
                    .getSQLState(), "kinds are the domain's");
            try (var rs = s.executeQuery("SELECT kind, severity, state, measured_value, threshold, open_key FROM alert")) {
                assertTrue(rs.next());
                assertEquals(List.of("ACCURACY", "WARNING", "OPEN", 12.5, 8.0, "accuracy:v1"),
                        List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getDouble(4), rs.getDouble(5), rs.getString(6)));
            }
        }
        persistence.alertStore().resolve("accuracy:v1", AlertStoreContract.minute(1));
        assertTrue(persistence.alertStore().raise(AlertStoreContract.accuracy("accuracy:v1", "v1"), AlertStoreContract.minute(2)).opened());
        assertEquals(2, persistence.alertStore().list(Alert.State.OPEN, 10).size() + persistence.alertStore().list(Alert.State.RESOLVED, 10).size());
    }
}
