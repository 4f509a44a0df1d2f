package forecast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.adapters.web.AdminKeys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastConfigTest {
    static final Path HOME = Path.of("").toAbsolutePath().getParent();

    @TempDir
    Path dir;

    ForecastConfig load(String yaml, Map<String, String> environment) throws IOException {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, yaml);
        return ForecastConfig.load(HOME, file, environment);
    }

    @Test
    void theShippedConfigurationHasNoKeyAndAnOpenPredict() {
        var config = ForecastConfig.load(HOME, HOME.resolve("config/ml_config.yaml"), Map.of());
        assertEquals(Set.of(), config.web().adminKeys().hashes());
        assertFalse(config.web().adminKeys().predictRequiresKey());
        assertEquals(100, config.web().maxBatch());
        assertEquals(10_000, config.web().maxHorizon());
        assertEquals(100_000, config.web().maxHistory());
        assertEquals(10L * 1024 * 1024, config.web().maxBodyBytes());
    }

    @Test
    void recordingSettingsComeFromTheYamlAndTheEnvironmentAndABadPolicyIsRefused() throws IOException {
        var shipped = ForecastConfig.load(HOME, HOME.resolve("config/ml_config.yaml"), Map.of()).recording();
        assertEquals(forecast.domain.recording.PredictionRecorder.Settings.defaults(), shipped);
        var spill = load("recording:\n  buffer: 50\n  overflow: spill\n", Map.of("FORECAST_RECORDING_BATCH_SIZE", "7")).recording();
        assertEquals(50, spill.capacity());
        assertEquals(7, spill.batchSize());
        assertEquals(forecast.domain.recording.PredictionRecorder.Overflow.SPILL, spill.overflow());
        assertThrows(IllegalArgumentException.class, () -> load("recording:\n  overflow: drop\n", Map.of()));
    }

    @Test
    void monitoringAndPipelineSettingsComeFromTheYamlAndTheEnvironmentAndBadOnesNameTheirKey() throws IOException {
        var shipped = ForecastConfig.load(HOME, HOME.resolve("config/ml_config.yaml"), Map.of()).watching();
        assertEquals(ForecastConfig.Watching.defaults(), shipped, "the shipped file says what the defaults are");
        String yaml = """
                monitoring:
                  recording: all
                  min_scored: 20
                  page_hinkley: {delta: 0.2, lambda: 10}
                  drift:
                    ks: {max_distance: 0.3}
                alerts:
                  webhook: {url: "http://127.0.0.1:9/hook", headers: {X-Token: abc}}
                pipeline:
                  algorithm: xgboost
                  policy: deploy
                  schedule_hours: 12
                  trigger_on: [accuracy]
                  search_space: {rounds: {type: int, low: 20, high: 80}}
                  canary: {split: 0.25}
                """;
        var w = load(yaml, Map.of("FORECAST_PIPELINE_N_TRIALS", "4")).watching();
        assertEquals(forecast.domain.monitoring.MonitoringSettings.Recording.ALL, w.monitoring().recording());
        assertEquals(20, w.monitoring().minScored());
        assertEquals(10, w.monitoring().changeLambda());
        assertEquals(0.3, w.ksMaxDistance());
        assertEquals(java.net.URI.create("http://127.0.0.1:9/hook"), w.webhook());
        assertEquals(Map.of("X-Token", "abc"), w.webhookHeaders());
        assertEquals("xgboost", w.pipeline().algorithm());
        assertEquals(forecast.domain.pipeline.PipelineSettings.Policy.DEPLOY, w.pipeline().policy());
        assertEquals(java.time.Duration.ofHours(12), w.pipeline().schedule());
        assertEquals(Set.of("accuracy"), w.pipeline().alertTriggers());
        assertEquals(new forecast.domain.tuning.IntDistribution(20, 80, false, 1), w.pipeline().searchSpace().get("rounds"));
        assertEquals(0.25, w.pipeline().canary().split());
        assertEquals(4, w.pipeline().nTrials());

        for (var bad : Map.of("pipeline:\n  policy: yolo\n", "pipeline.policy", "monitoring:\n  recording: some\n", "monitoring.recording",
                "alerts:\n  webhook: {url: \"ftp://x\"}\n", "alerts.webhook.url", "pipeline:\n  canary: {split: 2}\n", "pipeline",
                "pipeline:\n  search_space: {rounds: {type: int, low: 9}}\n", "pipeline.search_space.rounds").entrySet()) {
            var e = assertThrows(IllegalArgumentException.class, () -> load(bad.getKey(), Map.of()));
            assertTrue(e.getMessage().contains(bad.getValue()), e.getMessage());
        }
    }

    @Test
    void hashesComeFromTheYamlListAndFORECAST_ADMIN_KEYAddsOne() throws IOException {
        String yaml = "security:\n  admin_key_hashes:\n    - " + AdminKeys.hash("a") + "\n    - " + AdminKeys.hash("b").toUpperCase() + "\n"
                + "  predict_requires_key: true\n";
        var keys = load(yaml, Map.of("FORECAST_ADMIN_KEY", " c\n")).web().adminKeys();
        assertEquals(Set.of(AdminKeys.hash("a"), AdminKeys.hash("b"), AdminKeys.hash("c")), keys.hashes());
        assertTrue(keys.predictRequiresKey());
    }

    @Test
    void theEnvironmentOverridesTheHashesWithACommaSeparatedList() throws IOException {
        String yaml = "security:\n  admin_key_hashes: [" + AdminKeys.hash("a") + "]\n";
        var env = Map.of("FORECAST_SECURITY_ADMIN_KEY_HASHES", AdminKeys.hash("x") + ", " + AdminKeys.hash("y") + ",",
                "FORECAST_SECURITY_PREDICT_REQUIRES_KEY", "TRUE");
        var config = load(yaml, env);
        assertEquals(Set.of(AdminKeys.hash("x"), AdminKeys.hash("y")), config.web().adminKeys().hashes());
        assertTrue(config.web().adminKeys().predictRequiresKey());
        assertEquals(config.web().adminKeys(), config.withPort(9999).web().adminKeys(), "another port keeps the keys");
    }

    @Test
    void aMalformedHashOrSwitchIsRefusedWithoutRepeatingWhatMightBeAKey() throws IOException {
        var e = assertThrows(IllegalArgumentException.class, () -> load("security:\n  admin_key_hashes: [my-secret-key]\n", Map.of()));
        assertTrue(e.getMessage().contains("security.admin_key_hashes"), e.getMessage());
        assertFalse(e.getMessage().contains("my-secret-key"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> load("security:\n  admin_key_hashes: [\"sha256:abc\"]\n", Map.of()));
        var s = assertThrows(IllegalArgumentException.class, () -> load("security:\n  predict_requires_key: maybe\n", Map.of()));
        assertTrue(s.getMessage().contains("security.predict_requires_key"), s.getMessage());
    }

    @Test
    void hashKeyPrintsTheHashOfTheKeyOnStandardInput() throws IOException {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = Main.hashKey(new ByteArrayInputStream("  s3cret-key\n".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code);
        assertEquals(AdminKeys.hash("s3cret-key") + System.lineSeparator(), out.toString(StandardCharsets.UTF_8));
        assertEquals(2, Main.hashKey(new ByteArrayInputStream("\n".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
    }

    @Test
    void theDatabaseIsH2UnderTheDataDirectoryUnlessAUrlSaysOtherwise() throws IOException {
        var shipped = ForecastConfig.load(HOME, HOME.resolve("config/ml_config.yaml"), Map.of()).database();
        assertTrue(shipped.isDefault());
        assertEquals(32, shipped.poolSize());
        try (var persistence = ForecastConfig.load(HOME, HOME.resolve("config/ml_config.yaml"), Map.of()).withDataDir(dir.resolve("data")).openDatabase()) {
            assertEquals("jdbc:h2:file:" + dir.resolve("data").toAbsolutePath().normalize().resolve("forecast") + ";AUTO_SERVER=TRUE;WRITE_DELAY=0",
                    persistence.jdbcUrl());
        }

        var yaml = "database:\n  url: jdbc:postgresql://db.example:5432/forecast\n  user: forecast\n  password: from-yaml\n  pool_size: 12\n";
        var fromYaml = load(yaml, Map.of()).database();
        assertEquals(new ForecastConfig.Database("jdbc:postgresql://db.example:5432/forecast", "forecast", "from-yaml", 12), fromYaml);
        var fromEnvironment = load(yaml, Map.of("FORECAST_DATABASE_URL", "jdbc:postgresql://other:5433/f", "FORECAST_DATABASE_USER", "svc",
                "FORECAST_DATABASE_PASSWORD", "s3cret", "FORECAST_DATABASE_POOL_SIZE", "4")).database();
        assertEquals(new ForecastConfig.Database("jdbc:postgresql://other:5433/f", "svc", "s3cret", 4), fromEnvironment);
        assertFalse(fromEnvironment.toString().contains("s3cret"), "the password is never shown: " + fromEnvironment);

        var e = assertThrows(IllegalArgumentException.class, () -> load("database:\n  url: jdbc:mysql://x/y\n", Map.of()));
        assertTrue(e.getMessage().contains("database.url"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> load("database:\n  pool_size: 0\n", Map.of()));
    }

    @Test
    void theReplicaIdAndRefreshComeFromTheYamlAndTheEnvironmentWithAGeneratedIdByDefault() throws IOException {
        var shipped = ForecastConfig.load(HOME, HOME.resolve("config/ml_config.yaml"), Map.of()).cluster();
        assertEquals(java.time.Duration.ofMillis(1000), shipped.refresh());
        assertFalse(shipped.replicaId().isBlank(), "a replica id is generated");
        var yaml = "cluster:\n  replica_id: web-1\n  refresh_ms: 500\n";
        assertEquals(new ForecastConfig.Cluster("web-1", java.time.Duration.ofMillis(500)), load(yaml, Map.of()).cluster());
        assertEquals("pod-7", load(yaml, Map.of("FORECAST_CLUSTER_REPLICA_ID", "pod-7")).cluster().replicaId());
        var e = assertThrows(IllegalArgumentException.class, () -> load("cluster:\n  refresh_ms: 0\n", Map.of()));
        assertTrue(e.getMessage().contains("cluster.refresh_ms"), e.getMessage());
    }

    @Test
    void theLeaderRetryComesFromTheYamlAndTheEnvironment() throws IOException {
        var shipped = ForecastConfig.load(HOME, HOME.resolve("config/ml_config.yaml"), Map.of()).cluster();
        assertEquals(java.time.Duration.ofMillis(5000), shipped.leaderRetry());
        assertEquals(java.time.Duration.ofMillis(300), load("cluster:\n  leader_retry_ms: 300\n", Map.of()).cluster().leaderRetry());
        assertEquals(java.time.Duration.ofMillis(700),
                load("cluster:\n  leader_retry_ms: 300\n", Map.of("FORECAST_CLUSTER_LEADER_RETRY_MS", "700")).cluster().leaderRetry());
        var e = assertThrows(IllegalArgumentException.class, () -> load("cluster:\n  leader_retry_ms: 0\n", Map.of()));
        assertTrue(e.getMessage().contains("cluster.leader_retry_ms"), e.getMessage());
    }
}
