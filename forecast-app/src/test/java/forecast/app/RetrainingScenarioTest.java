package forecast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.adapters.web.AdminKeys;
import forecast.adapters.web.WebSettings;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.monitoring.MonitoringSettings;
import forecast.domain.pipeline.PipelineSettings;
import forecast.domain.tuning.IntDistribution;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop closed on the real service, as the scenario: an hourly series is stored and a
 * champion trained on it (an ARIMA(2,0,0) around the series' mean, which cannot follow a change of
 * level); a week of actuals from the same process changes nothing; a failed training leaves the
 * champion live; then actuals whose level has shifted raise an input-drift alert, the alert
 * starts the pipeline, the retrained XGBoost candidate beats the champion on the same backtest
 * folds, a canary takes a fifth of the traffic, wins on the actuals and is promoted. Every step is
 * checked through the API, SQL and the Prometheus exposition.
 */
class RetrainingScenarioTest {
    static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    static final int WEEK = 168;
    static final int TRAINED = 6 * WEEK;
    /**
     * After the shift the level also keeps rising a little (per hour), as demand does after a plant
     * expands: a seasonal-naive forecast then lags a week behind, so the retrained model beats the
     * baseline by a clear margin, not by the luck of its tuning trials.
     */
    static final double RAMP = 0.03;

    @TempDir
    static Path data;
    static TestServer server;

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    /** Hour {@code i} of the plant's load: a daily and a weekly cycle around {@code level}, with noise fixed per hour. */
    static double load(int i, double level) {
        return level + 20 * Math.sin(2 * Math.PI * i / 24) + 6 * Math.sin(2 * Math.PI * i / WEEK) + 2 * new Random(i * 7919L).nextGaussian();
    }

    /** Hours {@code from} to {@code to} (exclusive) as {@code [timestamp, value]} rows, the level {@code shifted} (and rising) from hour {@code shiftAt}. */
    static String rows(int from, int to, int shiftAt, double shifted) {
        var out = new StringBuilder("[");
        for (int i = from; i < to; i++) {
            if (i > from) out.append(',');
            out.append("[\"").append(START.plusSeconds(3600L * i)).append("\",")
                    .append(String.format(Locale.ROOT, "%.3f", load(i, i >= shiftAt ? shifted + RAMP * (i - shiftAt) : 100))).append(']');
        }
        return out.append(']').toString();
    }

