package forecast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.adapters.web.AdminKeys;
import forecast.adapters.web.WebSettings;
import forecast.testpostgres.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas (two whole servers in one JVM, each its own data directory and port) on one
 * PostgreSQL act as one service (issue 17): a deploy on A is served by B, the deployment listing
 * is the same on both, a rollback and a promotion on A are served by B, and an A/B test started
 * and stopped on A starts and stops routing on B.
 * Each waits for B's refresher (every {@code cluster.refresh_ms}) with a generous overall timeout;
 * the speed itself is not asserted. Skipped without PostgreSQL's binaries, failed under CI=true
 * (see {@link TestPostgres}).
 */
class PostgresReplicasTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @TempDir
    Path dataA;
    @TempDir
    Path dataB;

    private static ForecastConfig config(Path data, String url, TestPostgres.Server server, String replica) {
        Path home = Path.of("").toAbsolutePath().getParent();
        var web = new WebSettings("127.0.0.1", 0, 100, 10_000, 100_000, 10 * 1024 * 1024, AdminKeys.of(AdminKeys.hash(TestServer.ADMIN_KEY)));
        return new ForecastConfig(home, data, web,
                new ForecastConfig.Bootstrap(home.resolve("test_data/time_series_train.csv"), home.resolve("test_data/model_config.json"), TestServer.FAST))
                .withDatabase(new ForecastConfig.Database(url, server.user(), server.password(), 4))
                .withCluster(new ForecastConfig.Cluster(replica, Duration.ofMillis(200), Duration.ofMillis(200)));
    }

    /** Polls {@code condition} until it holds or {@link #PATIENCE} has passed. */
    private static void eventually(String what, Supplier<Boolean> condition) throws InterruptedException {
        eventually(what, PATIENCE, condition);
    }

    /** Polls {@code condition} until it holds or {@code patience} has passed. */
    private static void eventually(String what, Duration patience, Supplier<Boolean> condition) throws InterruptedException {
        Concurrently.eventually(what, patience, condition);
    }

    private static Map<String, Object> predict(TestServer s, String unit) {
        try {
            var r = s.post("/predict", "{\"data\": " + ServeEndToEndTest.trainTail(200) + ", \"forecast_horizon\": 2, \"series_id\": \"meter\", \"unit_id\": \""
                    + unit + "\"}");
            assertEquals(200, r.status(), r.body());
            return r.json();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Whether {@code /observe/health} of {@code s} says that it is the leader. */
    @SuppressWarnings("unchecked")
    private static boolean leads(TestServer s) {
        var health = s.get("/observe/health");
        assertEquals(200, health.status(), health.body());
        var checks = (List<Map<String, Object>>) health.json().get("checks");
        var data = (Map<String, Object>) checks.get(0).get("data");
        assertTrue(data.containsKey("leader"), health.body());
        return Boolean.parseBoolean(String.valueOf(data.get("leader")));
    }

    @Test
    void exactlyOneReplicaLeadsAndAnotherTakesOverWhenItStops() throws Exception {
        var url = TestPostgres.createDatabase();
        var server = TestPostgres.server();
        try (var a = TestServer.start(config(dataA, url, server, "replica-a"), System.out);
             var b = TestServer.start(config(dataB, url, server, "replica-b"), System.out)) {
            eventually("one replica leads", () -> leads(a) || leads(b));
            Thread.sleep(600); // both have tried a few times
            assertTrue(leads(a) ^ leads(b), "exactly one leader");
            var leader = leads(a) ? a : b;
            var other = leader == a ? b : a;
            leader.close(); // its lock's connection closes with it
            eventually("the other replica takes the leadership over", () -> leads(other));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDeployAndAnExperimentOnOneReplicaReachTheOther() throws Exception {
        var url = TestPostgres.createDatabase();
        var server = TestPostgres.server();
        try (var a = TestServer.start(config(dataA, url, server, "replica-a"), System.out);
             var b = TestServer.start(config(dataB, url, server, "replica-b"), System.out)) {
            for (var s : List.of(a, b)) {
                var health = s.get("/observe/health");
                assertEquals(200, health.status(), health.body());
                var checks = (List<Map<String, Object>>) health.json().get("checks");
                var data = (Map<String, Object>) checks.get(0).get("data");
                assertEquals(s == a ? "replica-a" : "replica-b", data.get("replica"), health.body());
            }
            String first = (String) predict(b, "u0").get("model_version");
            assertEquals(first, predict(a, "u0").get("model_version"), "B restored what A bootstrapped");

            var trained = a.post("/models/train", "{\"algorithm\": \"seasonal_naive\", \"name\": \"naive\", \"wait\": true, \"data\": "
                    + ServeEndToEndTest.trainTail(1200) + "}");
            assertEquals(200, trained.status(), trained.body());
            String naive = (String) ((Map<String, Object>) trained.json().get("model")).get("id");
            var deployed = a.post("/models/deploy", "{\"model_version\": \"naive\", \"reason\": \"replica test\"}");
            assertEquals(200, deployed.status(), deployed.body());
            assertEquals(naive, predict(a, "u0").get("model_version"));
            eventually("B serves the version deployed on A", () -> naive.equals(predict(b, "u0").get("model_version")));
            assertEquals(a.get("/models/deployments").json(), b.get("/models/deployments").json(), "the deployment listing is the same on both");

            var rolledBack = a.post("/models/rollback", "{\"reason\": \"back\"}");
            assertEquals(200, rolledBack.status(), rolledBack.body());
            eventually("B serves the version A rolled back to", () -> first.equals(predict(b, "u0").get("model_version")));

            var start = a.post("/ab-test/start", "{\"name\": \"across\", \"models\": [\"naive\", \"" + first + "\"], \"traffic_split\": [0.5, 0.5],"
                    + " \"duration_hours\": 1}");
            assertEquals(201, start.status(), start.body());
            eventually("B routes to the experiment started on A", () -> "across".equals(predict(b, "u1").get("experiment")));
            for (int u = 0; u < 20; u++) {
                var onA = predict(a, "unit" + u);
                var onB = predict(b, "unit" + u);
                assertEquals("across", onB.get("experiment"));
                assertTrue(List.of(naive, first).contains(onB.get("model_version")), String.valueOf(onB));
                assertEquals(onA.get("model_version"), onB.get("model_version"), "a unit gets the same arm on both replicas");
            }

            var stop = a.post("/ab-test/across/stop", "");
            assertEquals(200, stop.status(), stop.body());
            eventually("B stops routing to the experiment stopped on A", () -> predict(b, "u1").get("experiment") == null);
            assertEquals(first, predict(b, "u1").get("model_version"), "B serves the live version again");

            // a promotion on A deploys its arm: B stops routing and serves the promoted version
            var again = a.post("/ab-test/start", "{\"name\": \"promoted\", \"models\": [\"naive\", \"" + first + "\"], \"traffic_split\": [0.5, 0.5],"
                    + " \"duration_hours\": 1}");
            assertEquals(201, again.status(), again.body());
            eventually("B routes to the second experiment", () -> "promoted".equals(predict(b, "u1").get("experiment")));
            var promoted = a.post("/ab-test/promoted/promote", "{\"arm\": \"naive\"}");
            assertEquals(200, promoted.status(), promoted.body());
            eventually("B serves the version promoted on A, outside any experiment", () -> {
                var p = predict(b, "u1");
                return p.get("experiment") == null && naive.equals(p.get("model_version"));
            });
        } finally {
            TestPostgres.dropDatabase(url);
        }
    }

    @Test
    void aDeployReachesTheOtherReplicaByNotificationWithoutWaitingForItsPoll() throws Exception {
        var url = TestPostgres.createDatabase();
        var server = TestPostgres.server();
        var rarely = new ForecastConfig.Cluster(null, Duration.ofMinutes(10), Duration.ofMillis(200)); // B would poll after 10 minutes
        try (var a = TestServer.start(config(dataA, url, server, "replica-a"), System.out);
             var b = TestServer.start(config(dataB, url, server, "replica-b").withCluster(rarely), System.out)) {
            var trained = a.post("/models/train", "{\"algorithm\": \"seasonal_naive\", \"name\": \"naive\", \"wait\": true, \"data\": "
                    + ServeEndToEndTest.trainTail(1200) + "}");
            assertEquals(200, trained.status(), trained.body());
            assertEquals(200, a.post("/models/deploy", "{\"model_version\": \"naive\", \"reason\": \"notified\"}").status());
            String naive = (String) predict(a, "u0").get("model_version");
            eventually("B serves the version deployed on A, told by NOTIFY", () -> naive.equals(predict(b, "u0").get("model_version")));
        } finally {
            TestPostgres.dropDatabase(url);
        }
    }

    @Test
    void replicasStartingTogetherOnANewDatabaseBootstrapOneModelAndGenerateOneKeyThatBothAccept() throws Exception {
        var url = TestPostgres.createDatabase();
        var server = TestPostgres.server();
        var home = Path.of("").toAbsolutePath().getParent();
        var consoles = List.of(new java.io.ByteArrayOutputStream(), new java.io.ByteArrayOutputStream());
        var started = new TestServer[2];
        try {
            var starts = new java.util.ArrayList<java.util.concurrent.Callable<TestServer>>();
            for (int i = 0; i < 2; i++) {
                int r = i;
                var noKeys = new WebSettings("127.0.0.1", 0, 100, 10_000, 100_000, 10 * 1024 * 1024, AdminKeys.none());
                var config = new ForecastConfig(home, r == 0 ? dataA : dataB, noKeys,
                        new ForecastConfig.Bootstrap(home.resolve("test_data/time_series_train.csv"), home.resolve("test_data/model_config.json"), TestServer.FAST))
                        .withDatabase(new ForecastConfig.Database(url, server.user(), server.password(), 4))
                        .withCluster(new ForecastConfig.Cluster("replica-" + r, Duration.ofMillis(200), Duration.ofMillis(200)));
                starts.add(() -> started[r] = TestServer.start(config, new java.io.PrintStream(consoles.get(r), true, java.nio.charset.StandardCharsets.UTF_8)));
            }
            Concurrently.together(starts, Duration.ofMinutes(5)); // a start trains the bootstrap model
            var printed = consoles.stream().map(c -> c.toString(java.nio.charset.StandardCharsets.UTF_8)).filter(t -> !t.isEmpty()).toList();
            assertEquals(1, printed.size(), "one replica generated and printed the key: " + printed);
            var m = java.util.regex.Pattern.compile("Admin API key \\(shown once[^)]*\\): (\\S+)").matcher(printed.getFirst());
            assertTrue(m.find(), printed.getFirst());
            for (var s : started) {
                assertEquals(200, s.as(m.group(1)).get("/jobs").status(), "every replica accepts the generated key");
                assertEquals(403, s.as("another").get("/jobs").status());
            }
            var versions = (List<?>) started[0].get("/models/default/versions").json().get("versions");
            assertEquals(1, versions.size(), "one bootstrap version: " + versions);
            String live = (String) predict(started[0], "u").get("model_version");
            eventually("both serve it", () -> live.equals(predict(started[1], "u").get("model_version")));
        } finally {
            for (var s : started) if (s != null) s.close();
            TestPostgres.dropDatabase(url);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void ofPipelineRunsAskedOnTwoReplicasAtOnceOneStarts() throws Exception {
        var url = TestPostgres.createDatabase();
        var server = TestPostgres.server();
        try (var a = TestServer.start(config(dataA, url, server, "replica-a"), System.out);
             var b = TestServer.start(config(dataB, url, server, "replica-b"), System.out)) {
            for (int round = 0; round < 2; round++) {
                var answers = Concurrently.together(List.<java.util.concurrent.Callable<TestServer.Response>>of(
                        () -> a.post("/pipeline/run", "{\"reason\": \"both at once\", \"algorithm\": \"theta\", \"policy\": \"register\"}"),
                        () -> b.post("/pipeline/run", "{\"reason\": \"both at once\", \"algorithm\": \"theta\", \"policy\": \"register\"}")), PATIENCE);
                var statuses = answers.stream().map(TestServer.Response::status).sorted().toList();
                assertEquals(List.of(202, 409), statuses, answers.toString());
                eventually("the run ends", Duration.ofMinutes(3), () -> {
                    var runs = (List<Map<String, Object>>) a.get("/pipeline/runs").json().get("runs");
                    return runs.stream().noneMatch(r -> "running".equals(r.get("state")));
                });
            }
            var runs = (List<Map<String, Object>>) b.get("/pipeline/runs").json().get("runs");
            assertEquals(2, runs.size(), "one run per round, seen alike on both replicas");
        } finally {
            TestPostgres.dropDatabase(url);
        }
    }
}
