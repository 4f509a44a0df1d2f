package forecast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.adapters.web.AdminKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admin keys on the real server: generated and printed once on a first start without keys, its
 * hash stored in the database and accepted on the next start, also beside a key given later by
 * {@code FORECAST_ADMIN_KEY}, or configured as hashes. The servers start without a bootstrap model: these tests are about the keys.
 */
class AdminKeyEndToEndTest {
    private static final Pattern PRINTED = Pattern.compile("Admin API key \\(shown once[^)]*\\): (\\S+)");

    @TempDir
    Path dir;

    ForecastConfig config(String security, Map<String, String> environment) throws IOException {
        Path file = dir.resolve("ml_config.yaml");
        Files.writeString(file, """
                server:
                  host: 127.0.0.1
                  port: 0
                data:
                  directory: "%s"
                bootstrap:
                  enabled: false
                %s
                """.formatted(dir.resolve("data").toString().replace("\\", "/"), security));
        return ForecastConfig.load(Path.of("").toAbsolutePath().getParent(), file, environment);
    }

    /** The hashes in the table admin_key of the server's database, read by SQL while it runs. */
    static List<String> storedHashes(TestServer server) {
        try (var c = DriverManager.getConnection(server.app.jdbcUrl(), "sa", "");
             var rs = c.createStatement().executeQuery("SELECT hash FROM admin_key")) {
            var out = new ArrayList<String>();
            while (rs.next()) out.add(rs.getString(1));
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void withoutAConfiguredKeyTheFirstStartGeneratesOneStoresItsHashAndPrintsItOnce() throws IOException {
        var config = config("", Map.of());
        var console = new ByteArrayOutputStream();
        String key;
        try (var server = TestServer.start(config, new PrintStream(console, true, StandardCharsets.UTF_8))) {
            String printed = console.toString(StandardCharsets.UTF_8);
            var m = PRINTED.matcher(printed);
            assertTrue(m.find(), printed);
            key = m.group(1);
            assertTrue(key.matches("[A-Za-z0-9_-]{43}"), "256 bits in base64url: " + key);
            assertEquals(List.of(AdminKeys.hash(key)), storedHashes(server), "only the hash is stored");
            assertFalse(Files.exists(config.dataDir().resolve(AdminKeySetup.FILE_NAME)), "in the database, not in a file");

            assertEquals(200, server.as(key).get("/jobs").status());
            assertEquals(401, server.as(null).get("/jobs").status());
            assertEquals(403, server.as("not-" + key).get("/jobs").status());
            assertEquals(401, server.as(null).post("/models/rollback", "{}").status());
            assertEquals(200, server.as(null).get("/models").status(), "reading models needs no key");
        }

        var again = new ByteArrayOutputStream();
        try (var server = TestServer.start(config, new PrintStream(again, true, StandardCharsets.UTF_8))) {
            assertEquals("", again.toString(StandardCharsets.UTF_8), "the key is printed on the first start only");
            assertEquals(List.of(AdminKeys.hash(key)), storedHashes(server), "the same hash");
            assertEquals(200, server.as(key).get("/jobs").status(), "the key printed at the first start still works");
            assertEquals(403, server.as("not-" + key).get("/tuning/studies").status());
        }

        // FORECAST_ADMIN_KEY set after the first start: both keys work (it used to retire the generated one silently)
        var withEnvironment = config("", Map.of(ForecastConfig.ADMIN_KEY_VARIABLE, "set-later"));
        try (var server = TestServer.start(withEnvironment, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            assertEquals(200, server.as("set-later").get("/jobs").status());
            assertEquals(200, server.as(key).get("/jobs").status(), "the generated key is still accepted");
            assertEquals(403, server.as("neither").get("/jobs").status());
        }
    }

    @Test
    void aKeyFromTheEnvironmentAndHashesFromTheConfigurationAreAcceptedAndNothingIsGenerated() throws IOException {
        String security = """
                security:
                  admin_key_hashes: ["%s"]
                  predict_requires_key: true
                """.formatted(AdminKeys.hash("from-yaml"));
        var config = config(security, Map.of(ForecastConfig.ADMIN_KEY_VARIABLE, "from-env"));
        var console = new ByteArrayOutputStream();
        try (var server = TestServer.start(config, new PrintStream(console, true, StandardCharsets.UTF_8))) {
            assertEquals("", console.toString(StandardCharsets.UTF_8));
            assertEquals(List.of(), storedHashes(server), "no key generated when keys are configured");
            assertEquals(200, server.as("from-yaml").get("/jobs").status());
            assertEquals(200, server.as("from-env").get("/jobs").status());
            assertEquals(403, server.as("from-elsewhere").get("/jobs").status());
            var predict = "{\"data\": [[\"2030-01-01T00:00:00Z\", 1], [\"2030-01-01T01:00:00Z\", 2]], \"forecast_horizon\": 1}";
            assertEquals(401, server.as(null).post("/predict", predict).status(), "predict_requires_key: true");
            assertEquals(503, server.as("from-env").post("/predict", predict).status(), "with a key it gets as far as the missing model");
        }
    }
}
