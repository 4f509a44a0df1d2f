package forecast.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.series.SeriesId;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /algorithms}, strict hyperparameters over HTTP, and a version's fitted details. */
class AlgorithmRoutesTest {
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
    void algorithmsListsEveryFamilyWithItsScopeHyperparametersAndSearchSpace() {
        var r = fixture.anonymous.get("/algorithms");
        assertEquals(200, r.status(), r.body());
        var algorithms = r.json().getJsonArray("algorithms");
        assertEquals(List.of("last_value", "moving_average", "seasonal_naive", "auto"),
                algorithms.stream().map(a -> a.asJsonObject().getString("name")).toList());
        var ma = algorithms.getJsonObject(1);
        assertEquals("local", ma.getString("scope"));
        var window = ma.getJsonArray("hyperparameters").getJsonObject(0);
        assertEquals("window", window.getString("name"));
        assertEquals("int", window.getString("type"));
        assertEquals("3", window.getString("default"));
        assertEquals(">= 1", window.getString("range"));
        assertFalse(window.getString("description").isBlank());
        assertEquals(List.of("window", "blend", "center"), List.copyOf(ma.getJsonObject("search_space").keySet()));
        assertEquals("int", ma.getJsonObject("search_space").getJsonObject("window").getString("type"));
        assertEquals(12, ma.getJsonObject("search_space").getJsonObject("window").getInt("high"));
        assertTrue(algorithms.getJsonObject(0).getJsonArray("hyperparameters").isEmpty(), "last_value accepts none");
        var auto = algorithms.getJsonObject(3);
        assertTrue(auto.getJsonArray("hyperparameters").stream().anyMatch(h -> h.asJsonObject().getString("name").equals("moving_average.window")),
                auto.toString());
        assertTrue(r.json().getString("search_space_for").contains("hourly"), r.body());
        assertEquals(405, fixture.http.post("/algorithms", "{}").status());
    }

    @Test
    void anUnknownHyperparameterIsA400NamingItAndListingTheAcceptedOnesAndStartsNoJob() {
        int versions = fixture.registry.list().size();
        int jobs = fixture.http.get("/jobs").json().getJsonArray("jobs").size();
        for (String wait : List.of("false", "true")) {
            var r = fixture.http.post("/models/train", "{\"algorithm\": \"moving_average\", \"data\": " + data(80)
                    + ", \"hyperparameters\": {\"max_depthh\": 3, \"window\": 4}, \"wait\": " + wait + "}");
            assertEquals(400, r.status(), r.body());
            assertTrue(r.isProblem());
            var errors = r.json().getJsonArray("errors");
            assertEquals(1, errors.size(), r.body());
            assertEquals("hyperparameters.max_depthh", errors.getJsonObject(0).getString("field"));
            assertEquals("unknown hyperparameter 'max_depthh' for moving_average; accepted: blend, center, window",
                    errors.getJsonObject(0).getString("message"));
        }
        var two = fixture.http.post("/models/train", "{\"algorithm\": \"last_value\", \"data\": " + data(80) + ", \"hyperparameters\": {\"b\": 1, \"a\": 2}}");
        assertEquals(400, two.status(), two.body());
        assertEquals(List.of("hyperparameters.a", "hyperparameters.b"),
                two.json().getJsonArray("errors").stream().map(e -> e.asJsonObject().getString("field")).toList());
        assertTrue(two.body().contains("it accepts none"), two.body());
        var period = fixture.http.post("/models/train", "{\"algorithm\": \"last_value\", \"data\": " + data(80) + ", \"period\": 24}");
        assertEquals(400, period.status(), period.body());
        assertEquals("period", period.json().getJsonArray("errors").getJsonObject(0).getString("field"), "the field the request gave");
        assertEquals(versions, fixture.registry.list().size(), "nothing registered");
        assertEquals(jobs, fixture.http.get("/jobs").json().getJsonArray("jobs").size(), "no job started");
    }

    @Test
    void aRetrainingRunWithAnUnknownHyperparameterIsRefusedNamingIt() {
        fixture.observations.append(new SeriesId("test"), Fixture.series(0));
        var r = fixture.http.post("/pipeline/run", "{\"hyperparameters\": {\"windoww\": 3}}");
        assertEquals(400, r.status(), r.body());
        var error = r.json().getJsonArray("errors").getJsonObject(0);
        assertEquals("hyperparameters.windoww", error.getString("field"));
        assertTrue(error.getString("message").startsWith("unknown hyperparameter 'windoww' for last_value"), r.body());
        assertTrue(fixture.http.get("/pipeline/runs").json().getJsonArray("runs").isEmpty());
    }

    @Test
    void aTuningStudyWithAnUnknownFixedSettingOrSearchSpaceEntryIsRefusedNamingIt() {
        var fixed = fixture.http.post("/tuning/studies", "{\"name\": \"typo\", \"algorithm\": \"moving_average\", \"n_trials\": 2, \"data\": " + data(200)
                + ", \"hyperparameters\": {\"windoww\": 3}}");
        assertTrue(fixed.status() >= 400 && fixed.status() < 500, fixed.body());
        assertEquals("hyperparameters.windoww", fixed.json().getJsonArray("errors").getJsonObject(0).getString("field"));
        var searched = fixture.http.post("/tuning/studies", "{\"name\": \"typo\", \"algorithm\": \"moving_average\", \"n_trials\": 2, \"data\": " + data(200)
                + ", \"search_space\": {\"windoww\": {\"type\": \"int\", \"low\": 1, \"high\": 5}}}");
        assertTrue(searched.status() >= 400 && searched.status() < 500, searched.body());
        assertEquals("search_space.windoww", searched.json().getJsonArray("errors").getJsonObject(0).getString("field"));
        assertEquals(404, fixture.http.get("/tuning/studies/typo").status(), "no study was created");
    }

    @Test
    void oneVersionShowsWhatItsModelFittedAndListsDoNot() {
        var trained = fixture.http.post("/models/train", "{\"algorithm\": \"moving_average\", \"data\": " + data(80)
                + ", \"hyperparameters\": {\"window\": 5, \"center\": \"median\"}, \"name\": \"ma-5\", \"wait\": true}");
        assertEquals(200, trained.status(), trained.body());
        assertFalse(trained.json().getJsonObject("model").containsKey("fitted"), "a job shows the version as lists do");
        JsonObject version = fixture.http.get("/models/ma-5").json();
        assertEquals("{\"window\":\"5\",\"center\":\"median\"}", version.getJsonObject("fitted").toString(), "in the model's order");
        assertTrue(fixture.http.get("/models/v1.0").json().getJsonObject("fitted").isEmpty(), "a model with nothing to tell");
        for (var v : fixture.http.get("/models").json().getJsonArray("models")) assertFalse(v.asJsonObject().containsKey("fitted"));
        var unloaded = fixture.http.get("/models/with-features");
        assertTrue(unloaded.json().getJsonObject("fitted").isEmpty(), unloaded.body());
        assertTrue(fixture.models.loaded().stream().noneMatch(m -> m.version().id().equals(fixture.withFeatures.id())),
                "read from its artifact, not loaded for serving by being looked at");

        fixture.registry.corrupt(fixture.v2.id());
        var corrupt = fixture.http.get("/models/" + fixture.v2.id());
        assertEquals(200, corrupt.status(), corrupt.body());
        assertTrue(corrupt.json().isNull("fitted"), "a model that cannot be read is still listed: " + corrupt.body());
    }
}
