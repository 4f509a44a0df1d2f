package forecast.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.serving.Leadership;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two replicas on one PostgreSQL: exactly one leads, and the other takes over when the leader goes away. */
class PostgresLeadershipTest {
    private static final Duration RETRY = Duration.ofMillis(200);
    private final PostgresDatabases databases = new PostgresDatabases();

    @AfterEach
    void close() {
        databases.close();
    }

    @Test
    void exactlyOneOfTwoReplicasLeadsAndTheOtherTakesOverWhenTheLeaderGoesAway() {
        var a = databases.fresh();
        var b = databases.open(a.jdbcUrl());
        var first = a.leadership(RETRY);
        var second = b.leadership(RETRY);
        await(() -> first.isLeader() || second.isLeader());
        sleep(3 * RETRY.toMillis()); // both have tried a few times
        assertEquals(1, count(first, second), "exactly one leader");

        var leader = first.isLeader() ? first : second;
        var other = leader == first ? second : first;
        (leader == first ? a : b).resign(leader);
        assertFalse(leader.isLeader());
        await(other::isLeader);
        assertTrue(other.isLeader());
    }

    @Test
    void aLeaderWhoseConnectionIsKilledLosesTheLeadershipToTheOther() throws Exception {
        var a = databases.fresh();
        var b = databases.open(a.jdbcUrl());
        var first = a.leadership(RETRY);
        await(first::isLeader);
        var second = b.leadership(RETRY);
        sleep(3 * RETRY.toMillis());
        assertTrue(first.isLeader());
        assertFalse(second.isLeader());

        // PostgreSQL ends the leader's session, as when its replica's host dies
        var server = forecast.testpostgres.TestPostgres.server();
        try (var c = java.sql.DriverManager.getConnection(a.jdbcUrl(), server.user(), server.password());
             var st = c.createStatement()) {
            st.execute("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                    + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
        }
        await(second::isLeader);
        await(() -> !first.isLeader());
        sleep(3 * RETRY.toMillis());
        assertEquals(1, count(first, second), "exactly one leader after the take-over");
    }

    @Test
    void onH2TheReplicaAlwaysLeads(@TempDir Path dir) {
        try (var h2 = PersistenceAdapters.openH2(dir)) {
            assertTrue(h2.leadership(RETRY).isLeader());
        }
    }

    private static int count(Leadership... all) {
        int n = 0;
        for (var l : all) if (l.isLeader()) n++;
        return n;
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 10 s");
            sleep(50);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