    static ForecastConfig config() {
        Path home = Path.of("").toAbsolutePath().getParent();
        var web = new WebSettings("127.0.0.1", 0, 100, 10_000, 100_000, 10 * 1024 * 1024, AdminKeys.of(AdminKeys.hash(TestServer.ADMIN_KEY)));
        var monitoring = new MonitoringSettings(MonitoringSettings.Recording.IDENTIFIED, 0, 4, 1, 500, 30, 0.5, 0.10, 0.1, 25, Duration.ofMillis(200));
        var pipeline = new PipelineSettings(null, "xgboost", new Hyperparameters(TestServer.FAST),
                Map.of("rounds", new IntDistribution(20, 80, false, 1), "max_depth", new IntDistribution(2, 6, false, 1)), 2, Duration.ofMinutes(5),
                PipelineSettings.Policy.CANARY, 0.05, null, Set.of("input_drift"), new PipelineSettings.Canary(0.2, 15, 0.0002),
                new PipelineSettings.Rollback(true, 1.0, 100));
        return new ForecastConfig(home, data, web, null).withWatching(ForecastConfig.Watching.defaults().withMonitoring(monitoring).withPipeline(pipeline));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> runs() {
        var r = server.get("/pipeline/runs");
        assertEquals(200, r.status(), r.body());
        return (List<Map<String, Object>>) r.json().get("runs");
    }

    static Map<String, Object> waitForRun(String id, Predicate<Map<String, Object>> done) throws InterruptedException {
        Map<String, Object> run = null;
        for (int i = 0; i < 1500; i++) { // generous: CI machines are slow and shared
            run = server.get("/pipeline/runs/" + id).json();
            if (done.test(run)) return run;
            Thread.sleep(200);
        }
        throw new AssertionError("run " + id + " did not get there: " + run);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> detector(String name) {
        var drift = server.get("/drift");
        assertEquals(200, drift.status(), drift.body());
        return ((List<Map<String, Object>>) drift.json().get("detectors")).stream().filter(d -> name.equals(d.get("detector"))).findFirst()
                .orElseThrow(() -> new AssertionError("no detector " + name + " in " + drift.body()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLevelShiftIsDetectedRetrainedCanariedAndPromotedAndNothingHappensWithoutOne() throws Exception {
        server = TestServer.start(config(), new PrintStream(PrintStream.nullOutputStream()));

        // the plant's history, stored by sending it as actuals, and the champion trained on it
        var stored = server.post("/actuals", "{\"series_id\": \"plant\", \"data\": " + rows(0, TRAINED, Integer.MAX_VALUE, 100) + "}");
        assertEquals(200, stored.status(), stored.body());
        assertEquals(TRAINED, ((Number) stored.json().get("appended_to_history")).intValue());
        var trained = server.post("/models/train", "{\"algorithm\": \"arima\", \"series_id\": \"plant\", \"name\": \"champion\", \"wait\": true, \"deploy\": true,"
                + " \"hyperparameters\": {\"p\": 2, \"d\": 0, \"q\": 0, \"P\": 0, \"D\": 0, \"Q\": 0, \"include_mean\": \"true\"}}");
        assertEquals(200, trained.status(), trained.body());
        String champion = (String) ((Map<String, Object>) trained.json().get("model")).get("id");

        // settings the candidate's family refuses are bad input: 400 naming the field, nothing started
        var refused = server.post("/pipeline/run", "{\"reason\": \"bad settings\", \"hyperparameters\": {\"max_depth\": 99}}");
        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.body().contains("\"hyperparameters\"") && refused.body().contains("max_depth"), refused.body());
        assertTrue(runs().isEmpty());

        // a run that fails (too little history of another series) leaves the champion live, records why, and opens an alert
        assertEquals(200, server.post("/actuals", "{\"series_id\": \"pilot\", \"data\": " + rows(0, 12, Integer.MAX_VALUE, 100) + "}").status());
        var failing = server.post("/pipeline/run", "{\"reason\": \"pilot plant\", \"series_id\": \"pilot\", \"n_trials\": 0}");
        assertEquals(202, failing.status(), failing.body());
        var failed = waitForRun((String) failing.json().get("id"), r -> !"running".equals(r.get("state")));
        assertEquals("failed", failed.get("state"), failed.toString());
        var failedStep = ((List<Map<String, Object>>) failed.get("steps")).stream().filter(s -> "failed".equals(s.get("state"))).findFirst().orElseThrow();
        assertEquals("validate", failedStep.get("name"));
        assertTrue(((String) failedStep.get("detail")).contains("12 observations"), failedStep.toString());
        assertTrue(((String) failed.get("detail")).contains(champion + " kept serving"), failed.toString());
        assertEquals(champion, server.get("/models/deployments").json().get("live"));
        var pipelineAlerts = (List<Map<String, Object>>) server.get("/alerts?state=open").json().get("alerts");
        assertTrue(pipelineAlerts.stream().anyMatch(a -> "pipeline".equals(a.get("kind"))), pipelineAlerts.toString());

        // a week of actuals from the same process: no drift, nothing retrained
        var calm = server.post("/actuals", "{\"series_id\": \"plant\", \"data\": " + rows(TRAINED, TRAINED + WEEK, Integer.MAX_VALUE, 100) + "}");
        assertEquals(200, calm.status(), calm.body());
        assertEquals("ok", detector("ks").get("state"), detector("ks").toString());
        assertEquals("ok", detector("psi").get("state"), detector("psi").toString());
        assertEquals(1, runs().size(), "only the failed run: no drift, no retraining");
        assertTrue(((List<Map<String, Object>>) server.get("/alerts?state=open").json().get("alerts")).stream()
                .noneMatch(a -> "input_drift".equals(a.get("kind"))));

        // three weeks at a level half as high again: drift, an alert, a run
        int shiftAt = TRAINED + WEEK;
        var shifted = server.post("/actuals", "{\"series_id\": \"plant\", \"data\": " + rows(shiftAt, shiftAt + 3 * WEEK, shiftAt, 150) + "}");
        assertEquals(200, shifted.status(), shifted.body());
        var ks = detector("ks");
        assertEquals("drift", ks.get("state"), ks.toString());
        assertEquals(WEEK, ((Number) ks.get("recent_size")).intValue());
        var alerts = (List<Map<String, Object>>) server.get("/alerts?state=open").json().get("alerts");
        assertTrue(alerts.stream().anyMatch(a -> "input_drift:ks:plant".equals(a.get("key"))), alerts.toString());
        var run = runs().stream().filter(r -> "alert".equals(r.get("trigger"))).findFirst().orElseThrow(() -> new AssertionError(runs().toString()));
        String id = (String) run.get("id");

        // the candidate beats the champion on the same folds and a canary starts
        run = waitForRun(id, r -> r.get("experiment") != null || !"running".equals(r.get("state")));
        assertEquals("canary_started", run.get("outcome"), run.toString());
        var contenders = (List<Map<String, Object>>) run.get("contenders");
        double candidateMase = contenders.stream().filter(c -> "candidate".equals(c.get("role"))).mapToDouble(c -> ((Number) c.get("mase")).doubleValue()).findFirst().orElseThrow();
        double liveMase = contenders.stream().filter(c -> "live".equals(c.get("role"))).mapToDouble(c -> ((Number) c.get("mase")).doubleValue()).findFirst().orElseThrow();
        assertTrue(candidateMase < 0.95 * liveMase, "candidate " + candidateMase + " against live " + liveMase);
        String candidate = (String) run.get("candidate_version");
        var steps = ((List<Map<String, Object>>) run.get("steps")).stream().map(s -> s.get("name")).toList();
        assertEquals(List.of("history", "validate", "tune", "train", "backtest", "register", "decide", "canary"), steps);
        // the run's small budget is tuned by the default sampler, whose Gaussian process proposes while a study is small
        var study = server.get("/tuning/studies/pipeline-" + id);
        assertEquals(200, study.status(), study.body());
        assertEquals("auto", study.json().get("sampler"));

        // live traffic and its actuals decide the canary: each unit forecasts from another hour of the shifted weeks
        int first = shiftAt + WEEK;
        var arms = new ArrayList<String>();
        for (int u = 0; u < 150; u++) {
            String history = rows(first + u - 2 * WEEK, first + u, shiftAt, 150);
            var p = server.post("/predict", "{\"data\": " + history + ", \"forecast_horizon\": 24, \"series_id\": \"plant\", \"unit_id\": \"u" + u + "\"}");
            assertEquals(200, p.status(), p.body());
            arms.add((String) p.json().get("model_version"));
        }
        assertTrue(arms.contains(candidate) && arms.contains(champion), "both arms take traffic");
        var scored = server.post("/actuals", "{\"series_id\": \"plant\", \"data\": " + rows(first, first + 150 + 24, shiftAt, 150) + "}");
        assertEquals(150 * 24, ((Number) scored.json().get("scored_points")).intValue(), scored.body());
        run = waitForRun(id, r -> !"running".equals(r.get("state")));
        assertEquals("canary_promoted", run.get("outcome"), run.toString());
        for (var step : (List<Map<String, Object>>) run.get("steps")) // the run as recorded, for the test log
            System.out.printf(Locale.ROOT, "%s %-9s %-9s %6s ms  %s%n", id, step.get("name"), step.get("state"), step.get("duration_ms"), step.get("detail"));
        assertEquals(candidate, server.get("/models/deployments").json().get("live"));

        // the record, in SQL
        try (var c = DriverManager.getConnection(server.app.jdbcUrl(), "sa", "");
             var s = c.prepareStatement("SELECT name, state FROM pipeline_step WHERE run_id = ? ORDER BY position")) {
            s.setString(1, id);
            var names = new ArrayList<String>();
            try (var rs = s.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                    assertEquals("SUCCEEDED", rs.getString(2));
                }
            }
            assertEquals(steps, names);
        }
        // and in the metrics
        var metrics = server.get("/observe/metrics").body();
        for (String name : List.of("forecast_drift_score", "forecast_alerts_open", "forecast_pipeline_runs_total", "forecast_live_mape"))
            assertTrue(metrics.contains(name), name + " in the exposition");
        var promtool = Path.of("/usr/bin/promtool");
        if (java.nio.file.Files.isExecutable(promtool)) { // .ci/run installs it; the whole service's exposition, every meter in use
            var process = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
            try (var in = process.getOutputStream()) {
                in.write(metrics.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            String said = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(0, process.waitFor(), "promtool check metrics: " + said);
        }
    }
}
