package forecast.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.series.SeriesId;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Training one version over many stored series through the API ({@code series},
 * {@code series_prefix}, a long CSV), forecasting them by id without data, and the problems of
 * wrong requests, each of which stores and registers nothing.
 */
class PortfolioRoutesTest {
    static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
    static final int ROWS = 80;
    Fixture fixture;

    @BeforeEach
    void start() {
        fixture = new Fixture(true).checkedAgainstOpenApi();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** Meters {@code 1..meters}, {@link #ROWS} hourly rows each, meter m at level 10 m, as a long CSV. */
    static String longCsv(int meters) {
        var csv = new StringBuilder("series_id,timestamp,value\n");
        for (int m = 1; m <= meters; m++)
            for (int i = 0; i < ROWS; i++) csv.append("meter-").append(m).append(',').append(START.plus(Duration.ofHours(i))).append(',').append(10 * m + i % 5).append('\n');
        return csv.toString();
    }

    Http.Response postCsv(String path, String csv) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fixture.server.port() + path))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(csv, StandardCharsets.UTF_8));
        return fixture.http.send(request);
    }

    static void assertProblem(Http.Response r, int status, String field) {
        assertEquals(status, r.status(), r.body());
        assertTrue(r.isProblem(), r.contentType());
        assertTrue(r.body().contains("\"field\":\"" + field + "\""), field + " in " + r.body());
    }

    @Test
    void aLongCsvIsStoredAndTrainedAsOneVersionWhoseSeriesAreForecastById() {
        var r = postCsv("/models/meters/train?algorithm=last_value&name=meters-1&wait=true&deploy=true", longCsv(3));
        assertEquals(200, r.status(), r.body());
        var version = r.json().getJsonObject("model");
        assertEquals("meters", version.getString("model"));
        assertEquals(3, version.getJsonObject("portfolio").getInt("series"));
        assertEquals("3 series", r.json().getString("series_id"));
        for (int m = 1; m <= 3; m++) assertTrue(fixture.observations.summary(new SeriesId("meter-" + m)).isPresent());

        var forecast = fixture.http.post("/predict", "{\"model\": \"meters\", \"series_id\": \"meter-2\", \"forecast_horizon\": 4}");
        assertEquals(200, forecast.status(), forecast.body());
        assertEquals(version.getString("id"), forecast.json().getString("model_version"));
        // the last value model repeats meter-2's last stored value, (79 mod 5) above its level of 20
        assertEquals(24.0, forecast.json().getJsonArray("predictions").getJsonNumber(0).doubleValue(), 1e-9);
        assertEquals(START.plus(Duration.ofHours(ROWS)).toString(), forecast.json().getJsonArray("timestamps").getString(0));

        var uncovered = fixture.http.post("/predict", "{\"model\": \"meters\", \"series_id\": \"meter-9\", \"forecast_horizon\": 4}");
        assertProblem(uncovered, 404, "series_id");
        var defaultModel = fixture.http.post("/predict", "{\"data\": " + Fixture.rows(Fixture.TRAINING_END, 48, 0) + ", \"forecast_horizon\": 2}");
        assertEquals(fixture.v1.id(), defaultModel.json().getString("model_version"), "the default model's live version is untouched");
    }

    @Test
    void seriesByIdOrByPrefixAreTrainedTogether() {
        assertEquals(201, postCsv("/series", longCsv(4)).status());
        var named = fixture.http.post("/models/meters/train", "{\"algorithm\": \"last_value\", \"series\": [\"meter-1\", \"meter-3\"], \"wait\": true}");
        assertEquals(200, named.status(), named.body());
        assertEquals(2, named.json().getJsonObject("model").getJsonObject("portfolio").getInt("series"));
        var prefixed = fixture.http.post("/models/meters/train", "{\"algorithm\": \"last_value\", \"series_prefix\": \"meter-\", \"wait\": true}");
        assertEquals(200, prefixed.status(), prefixed.body());
        String id = prefixed.json().getString("model_version");
        var full = fixture.http.get("/models/meters/versions/" + id).json();
        assertEquals(4, full.getJsonArray("series_metrics").size());
        assertEquals("meter-1", full.getJsonArray("series_metrics").getJsonObject(0).getString("series_id"));
        var models = fixture.http.get("/models").json().getJsonArray("models");
        var meters = models.stream().map(v -> v.asJsonObject()).filter(m -> m.getString("name").equals("meters")).findFirst().orElseThrow();
        assertEquals(2, meters.getInt("versions"));
    }

    @Test
    void wrongTrainingsOverManySeriesAreProblemsThatStoreAndRegisterNothing() {
        assertEquals(201, postCsv("/series", longCsv(2)).status());
        int versions = fixture.registry.list().size();
        for (var c : List.of(
                new String[] {"{\"algorithm\": \"last_value\", \"series\": []}", "series"},
                new String[] {"{\"algorithm\": \"last_value\", \"series\": [\"meter-1\", \"meter-1\"]}", "series"},
                new String[] {"{\"algorithm\": \"last_value\", \"series\": [\"meter-1\"], \"series_prefix\": \"meter-\"}", "series_prefix"},
                new String[] {"{\"algorithm\": \"last_value\", \"series\": [\"meter-1\"], \"data\": [[\"2030-01-01\", 1]]}", "data"},
                new String[] {"{\"algorithm\": \"last_value\", \"series_prefix\": \"shop-\"}", "series_prefix"},
                new String[] {"{\"algorithm\": \"last_value\", \"series\": [\"meter-1\", \"meter-9\"]}", "series"},
                new String[] {"{\"algorithm\": \"last_value\", \"series\": [\"meter-1\"], \"hyperparameters\": {\"depth\": 3}}", "hyperparameters.depth"},
                new String[] {"{\"algorithm\": \"last_value\", \"series\": [\"meter-1\"], \"serie_prefix\": \"x\"}", "serie_prefix"})) {
            var r = fixture.http.post("/models/meters/train", c[0]);
            assertTrue(r.status() >= 400 && r.status() < 500, c[0] + " -> " + r.status() + " " + r.body());
            assertTrue(r.body().contains("\"field\":\"" + c[1] + "\""), c[1] + ": " + r.body());
        }
        for (var c : List.of(
                new String[] {"/models/meters/train?algorithm=prophet", "algorithm"},
                new String[] {"/models/meters/train", "algorithm"},
                new String[] {"/models/meters/train?algorithm=last_value&hyperparameters.depth=3", "hyperparameters.depth"},
                new String[] {"/models/meters/train?algorithm=last_value&waiting=true", "waiting"},
                new String[] {"/models/meters/train?algorithm=last_value&wait=soon", "wait"},
                new String[] {"/models/meters/train?algorithm=last_value&period=0", "period"},
                new String[] {"/models/meters/train?algorithm=last_value&frequency=hourly", "frequency"})) {
            var r = postCsv(c[0], longCsv(3));
            assertProblem(r, 400, c[1]);
        }
        assertTrue(fixture.observations.summary(new SeriesId("meter-3")).isEmpty(), "a refused CSV training stores nothing");
        var wide = postCsv("/models/meters/train?algorithm=last_value", "timestamp,value\n2030-01-01T00:00:00Z,1\n");
        assertProblem(wide, 400, "line 1");
        var changed = postCsv("/models/meters/train?algorithm=last_value", "series_id,timestamp,value\nmeter-1,2030-01-01T00:00:00Z,99\n");
        assertProblem(changed, 409, "line 2, column value");
        assertEquals(versions, fixture.registry.list().size());
    }
}
