package forecast.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.series.SeriesId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrainingRoutesTest {
    Fixture fixture;

    @BeforeEach
    void start() {
        fixture = new Fixture(true).checkedAgainstOpenApi();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    static String data(int rows) {
        return Fixture.rows(Instant.parse("2030-01-01T09:00:00Z"), rows, 0);
    }

    @Test
    void trainingWithWaitAnswersWithTheRegisteredVersionAndItsBacktestMetrics() {
        var r = fixture.http.post("/models/train", "{\"algorithm\": \"last_value\", \"data\": " + data(80) + ", \"name\": \"trained-1\", \"wait\": true}");
        assertEquals(200, r.status(), r.body());
        var job = r.json();
        assertEquals("succeeded", job.getString("status"));
        String version = job.getString("model_version");
        assertEquals("trained-1", job.getJsonObject("model").getString("label"));
        assertTrue(job.getJsonObject("model").getJsonObject("metrics").getInt("forecasts") > 0);
        assertTrue(!job.getJsonArray("progress").isEmpty());
        // the new version answers predictions by name at once
        var p = fixture.http.post("/predict", "{\"data\": " + data(10) + ", \"forecast_horizon\": 2, \"model_version\": \"trained-1\"}");
        assertEquals(200, p.status(), p.body());
        assertEquals(version, p.json().getString("model_version"));
        assertEquals(200, fixture.http.get("/jobs/" + job.getString("id")).status());
    }

    @Test
    void withoutWaitTheJobIsAcceptedAndCanBePolledUntilDone() throws InterruptedException {
        var r = fixture.http.post("/models/train", "{\"algorithm\": \"last_value\", \"data\": " + data(80) + ", \"deploy\": true}");
        assertEquals(202, r.status(), r.body());
        String id = r.json().getString("id");
        String status = "queued";
        for (int i = 0; i < 600 && !status.equals("succeeded") && !status.equals("failed"); i++) {
            Thread.sleep(50);
            status = fixture.http.get("/jobs/" + id).json().getString("status");
        }
        var job = fixture.http.get("/jobs/" + id).json();
        assertEquals("succeeded", status, job.toString());
        assertEquals(job.getString("model_version"), fixture.http.get("/models/default/versions").json().getString("live"), "deploy: true made it live");
        assertTrue(fixture.http.get("/jobs").json().getJsonArray("jobs").size() >= 1);
    }

    @Test
    void aJobThatEndsWithoutAVersionSaysWhyOnce() throws InterruptedException {
        var r = fixture.http.post("/models/train", "{\"algorithm\": \"last_value\", \"data\": " + data(4) + "}");
        assertEquals(202, r.status(), r.body());
        String id = r.json().getString("id");
        var job = fixture.http.get("/jobs/" + id);
        for (int i = 0; i < 600 && !job.json().getString("status").equals("failed"); i++) {
            Thread.sleep(50);
            job = fixture.http.get("/jobs/" + id);
        }
        assertEquals("failed", job.json().getString("status"), job.body());
        assertTrue(job.json().getString("error").startsWith("not enough history: 4 observations"), job.body());
        assertEquals(1, job.body().split("\"error\"", -1).length - 1, "one error member: " + job.body());
    }

    @Test
    void theStoredHistoryIsUsedWhenNoDataIsGiven() {
        fixture.observations.append(new SeriesId("meter-7"), Fixture.series(0));
        var r = fixture.http.post("/models/train", "{\"algorithm\": \"last_value\", \"series_id\": \"meter-7\", \"wait\": true}");
        assertEquals(200, r.status(), r.body());
        assertEquals("meter-7", r.json().getString("series_id"));
    }

    @Test
    void badTrainingRequestsAreProblemsNamingTheFieldAndRegisterNothing() {
        int before = fixture.registry.list().size();
        for (var c : List.of(
                new String[] {"{\"data\": " + data(80) + "}", "algorithm"},
                new String[] {"{\"algorithm\": \"prophet\", \"data\": " + data(80) + "}", "algorithm"},
                new String[] {"{\"algorithm\": \"last_value\", \"series_id\": \"nothing-stored\"}", "data"},
                new String[] {"{\"algorithm\": \"last_value\", \"data\": " + data(80) + ", \"hyperparameters\": [1]}", "hyperparameters"},
                new String[] {"{\"algorithm\": \"last_value\", \"data\": " + data(80) + ", \"name\": \"bad name!\"}", "name"},
                new String[] {"{\"algorithm\": \"last_value\", \"data\": " + data(80) + ", \"frequency\": \"hourly\"}", "frequency"},
                new String[] {"{\"algorithm\": \"last_value\", \"data\": " + data(80) + ", \"period\": 0}", "period"},
                new String[] {"{\"algorithm\": \"last_value\", \"data\": " + data(80) + ", \"wait\": \"yes\"}", "wait"},
                new String[] {"{\"algorithm\": \"last_value\", \"data\": " + data(4) + ", \"wait\": true}", "data"},
                new String[] {"{\"algorithm\": \"last_value\", \"data\": [[\"2030-01-01T00:00:00Z\", \"x\"]]}", "data[0][1]"})) {
            var r = fixture.http.post("/models/train", c[0]);
            assertTrue(r.status() >= 400 && r.status() < 500, c[0] + " -> " + r.status() + " " + r.body());
            assertTrue(r.isProblem(), r.body());
            assertTrue(r.body().contains("\"field\":\"" + c[1] + "\""), c[1] + ": " + r.body());
        }
        var taken = fixture.http.post("/models/train", "{\"algorithm\": \"last_value\", \"data\": " + data(80) + ", \"name\": \"v1.0\"}");
        assertEquals(409, taken.status(), taken.body());
        assertEquals(before, fixture.registry.list().size());
    }
}
