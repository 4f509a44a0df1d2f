package forecast.adapters.web;

import static forecast.adapters.web.PredictTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.series.SeriesId;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Tuning a forecaster over HTTP: as a study of its own, and before training a version. */
class ForecasterTuningTest {
    static final String DATA = Fixture.rows(Instant.parse("2030-01-01T09:00:00Z"), 120, 0);
    static Fixture fixture;

    @BeforeAll
    static void start() {
        fixture = new Fixture(false).checkedAgainstOpenApi();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static Http.Response tune(String body) {
        return fixture.http.post("/tuning/studies", body);
    }

    @Test
    void aTuningJobWithWaitAnswersOnceDoneAndItsTrialsShowTheirFolds() {
        var r = tune("{\"name\": \"ma-1\", \"algorithm\": \"moving_average\", \"data\": " + DATA
                + ", \"n_trials\": 6, \"seed\": 3, \"sampler\": \"random\", \"pruner\": \"none\", \"wait\": true}");
        assertEquals(200, r.status(), r.body());
        var job = r.json();
        assertEquals("succeeded", job.getString("status"), r.body());
        assertEquals("/tuning/studies/ma-1", job.getString("href"));
        assertEquals(6, job.getJsonArray("progress").size());
        assertTrue(job.getJsonObject("best").getJsonObject("hyperparameters").containsKey("window"), r.body());

        var shown = fixture.http.get("/tuning/studies/ma-1");
        assertEquals(200, shown.status(), shown.body());
        var study = shown.json();
        assertEquals("moving_average", study.getString("algorithm"));
        assertEquals(3, study.getInt("seed"));
        assertEquals(List.of("window", "blend", "center"), List.copyOf(study.getJsonObject("search_space").keySet()));
        assertEquals("mase", study.getJsonObject("attributes").getString("metric"));
        assertEquals("succeeded", study.getJsonObject("job").getString("status"));
        var trials = study.getJsonArray("trials");
        assertEquals(6, trials.size());
        for (var t : trials) {
            var trial = t.asJsonObject();
            assertEquals("complete", trial.getString("state"), trial.toString());
            assertFalse(trial.getJsonObject("intermediate_values").isEmpty(), "a value per backtest fold: " + trial);
            assertEquals(List.of("window", "blend", "center"), List.copyOf(trial.getJsonObject("params").keySet()));
            assertTrue(trial.getJsonObject("params").getJsonNumber("window").isIntegral());
        }
        var best = study.getJsonObject("best");
        assertEquals(job.getJsonObject("best").getInt("trial"), best.getInt("trial"));
        assertEquals(trials.getJsonObject(best.getInt("trial")).getJsonObject("params"), best.getJsonObject("params"));
        for (var t : trials)
            assertTrue(t.asJsonObject().getJsonNumber("value").doubleValue() >= best.getJsonNumber("value").doubleValue());
    }

    @Test
    void aTakenNameIsAConflictUnlessTheStudyIsResumed() {
        String body = "{\"name\": \"ma-resumed\", \"algorithm\": \"moving_average\", \"data\": " + DATA + ", \"n_trials\": 2, \"wait\": true}";
        assertEquals(200, tune(body).status());
        assertProblem(tune(body), 409, "name");
        var resumed = tune(body.replace("\"wait\"", "\"resume\": true, \"wait\""));
        assertEquals(200, resumed.status(), resumed.body());
        assertEquals(4, fixture.http.get("/tuning/studies/ma-resumed").json().getJsonArray("trials").size());
        // nor can a study of the same name be asked and told
        assertProblem(tune("{\"name\": \"ma-resumed\", \"search_space\": {\"x\": {\"type\": \"float\", \"low\": 0, \"high\": 1}}}"), 409, "name");
        assertEquals(409, fixture.http.post("/tuning/studies/ma-resumed/ask", "").status());
    }

    @Test
    void withoutWaitTheJobIsAcceptedAndTheStudyCanBePolled() throws InterruptedException {
        var r = tune("{\"name\": \"ma-polled\", \"algorithm\": \"moving_average\", \"data\": " + DATA
                + ", \"n_trials\": 3, \"search_space\": {\"window\": {\"type\": \"int\", \"low\": 2, \"high\": 4}}}");
        assertEquals(202, r.status(), r.body());
        assertEquals("/tuning/studies/ma-polled", r.json().getString("href"));
        JsonObject study = null;
        for (int i = 0; i < 600; i++) {
            study = fixture.http.get("/tuning/studies/ma-polled").json();
            if (study.getJsonObject("job").getString("status").equals("succeeded")) break;
            Thread.sleep(20);
        }
        assertEquals("succeeded", study.getJsonObject("job").getString("status"), String.valueOf(study));
        assertEquals(2, study.getJsonObject("search_space").getJsonObject("window").getInt("low"), "the override replaced the forecaster's range");
        for (var t : study.getJsonArray("trials")) {
            int window = t.asJsonObject().getJsonObject("params").getInt("window");
            assertTrue(window >= 2 && window <= 4, t.toString());
        }
    }

    @Test
    void theStoredHistoryIsTunedWhenNoDataIsGiven() {
        fixture.observations.append(new SeriesId("meter-9"), Fixture.series(0));
        var r = tune("{\"name\": \"ma-stored\", \"algorithm\": \"moving_average\", \"series_id\": \"meter-9\", \"n_trials\": 2, \"wait\": true}");
        assertEquals(200, r.status(), r.body());
        assertEquals("meter-9", fixture.http.get("/tuning/studies/ma-stored").json().getJsonObject("attributes").getString("series_id"));
    }

    @Test
    void trainingWithTuneRegistersTheBestSettingsAndSaysWhichTrialTheyCameFrom() {
        var r = fixture.http.post("/models/train", "{\"algorithm\": \"moving_average\", \"data\": " + DATA + ", \"name\": \"tuned-1\", \"wait\": true,"
                + " \"tune\": {\"n_trials\": 4, \"study\": \"train-tuned-1\", \"seed\": 11, \"metric\": \"rmse\"}}");
        assertEquals(200, r.status(), r.body());
        var params = r.json().getJsonObject("model").getJsonObject("hyperparameters");
        assertTrue(params.getString("tuned_by").startsWith("study train-tuned-1, trial "), r.body());
        var study = fixture.http.get("/tuning/studies/train-tuned-1").json();
        assertEquals(4, study.getJsonArray("trials").size());
        assertEquals("rmse", study.getJsonObject("attributes").getString("metric"));
        var best = study.getJsonObject("best");
        assertEquals("study train-tuned-1, trial " + best.getInt("trial"), params.getString("tuned_by"));
        assertEquals(String.valueOf(best.getJsonObject("params").getInt("window")), params.getString("window"));
        assertEquals(JsonValue.NULL, study.get("job"), "trained by a training job, not a tuning job");

        var again = fixture.http.post("/models/train", "{\"algorithm\": \"moving_average\", \"data\": " + DATA + ", \"name\": \"tuned-2\", \"wait\": true,"
                + " \"tune\": {\"n_trials\": 1, \"study\": \"train-tuned-1\"}}");
        assertProblem(again, 409, "tune.study");
    }

    static Stream<Arguments> badTunings() {
        String ma = "\"name\": \"bad\", \"algorithm\": \"moving_average\", \"data\": " + DATA;
        return Stream.of(
                Arguments.of("{" + ma + "}", 400, "n_trials"),
                Arguments.of("{" + ma + ", \"n_trials\": 0}", 400, "n_trials"),
                Arguments.of("{" + ma + ", \"timeout_s\": -1}", 400, "timeout_s"),
                Arguments.of("{\"name\": \"bad\", \"algorithm\": \" \", \"n_trials\": 2, \"data\": " + DATA + "}", 400, "algorithm"),
                Arguments.of("{\"algorithm\": \"moving_average\", \"n_trials\": 2, \"data\": " + DATA + "}", 400, "name"),
                Arguments.of("{" + ma + ", \"n_trials\": 2, \"metric\": \"r2\"}", 400, "metric"),
                Arguments.of("{" + ma + ", \"n_trials\": 2, \"parallelism\": 5}", 400, "parallelism"),
                Arguments.of("{" + ma + ", \"n_trials\": 2, \"pruner\": \"hyperband\"}", 400, "pruner"),
                Arguments.of("{" + ma + ", \"n_trials\": 2, \"sampler\": \"grid\"}", 400, "sampler"),
                Arguments.of("{" + ma + ", \"n_trials\": 2, \"resume\": \"yes\"}", 400, "resume"),
                Arguments.of("{" + ma + ", \"n_trials\": 2, \"hyperparameters\": [1]}", 400, "hyperparameters"),
                Arguments.of("{" + ma + ", \"n_trials\": 2, \"search_space\": {\"window\": {\"type\": \"int\", \"low\": 1.5, \"high\": 3}}}", 400, "search_space.window.low"),
                Arguments.of("{\"name\": \"bad\", \"algorithm\": \"moving_average\", \"n_trials\": 2, \"data\": [[\"2030-01-01T00:00:00Z\", \"x\"]]}", 400, "data[0][1]"),
                Arguments.of("{\"name\": \"bad\", \"algorithm\": \"moving_average\", \"n_trials\": 2, \"series_id\": \"nothing-stored\"}", 422, "data"),
                Arguments.of("{\"name\": \"bad\", \"algorithm\": \"moving_average\", \"n_trials\": 2, \"data\": " + Fixture.rows(Instant.parse("2030-01-01T09:00:00Z"), 3, 0) + "}", 422, "data"),
                Arguments.of("{\"name\": \"bad\", \"algorithm\": \"last_value\", \"n_trials\": 2, \"data\": " + DATA + "}", 422, "algorithm"),
                Arguments.of("{\"name\": \"bad\", \"algorithm\": \"prophet\", \"n_trials\": 2, \"data\": " + DATA + "}", 400, "algorithm"));
    }

    @ParameterizedTest(name = "[{index}] {1} naming {2}")
    @MethodSource("badTunings")
    void aBadTuningIsAProblemNamingTheFieldAndCreatesNoStudy(String body, int status, String field) {
        assertProblem(tune(body), status, field);
        assertEquals(404, fixture.http.get("/tuning/studies/bad").status());
    }

    static Stream<Arguments> badTuneBlocks() {
        return Stream.of(
                Arguments.of("[]", "tune"),
                Arguments.of("{}", "tune.n_trials"),
                Arguments.of("{\"n_trials\": -2}", "tune.n_trials"),
                Arguments.of("{\"timeout_s\": \"60\"}", "tune.timeout_s"),
                Arguments.of("{\"n_trials\": 2, \"study\": \"no spaces\"}", "tune.study"),
                Arguments.of("{\"n_trials\": 2, \"metric\": \"mae\"}", "tune.metric"),
                Arguments.of("{\"n_trials\": 2, \"seed\": \"x\"}", "tune.seed"),
                Arguments.of("{\"n_trials\": 2, \"search_space\": {\"window\": {\"type\": \"int\", \"low\": 1}}}", "tune.search_space.window.high"));
    }

    @ParameterizedTest(name = "[{index}] naming {1}")
    @MethodSource("badTuneBlocks")
    void aBadTuneBlockIsAProblemNamingTheFieldAndTrainsNothing(String tune, String field) {
        int before = fixture.registry.list().size();
        var r = fixture.http.post("/models/train", "{\"algorithm\": \"moving_average\", \"data\": " + DATA + ", \"tune\": " + tune + "}");
        assertProblem(r, 400, field);
        assertEquals(before, fixture.registry.list().size());
    }
}
