package forecast.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.contract.ModelRegistryContract;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas on one PostgreSQL: a deploy written by one is told to the other by NOTIFY (the
 * triggers of db/postgresql/V11__change_notifications.sql), and the listener connects again after
 * its connection was killed. The waits are generous timeouts, not measurements.
 */
class PostgresChangeNotificationsTest {
    private final PostgresDatabases databases = new PostgresDatabases();

    @AfterEach
    void close() {
        databases.close();
    }

    /** Waits for a change, at most 30 s. */
    private static boolean told(Semaphore changes) throws InterruptedException {
        return changes.tryAcquire(30, TimeUnit.SECONDS);
    }

    @Test
    void aDeployOnOneReplicaIsToldToTheOther() throws Exception {
        var a = databases.fresh();
        var b = databases.open(a.jdbcUrl());
        var changes = new Semaphore(0);
        b.onChange(changes::release, Duration.ofMillis(100));
        assertTrue(told(changes), "told once when it starts listening");
        changes.drainPermits();

        var version = a.modelRegistry().register(ModelRegistryContract.version("v1", "xgboost"), new byte[] {1});
        assertTrue(a.modelRegistry().appendDeployment(ModelRegistryContract.event(1, version.id(), null)));
        assertTrue(told(changes), "the deploy on A is told to B");

        // a listener whose connection dies connects again, and tells (what was sent meanwhile is lost)
        changes.drainPermits();
        var server = forecast.testpostgres.TestPostgres.server();
        try (var c = java.sql.DriverManager.getConnection(a.jdbcUrl(), server.user(), server.password());
             var st = c.createStatement()) {
            st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND datname = current_database()");
        }
        assertTrue(told(changes), "told again after connecting again");
        changes.drainPermits();
        assertTrue(a.modelRegistry().appendDeployment(ModelRegistryContract.event(2, version.id(), null)));
        assertTrue(told(changes), "and listens again");
    }
}
