package forecast.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ObserveTest {
    static Fixture fixture;

    @BeforeAll
    static void start() {
        fixture = new Fixture(true);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void prometheusTextCountsAndTimesRequestsByRouteVersionAndStatus() {
        String good = "{\"data\": " + Fixture.rows(Instant.parse("2030-01-01T09:00:00Z"), 10, 0) + ", \"forecast_horizon\": 4}";
        assertEquals(200, fixture.http.post("/predict", good).status());
        assertEquals(404, fixture.http.post("/predict", good.replace("}", ", \"model_version\": \"zzz\"}")).status());
        assertEquals(400, fixture.http.post("/predict", "{").status());

        var r = fixture.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fixture.server.port() + "/observe/metrics"))
                .header("Accept", "text/plain").GET());
        assertEquals(200, r.status(), r.body());
        String text = r.body();
        String v1 = fixture.v1.id();
        assertTrue(hasLine(text, "forecast_http_requests_total{", "route=\"/predict\"", "model_version=\"" + v1 + "\"", "status=\"200\""), text);
        assertTrue(hasLine(text, "forecast_http_requests_total{", "route=\"/predict\"", "model_version=\"none\"", "status=\"404\""), text);
        assertTrue(hasLine(text, "forecast_http_requests_total{", "route=\"/predict\"", "status=\"400\""), text);
        assertTrue(hasLine(text, "forecast_http_request_duration_seconds_bucket{", "route=\"/predict\"", "le=\""), text);
        assertTrue(hasLine(text, "forecast_http_request_duration_seconds_count{", "route=\"/predict\""), text);
        assertTrue(text.lines().noneMatch(l -> l.contains("quantile=")), "histograms only: p50/p99 come from histogram_quantile over the buckets");
        assertTrue(hasLine(text, "forecast_predictions_total{", "model_version=\"" + v1 + "\""), text);
        assertTrue(hasLine(text, "forecast_prediction_steps_total{", "model_version=\"" + v1 + "\""), text);
        assertTrue(hasLine(text, "forecast_prediction_duration_seconds_bucket{", "model_version=\"" + v1 + "\""), text);
        assertTrue(hasLine(text, "forecast_predictions_refused_total{", "reason=\"unknown_version\"", "model_version=\"\""), text);
        assertTrue(hasLine(text, "forecast_predictions_refused_total{", "reason=\"invalid_input\""), text);
        assertTrue(hasLine(text, "forecast_training_duration_seconds_count{", "algorithm=\"last_value\"", "outcome=\"succeeded\""), text);
        assertTrue(hasLine(text, "forecast_live_model{", "model_version=\"" + v1 + "\"", "} 1"), text);
    }

    @Test
    void healthIsUpWithTheLiveModel() {
        var r = fixture.http.get("/observe/health");
        assertEquals(200, r.status(), r.body());
        var json = r.json();
        assertEquals("UP", json.getString("status"));
        assertTrue(r.body().contains(fixture.v1.id()), r.body());
    }

    @Test
    void unknownPathsAndMethodsAreProblems() {
        var missing = fixture.http.get("/nowhere");
        assertEquals(404, missing.status(), missing.body());
        assertTrue(missing.isProblem());
        var wrongMethod = fixture.http.get("/predict");
        assertEquals(405, wrongMethod.status(), wrongMethod.body());
        assertTrue(wrongMethod.isProblem());
        assertEquals(405, fixture.http.get("/models/deploy").status());
    }

    static boolean hasLine(String text, String... parts) {
        return text.lines().anyMatch(line -> {
            for (String p : parts) if (!line.contains(p)) return false;
            return true;
        });
    }

    /**
     * Every metric family the exposition has, as Prometheus names it, with its type: the README's
     * catalogue. Each timer also shows its largest recent value as a {@code _max} gauge, and Helidon
     * adds {@code requests_count_total}.
     */
    static final Map<String, String> FAMILIES = Map.ofEntries(
            Map.entry("requests_count_total", "counter"),
            Map.entry("forecast_http_requests_total", "counter"),
            Map.entry("forecast_http_request_duration_seconds", "histogram"),
            Map.entry("forecast_http_request_duration_seconds_max", "gauge"),
            Map.entry("forecast_predictions_total", "counter"),
            Map.entry("forecast_prediction_steps_total", "counter"),
            Map.entry("forecast_prediction_duration_seconds", "histogram"),
            Map.entry("forecast_prediction_duration_seconds_max", "gauge"),
            Map.entry("forecast_predictions_refused_total", "counter"),
            Map.entry("forecast_training_duration_seconds", "histogram"),
            Map.entry("forecast_training_duration_seconds_max", "gauge"),
            Map.entry("forecast_tuning_duration_seconds", "histogram"),
            Map.entry("forecast_tuning_duration_seconds_max", "gauge"),
            Map.entry("forecast_live_version_changes_total", "counter"),
            Map.entry("forecast_live_model", "gauge"),
            Map.entry("forecast_models_loaded", "gauge"),
            Map.entry("forecast_recording_written_total", "counter"),
            Map.entry("forecast_recording_buffer", "gauge"),
            Map.entry("forecast_recording_overflows_total", "counter"),
            Map.entry("forecast_recording_write_failures_total", "counter"),
            Map.entry("forecast_experiment_assignments_total", "counter"),
            Map.entry("forecast_live_mape", "gauge"),
            Map.entry("forecast_live_mase", "gauge"),
            Map.entry("forecast_live_interval_coverage", "gauge"),
            Map.entry("forecast_live_nominal_coverage", "gauge"),
            Map.entry("forecast_live_scored_points", "gauge"),
            Map.entry("forecast_drift_score", "gauge"),
            Map.entry("forecast_drift_detected", "gauge"),
            Map.entry("forecast_alerts_open", "gauge"),
            Map.entry("forecast_alerts_raised_total", "counter"),
            Map.entry("forecast_alert_deliveries_total", "counter"),
            Map.entry("forecast_pipeline_runs_total", "counter"),
            Map.entry("forecast_pipeline_run_duration_seconds", "histogram"),
            Map.entry("forecast_pipeline_run_duration_seconds_max", "gauge"),
            Map.entry("forecast_serving_queue", "gauge"),
            Map.entry("forecast_serving_queue_wait_seconds", "histogram"),
            Map.entry("forecast_serving_queue_wait_seconds_max", "gauge"));

    /** Drives every kind of telemetry once, so that each metric family has at least one series. */
    static void exerciseEveryMetric() {
        fixture.http.post("/predict", "{\"data\": " + Fixture.rows(Instant.parse("2030-01-01T09:00:00Z"), 10, 0) + ", \"forecast_horizon\": 4}");
        fixture.http.post("/predict", "{");
        var t = WebAdapters.telemetry();
        t.predictionRefused("insufficient_history", fixture.v1.id());
        t.recordingWritten(3, 1);
        t.recordingOverflow("block");
        t.recordingFailed();
        t.experimentAssigned("observe_test", fixture.v1.id());
        t.tuningFinished("last_value", true, 2_000_000_000L);
        t.liveAccuracy(fixture.v1.id(), 4.2, 0.8, 0.93, 0.95, 120);
        t.liveAccuracy("observe-test-nan", Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
        t.driftScored("ks", "observe-test", 0.31, true);
        t.alertChanged("input_drift", true);
        t.alertChanged("input_drift", false);
        t.alertDelivered(true);
        t.alertDelivered(false);
        t.pipelineRunFinished("deployed", 95_000_000_000L);
        t.pipelineRunFinished("failed", 3_000_000_000L);
    }

    static String exposition() {
        var r = fixture.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fixture.server.port() + "/observe/metrics"))
                .header("Accept", "text/plain").GET());
        assertEquals(200, r.status(), r.body());
        return r.body();
    }

    @Test
    void everyMetricFamilyIsExposedWithItsType() {
        exerciseEveryMetric();
        String text = exposition();
        var types = new TreeMap<String, String>();
        text.lines().filter(l -> l.startsWith("# TYPE ")).map(l -> l.split(" ")).forEach(p -> types.put(p[2], p[3]));
        assertEquals(new TreeMap<>(FAMILIES), types, "the catalogue (and the README's table) must list every family the exposition has");
        assertTrue(hasLine(text, "forecast_predictions_refused_total{", "reason=\"invalid_input\"", "model_version=\"\""), text);
        assertTrue(hasLine(text, "forecast_predictions_refused_total{", "reason=\"insufficient_history\"", "model_version=\"" + fixture.v1.id() + "\""), text);
        assertTrue(hasLine(text, "forecast_live_mape{", "model_version=\"" + fixture.v1.id() + "\"", "} 4.2"), text);
        assertTrue(hasLine(text, "forecast_live_mape{", "model_version=\"observe-test-nan\"", "} NaN"), text);
        assertTrue(hasLine(text, "forecast_live_scored_points{", "model_version=\"" + fixture.v1.id() + "\"", "} 120"), text);
        assertTrue(hasLine(text, "forecast_drift_detected{", "detector=\"ks\"", "series=\"observe-test\"", "} 1"), text);
        assertTrue(hasLine(text, "forecast_drift_score{", "detector=\"ks\"", "series=\"observe-test\"", "} 0.31"), text);
        for (var kind : forecast.domain.monitoring.Alert.Kind.values())
            assertTrue(hasLine(text, "forecast_alerts_open{", "kind=\"" + forecast.domain.monitoring.Alert.name(kind) + "\""), kind + ": " + text);
        assertTrue(hasLine(text, "forecast_alert_deliveries_total{", "outcome=\"failed\""), text);
        assertTrue(hasLine(text, "forecast_pipeline_run_duration_seconds_bucket{", "outcome=\"deployed\"", "le=\""), text);
        assertTrue(hasLine(text, "forecast_tuning_duration_seconds_count{", "algorithm=\"last_value\"", "outcome=\"succeeded\""), text);
        assertTrue(hasLine(text, "forecast_models_loaded{", "} " + fixture.models.loaded().size() + ".0"), "the versions the fixture has in memory: " + text);
    }

    @Test
    void theReadmeCataloguesEveryMetricFamily() throws Exception {
        var readme = Path.of("..", "README.md");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(readme), "no README.md beside the module");
        String text = Files.readString(readme);
        int at = text.indexOf("\n## Metrics");
        assertTrue(at >= 0, "README.md has a ## Metrics section");
        int end = text.indexOf("\n## ", at + 1);
        String section = end < 0 ? text.substring(at) : text.substring(at, end);
        var listed = new TreeMap<String, String>();
        section.lines().filter(l -> l.startsWith("| `")).forEach(l -> {
            var cells = l.split("\\|");
            listed.put(cells[1].strip().replace("`", ""), cells[2].strip());
        });
        assertEquals(new TreeMap<>(FAMILIES), listed, "README.md's ## Metrics table: | `name` | type | labels | meaning |");
    }

    /**
     * The exposition passes Prometheus's own checker. Where promtool is not installed (Debian package
     * prometheus) it is skipped, except under CI=true, where .ci/run installs it: there a missing
     * promtool fails.
     */
    @Test
    void theExpositionPassesPromtool() throws Exception {
        var promtool = java.nio.file.Path.of("/usr/bin/promtool");
        if ("true".equals(System.getenv("CI"))) assertTrue(java.nio.file.Files.isExecutable(promtool), "CI=true: promtool must be installed (.ci/run installs it)");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(promtool), "promtool is not installed");
        exerciseEveryMetric();
        String text = exposition();
        for (String family : FAMILIES.keySet()) assertTrue(text.contains("\n" + family), family + " is in what promtool checks");
        var process = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (var in = process.getOutputStream()) {
            in.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String said = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), said);
    }
}
