package forecast.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.testpostgres.TestPostgres;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The schema on PostgreSQL against H2's: the same views with the same columns; replicas that start together migrate once. */
class PostgresSchemaTest {
    /** The views SQL clients read: experiments, tuning, pipeline runs, live accuracy, a portfolio's series. */
    static final List<String> VIEWS = List.of("ab_scored_prediction", "ab_test_arm_summary", "ab_test_arm_rank", "ab_test_summary", "live_accuracy",
            "study_summary", "trial_summary", "pipeline_run_summary", "version_series_metrics");

    private final PostgresDatabases databases = new PostgresDatabases();

    @AfterEach
    void close() {
        databases.close();
    }

    @Test
    void theViewsHaveTheSameColumnsOnBoth() throws SQLException {
        var postgres = databases.fresh();
        var server = TestPostgres.server();
        Map<String, List<String>> onPostgres;
        try (var c = DriverManager.getConnection(postgres.jdbcUrl(), server.user(), server.password())) {
            onPostgres = viewColumns(c, "public");
            for (var view : VIEWS) c.createStatement().executeQuery("SELECT * FROM " + view).close(); // each one runs
        }
        Map<String, List<String>> onH2;
        try (var h2 = PersistenceAdapters.open("jdbc:h2:mem:views-" + UUID.randomUUID());
             var c = DriverManager.getConnection(h2.jdbcUrl(), "sa", "")) {
            onH2 = viewColumns(c, "PUBLIC");
        }
        assertEquals(onH2.keySet(), onPostgres.keySet(), "the same views");
        assertTrue(onH2.keySet().containsAll(VIEWS), onH2.keySet().toString());
        for (var view : onH2.keySet()) assertEquals(onH2.get(view), onPostgres.get(view), "the columns of " + view);
    }

    /** Each view's column names in order, lower case. */
    private static Map<String, List<String>> viewColumns(java.sql.Connection c, String schema) throws SQLException {
        var views = new ArrayList<String>();
        try (var rs = c.getMetaData().getTables(null, schema, "%", new String[] {"VIEW"})) {
            while (rs.next()) views.add(rs.getString("TABLE_NAME"));
        }
        var out = new LinkedHashMap<String, List<String>>();
        for (var view : views.stream().sorted(String.CASE_INSENSITIVE_ORDER).toList()) {
            var columns = new ArrayList<String>();
            try (var rs = c.getMetaData().getColumns(null, schema, view, "%")) {
                while (rs.next()) columns.add(rs.getInt("ORDINAL_POSITION") + " " + rs.getString("COLUMN_NAME").toLowerCase(java.util.Locale.ROOT));
            }
            columns.sort(java.util.Comparator.comparingInt(s -> Integer.parseInt(s.substring(0, s.indexOf(' ')))));
            out.put(view.toLowerCase(java.util.Locale.ROOT), columns.stream().map(s -> s.substring(s.indexOf(' ') + 1)).toList());
        }
        return out;
    }

    @Test
    void replicasStartingTogetherMigrateOnce() throws Exception {
        var url = TestPostgres.createDatabase();
        int replicas = 4;
        var ready = new CountDownLatch(replicas);
        var pool = Executors.newFixedThreadPool(replicas);
        var opened = new ArrayList<java.util.concurrent.Future<Persistence>>();
        try {
            for (int i = 0; i < replicas; i++) {
                Callable<Persistence> open = () -> {
                    ready.countDown();
                    ready.await();
                    return databases.open(url);
                };
                opened.add(pool.submit(open));
            }
            for (var f : opened) f.get(); // every replica opened the database (Flyway's lock made the others wait)
        } finally {
            pool.shutdown();
        }
        var server = TestPostgres.server();
        try (var c = DriverManager.getConnection(url, server.user(), server.password());
             var rs = c.createStatement().executeQuery(
                     "SELECT version, COUNT(*) FROM flyway_schema_history WHERE version IS NOT NULL AND success GROUP BY version ORDER BY CAST(version AS INTEGER)")) {
            var versions = new ArrayList<String>();
            while (rs.next()) versions.add(rs.getString(1) + "x" + rs.getInt(2));
            assertEquals(Migrations.files().stream().map(f -> Migrations.version(f) + "x1").toList(), versions, "each migration applied once");
        }
    }
}
