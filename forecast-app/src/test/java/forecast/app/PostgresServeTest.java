package forecast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.adapters.web.AdminKeys;
import forecast.adapters.web.WebSettings;
import forecast.testpostgres.TestPostgres;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole server on PostgreSQL, as {@code database.url} selects it: the persistence module's jar
 * (on the module path, as the launcher runs it) migrates a new database with Flyway, the first
 * start trains and deploys, forecasts are served, and a restart finds everything in the database.
 * Skipped without PostgreSQL's binaries, failed under CI=true (see {@link TestPostgres}).
 */
class PostgresServeTest {
    @TempDir
    Path data;

    @Test
    void theServerStartsOnPostgresqlServesAndRestartsFromIt() throws Exception {
        var url = TestPostgres.createDatabase();
        var server = TestPostgres.server();
        try {
            Path home = Path.of("").toAbsolutePath().getParent();
            var web = new WebSettings("127.0.0.1", 0, 100, 10_000, 100_000, 10 * 1024 * 1024, AdminKeys.of(AdminKeys.hash(TestServer.ADMIN_KEY)));
            var config = new ForecastConfig(home, data, web,
                    new ForecastConfig.Bootstrap(home.resolve("test_data/time_series_train.csv"), home.resolve("test_data/model_config.json"), TestServer.FAST))
                    .withDatabase(new ForecastConfig.Database(url, server.user(), server.password(), 4));
            String firstVersion;
            try (var app = TestServer.start(config, System.out)) {
                assertEquals(url, app.app.jdbcUrl());
                var health = app.get("/observe/health");
                assertEquals(200, health.status(), health.body());
                var r = app.post("/predict", "{\"data\": [[\"2024-04-30T21:00:00Z\", 182.36, 17.8, 0], [\"2024-04-30T22:00:00Z\", 169.70, 16.0, 0],"
                        + " [\"2024-04-30T23:00:00Z\", 155.50, 16.1, 0]], \"model_version\": \"v1.2\", \"forecast_horizon\": 5}");
                assertEquals(200, r.status(), r.body());
                firstVersion = (String) r.json().get("model_version");
            }
            try (var c = DriverManager.getConnection(url, server.user(), server.password()); var s = c.createStatement()) {
                var versions = new ArrayList<String>();
                try (var rs = s.executeQuery("SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank")) {
                    while (rs.next()) versions.add(rs.getString(1));
                }
                // every migration the repository lists (db/migrations.txt), by its version
                var listed = java.nio.file.Files.readAllLines(home.resolve("db/migrations.txt")).stream().map(String::strip)
                        .filter(l -> l.startsWith("V")).map(l -> l.substring(1, l.indexOf("__"))).toList();
                assertEquals(listed, versions, "Flyway found every migration in the modular jar");
                try (var rs = s.executeQuery("SELECT COUNT(*) FROM model_version")) {
                    assertTrue(rs.next() && rs.getInt(1) == 1, "the bootstrap's version is in PostgreSQL");
                }
            }
            try (var app = TestServer.start(config, System.out)) { // a restart: no second training, the same live version
                var r = app.post("/predict", "{\"data\": [[\"2024-04-30T23:00:00Z\", 155.50, 16.1, 0]], \"forecast_horizon\": 2}");
                assertEquals(200, r.status(), r.body());
                assertEquals(firstVersion, r.json().get("model_version"));
            }
        } finally {
            TestPostgres.dropDatabase(url);
        }
    }
}
