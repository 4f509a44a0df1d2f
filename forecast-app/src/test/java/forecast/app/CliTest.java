package forecast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.app.cli.Io;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's client commands, run in-process ({@link Main#run}) with captured streams and
 * an environment naming a real server ({@link TestServer}) and its admin key; output and exit
 * status checked. One server for the class; the tests run in order, as a user would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 20, unit = java.util.concurrent.TimeUnit.MINUTES)
class CliTest {
    @TempDir
    static Path data;
    static TestServer server;
    static Map<String, String> env;
    /** The version the CLI's training registered. */
    static String trained;

    @BeforeAll
    static void start() {
        server = TestServer.start(data);
        env = Map.of("FORECAST_URL", "http://127.0.0.1:" + server.app.port(), "FORECAST_ADMIN_KEY", TestServer.ADMIN_KEY);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    record Run(int status, String out, String err) {
        @Override
        public String toString() {
            return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Run cli(String... args) {
        return cli(env, "", args);
    }

    static Run cli(Map<String, String> environment, String stdin, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int status = Main.run(args, new Io(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), environment, false));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    @Order(1)
    void helpOnEveryCommandExitsZero() {
        var root = cli("--help");
        assertEquals(0, root.status(), root.toString());
        for (String c : List.of("serve", "tune", "hash-key", "models", "predict", "train", "jobs", "ab", "studies", "drift", "alerts", "pipeline"))
            assertTrue(root.out().contains(c), c + " in " + root);
        for (var args : List.of(List.of("models", "list", "--help"), List.of("models", "show", "--help"), List.of("models", "deploy", "--help"),
                List.of("models", "rollback", "--help"), List.of("models", "history", "--help"), List.of("predict", "--help"), List.of("train", "--help"),
                List.of("jobs", "list", "--help"), List.of("jobs", "show", "--help"), List.of("ab", "start", "--help"), List.of("ab", "promote", "--help"),
                List.of("studies", "list", "--help"), List.of("drift", "--help"), List.of("alerts", "--help"), List.of("pipeline", "run", "--help"),
                List.of("serve", "--help"), List.of("tune", "--help"), List.of("hash-key", "--help"))) {
            var r = cli(args.toArray(String[]::new));
            assertEquals(0, r.status(), args + ": " + r);
            assertTrue(r.out().contains("Usage: forecast " + args.get(0)), args + ": " + r);
            assertEquals("", r.err(), args + ": " + r);
        }
    }

    @Test
    @Order(2)
    void anUnknownOptionIsOneLinePlusUsageAndExitTwo() {
        var r = cli("models", "list", "--bogus");
        assertEquals(2, r.status(), r.toString());
        var lines = r.err().lines().toList();
        assertTrue(lines.get(0).startsWith("forecast models list: Unknown option: '--bogus'"), r.toString());
        assertTrue(lines.get(1).startsWith("Usage: forecast models list"), r.toString());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r);
        assertEquals("", r.out());

        var missing = cli("models");
        assertEquals(2, missing.status(), missing.toString());
        assertTrue(missing.err().contains("Usage: forecast models"), missing.toString());
        var unknown = cli("nonsense");
        assertEquals(2, unknown.status(), unknown.toString());
        assertTrue(unknown.err().lines().findFirst().orElse("").contains("nonsense"), unknown.toString());
    }

    @Test
    @Order(3)
    void modelsListAndShowAsTablesAndJson() {
        var list = cli("models", "list");
        assertEquals(0, list.status(), list.toString());
        assertTrue(list.out().lines().findFirst().orElse("").contains("NAME") || list.out().contains("MODEL"), list.toString());
        assertTrue(list.out().contains("default") && list.out().contains("xgboost_v1"), list.toString());

        var json = cli("models", "list", "--output=json"); // --opt=value
        assertEquals(0, json.status(), json.toString());
        assertTrue(Json.object(json.out()).get("models") instanceof List<?>, json.toString());
        assertTrue(json.out().contains("\n  \"models\": ["), "pretty-printed: " + json);

        var model = cli("models", "show");
        assertEquals(0, model.status(), model.toString());
        assertTrue(model.out().contains("xgboost_v1"), model.toString());
        var version = cli("models", "show", "xgboost_v1", "-o", "json");
        assertEquals(0, version.status(), version.toString());
        assertEquals("xgboost_v1", Json.object(version.out()).get("id"), version.toString());
        var label = cli("models", "show", "v1.2", "--model", "default");
        assertEquals(0, label.status(), label.toString());
        assertTrue(label.out().contains("xgboost_v1"), label.toString());
    }

    @Test
    @Order(4)
    void anHttpErrorIsExitOneWithTheProblemsDetailOnStderr() {
        var r = cli("models", "show", "no-such-version");
        assertEquals(1, r.status(), r.toString());
        assertEquals(1, r.err().lines().count(), "one line: " + r);
        assertTrue(r.err().contains("HTTP 404") && r.err().contains("no-such-version"), r.toString());
        assertFalse(r.err().contains("Usage:"), r.toString());

        var study = cli("studies", "show", "no-such-study");
        assertEquals(1, study.status(), study.toString());
        assertTrue(study.err().contains("no study named no-such-study"), study.toString());

        var deploy = cli("models", "deploy", "nope_v9");
        assertEquals(1, deploy.status(), deploy.toString());
        assertTrue(deploy.err().contains("nope_v9"), deploy.toString());

        var noKey = cli(Map.of("FORECAST_URL", env.get("FORECAST_URL")), "", "jobs", "list");
        assertEquals(1, noKey.status(), noKey.toString());
        assertTrue(noKey.err().contains("HTTP 401") && noKey.err().contains("FORECAST_ADMIN_KEY"), noKey.toString());

        var down = cli(Map.of("FORECAST_URL", "http://127.0.0.1:1"), "", "models", "list");
        assertEquals(1, down.status(), down.toString());
        assertTrue(down.err().contains("cannot reach the server at http://127.0.0.1:1"), down.toString());
        assertEquals(1, down.err().lines().count(), down.toString());
    }

    @Test
    @Order(5)
    void predictFromACsvFile() throws Exception {
        var lines = Files.readAllLines(TestServer.home().resolve("test_data/time_series_train.csv"));
        var csv = new ArrayList<String>();
        csv.add(lines.get(0));
        csv.addAll(lines.subList(lines.size() - 200, lines.size()));
        Path file = data.resolve("history.csv");
        Files.write(file, csv);
        var r = cli("predict", file.toString(), "--horizon", "5");
        assertEquals(0, r.status(), r.toString());
        var out = r.out().lines().toList();
        assertTrue(out.get(0).startsWith("model version xgboost_v1"), r.toString());
        assertTrue(out.get(1).matches("TIMESTAMP\\s+FORECAST\\s+LOWER\\s+UPPER"), r.toString());
        assertEquals(7, out.size(), r.toString());
        assertTrue(out.get(2).startsWith("2024-05-01T00:00:00Z"), r.toString());

        var json = cli(env, String.join("\n", csv), "predict", "-", "--horizon=3", "-o", "json");
        assertEquals(0, json.status(), json.toString());
        assertEquals(3, ((List<?>) Json.object(json.out()).get("predictions")).size(), json.toString());

        Files.writeString(data.resolve("bad.csv"), "timestamp,value\n2024-01-01T00:00:00Z,abc\n");
        var bad = cli("predict", data.resolve("bad.csv").toString());
        assertEquals(1, bad.status(), bad.toString());
        assertTrue(bad.err().contains("line 2") && bad.err().contains("abc"), bad.toString());
    }

    @Test
    @Order(6)
    void trainShowsProgressAsPlainLinesAndEndsWithTheVersion() {
        var r = cli("train", "--algorithm", "seasonal_naive", "--name", "cli-naive");
        assertEquals(0, r.status(), r.toString());
        assertFalse(r.out().contains("\r"), "no carriage returns when not on a terminal: " + r);
        var out = r.out().lines().toList();
        assertTrue(out.get(0).startsWith("job "), r.toString());
        assertTrue(out.size() >= 3, "progress lines between: " + r);
        var last = Pattern.compile("trained (\\S+).*").matcher(out.get(out.size() - 1));
        assertTrue(last.matches(), r.toString());
        trained = last.group(1);
        assertTrue(trained.startsWith("seasonal_naive"), trained);
        assertEquals(200, server.get("/models/" + trained).status());
    }

    @Test
    @Order(7)
    void jobsListAndShow() {
        var list = cli("jobs", "list");
        assertEquals(0, list.status(), list.toString());
        assertTrue(list.out().contains("training") && list.out().contains(trained), list.toString());
        var jobs = (List<?>) Json.object(cli("jobs", "list", "-o", "json").out()).get("jobs");
        String id = (String) ((Map<?, ?>) jobs.get(0)).get("id");
        var show = cli("jobs", "show", id);
        assertEquals(0, show.status(), show.toString());
        assertTrue(show.out().contains("succeeded"), show.toString());
        var follow = cli("jobs", "follow", id);
        assertEquals(0, follow.status(), follow.toString());
        assertTrue(follow.out().contains("succeeded"), follow.toString());
    }

    @Test
    @Order(8)
    void deployHistoryAndRollback() {
        var deploy = cli("models", "deploy", trained, "--reason", "from the CLI");
        assertEquals(0, deploy.status(), deploy.toString());
        assertTrue(deploy.out().contains(trained), deploy.toString());
        var history = cli("models", "history");
        assertEquals(0, history.status(), history.toString());
        assertTrue(history.out().contains("from the CLI"), history.toString());
        var rollback = cli("models", "rollback", "--reason=back again");
        assertEquals(0, rollback.status(), rollback.toString());
        assertTrue(rollback.out().contains("xgboost_v1"), rollback.toString());
        var live = Json.object(cli("models", "list", "-o", "json").out());
        assertTrue(live.toString().contains("xgboost_v1"), live.toString());
    }

    @Test
    @Order(9)
    void abStartShowStopPromote() {
        var start = cli("ab", "start", "cli-ab", "--versions", "xgboost_v1," + trained, "--split", "0.5,0.5", "--hours", "1");
        assertEquals(0, start.status(), start.toString());
        assertTrue(start.out().contains("cli-ab"), start.toString());
        var show = cli("ab", "show", "cli-ab");
        assertEquals(0, show.status(), show.toString());
        assertTrue(show.out().contains(trained), show.toString());
        var all = cli("ab", "show");
        assertEquals(0, all.status(), all.toString());
        assertTrue(all.out().contains("cli-ab"), all.toString());
        var stop = cli("ab", "stop", "cli-ab");
        assertEquals(0, stop.status(), stop.toString());

        var again = cli("ab", "start", "cli-ab-2", "--versions", "xgboost_v1," + trained);
        assertEquals(0, again.status(), again.toString());
        var promote = cli("ab", "promote", "cli-ab-2", "--arm", "xgboost_v1");
        assertEquals(0, promote.status(), promote.toString());
        var twice = cli("ab", "promote", "cli-ab-2");
        assertEquals(1, twice.status(), twice.toString());
        assertTrue(twice.err().startsWith("forecast ab promote: HTTP 4"), twice.toString());
    }

    @Test
    @Order(10)
    void studiesDriftAndAlerts() {
        var studies = cli("studies", "list");
        assertEquals(0, studies.status(), studies.toString());
        var drift = cli("drift");
        assertEquals(0, drift.status(), drift.toString());
        assertFalse(drift.out().isBlank(), drift.toString());
        var driftJson = cli("drift", "-o", "json");
        assertEquals(0, driftJson.status(), driftJson.toString());
        assertNotNull(Json.parse(driftJson.out()));
        var alerts = cli("alerts", "--state", "open");
        assertEquals(0, alerts.status(), alerts.toString());
        var alertsJson = cli("alerts", "-o", "json");
        assertTrue(Json.object(alertsJson.out()).get("alerts") instanceof List<?>, alertsJson.toString());
    }

    @Test
    @Order(11)
    void pipelineRunFollowsToItsEnd() {
        var r = cli("pipeline", "run", "--follow", "--algorithm", "seasonal_naive", "--trials", "0", "--policy", "register", "--reason", "cli");
        assertTrue(r.status() == 0 || r.err().contains("failed"), r.toString());
        assertTrue(r.out().startsWith("run "), r.toString());
        assertTrue(r.out().contains("steps:"), "the run's steps at the end: " + r);
        var list = cli("pipeline", "list");
        assertEquals(0, list.status(), list.toString());
        assertTrue(list.out().contains("manual"), list.toString());
        String id = r.out().lines().findFirst().orElseThrow().split(" ")[1];
        var show = cli("pipeline", "show", id);
        assertEquals(0, show.status(), show.toString());
        assertTrue(show.out().contains(id), show.toString());
    }

    @Test
    @Order(12)
    void jobEventsStreamEveryProgressLineAndTheEnd() throws Exception {
        var submitted = server.post("/models/train", "{\"algorithm\": \"seasonal_naive\"}");
        assertEquals(202, submitted.status(), submitted.body());
        String id = (String) submitted.json().get("id");
        var client = HttpClient.newHttpClient();
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.app.port() + "/jobs/" + id + "/events"))
                .header("Authorization", "Bearer " + TestServer.ADMIN_KEY).timeout(Duration.ofMinutes(10)).build();
        var response = client.send(request, HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"), response.headers().toString());
        var events = new ArrayList<String>();
        var datas = new ArrayList<String>();
        try (var lines = response.body()) {
            lines.forEach(line -> {
                if (line.startsWith("event: ")) events.add(line.substring(7));
                if (line.startsWith("data: ")) datas.add(line.substring(6));
            });
        }
        assertEquals("end", events.get(events.size() - 1), events.toString());
        assertTrue(events.size() >= 2 && events.subList(0, events.size() - 1).stream().allMatch("progress"::equals), events.toString());
        var end = Json.object(datas.get(datas.size() - 1));
        assertEquals("succeeded", end.get("status"), end.toString());
        var job = server.get("/jobs/" + id).json();
        assertEquals(((List<?>) job.get("progress")).size(), events.size() - 1, "one event per progress line");

        var noKey = client.send(HttpRequest.newBuilder(request.uri()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, noKey.statusCode(), noKey.body());
        var unknown = server.get("/jobs/no-such-job/events");
        assertEquals(404, unknown.status(), unknown.body());
        assertEquals(405, server.post("/jobs/" + id + "/events", "{}").status());
    }

    @Test
    @Order(13)
    void urlOptionOverridesTheEnvironment() {
        var env2 = new HashMap<>(env);
        env2.put("FORECAST_URL", "http://127.0.0.1:1");
        var r = cli(env2, "", "models", "list", "--url", env.get("FORECAST_URL"));
        assertEquals(0, r.status(), r.toString());
    }
}
