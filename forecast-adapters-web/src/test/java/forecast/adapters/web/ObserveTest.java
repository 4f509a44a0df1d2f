package forecast.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
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
        assertTrue(hasLine(text, "forecast_predictions_refused_total{", "reason=\"unknown_version\""), text);
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

    /** The exposition passes Prometheus's own checker; skipped where promtool is not installed (Debian package prometheus). */
    @Test
    void theExpositionPassesPromtool() throws Exception {
        var promtool = java.nio.file.Path.of("/usr/bin/promtool");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(promtool), "promtool is not installed");
        fixture.http.post("/predict", "{\"data\": " + Fixture.rows(Instant.parse("2030-01-01T09:00:00Z"), 10, 0) + ", \"forecast_horizon\": 4}");
        fixture.http.post("/predict", "{");
        String text = fixture.http.get("/observe/metrics").body();
        var process = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (var in = process.getOutputStream()) {
            in.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String said = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), said);
    }
}
