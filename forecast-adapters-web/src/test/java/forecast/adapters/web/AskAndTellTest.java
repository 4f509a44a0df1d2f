package forecast.adapters.web;

import static forecast.adapters.web.PredictTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Ask-and-tell studies over HTTP: the objective lives in the test, as it would in a client. */
class AskAndTellTest {
    /** Declared out of alphabetical order, to show that parameters keep the order given. */
    static final String SPACE = """
            {"x": {"type": "float", "low": -5, "high": 10, "log": false},
             "depth": {"type": "int", "low": 2, "high": 12, "step": 1},
             "booster": {"type": "categorical", "choices": ["gbtree", "dart"]},
             "alpha": {"type": "float", "low": 0.0001, "high": 1, "log": true}}""";
    static final List<String> ORDER = List.of("x", "depth", "booster", "alpha");
    static Fixture fixture;

    @BeforeAll
    static void start() {
        fixture = new Fixture(false).checkedAgainstOpenApi();
        assertEquals(201, create("{\"name\": \"taken\", \"search_space\": " + SPACE + "}").status());
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static Http.Response create(String body) {
        return fixture.http.post("/tuning/studies", body);
    }

    static Http.Response ask(String study) {
        return fixture.http.post("/tuning/studies/" + study + "/ask", "");
    }

    static Http.Response tell(String study, int trial, String rest) {
        return fixture.http.post("/tuning/studies/" + study + "/tell", "{\"trial\": " + trial + ", " + rest + "}");
    }

    /** Asks {@code n} trials of {@code study}, telling each a value of {@link #objective}; the params asked, in order. */
    static List<JsonObject> run(String study, int n) {
        var asked = new ArrayList<JsonObject>();
        for (int i = 0; i < n; i++) {
            var a = ask(study);
            assertEquals(200, a.status(), a.body());
            int trial = a.json().getInt("trial");
            var params = a.json().getJsonObject("params");
            asked.add(params);
            var t = tell(study, trial, "\"value\": " + objective(params));
            assertEquals(200, t.status(), t.body());
        }
        return asked;
    }

    /** Lowest at x = 2, shallow depth and gbtree; parameters a space lacks count as 0. */
    static double objective(JsonObject p) {
        double x = p.getJsonNumber("x").doubleValue();
        return (x - 2) * (x - 2) + p.getInt("depth", 0) / 10.0 + (p.getString("booster", "").equals("dart") ? 1 : 0);
    }

    @Test
    void askAndTellRunsAStudyWhoseParametersStayInTheSpaceAndInTheDeclaredOrder() {
        var created = create("{\"name\": \"quadratic\", \"seed\": 7, \"sampler\": \"random\", \"search_space\": " + SPACE + "}");
        assertEquals(201, created.status(), created.body());
        var study = created.json();
        assertEquals(7, study.getJsonNumber("seed").longValue());
        assertEquals("minimize", study.getString("direction"));
        assertEquals("random", study.getString("sampler"));
        assertEquals("none", study.getString("pruner"));
        assertEquals(JsonValue.NULL, study.get("algorithm"));
        assertEquals(ORDER, List.copyOf(study.getJsonObject("search_space").keySet()));
        assertEquals(2, study.getJsonObject("search_space").getJsonObject("depth").getInt("low"));

        var values = new ArrayList<Double>();
        for (int i = 0; i < 15; i++) {
            var a = ask("quadratic");
            assertEquals(200, a.status(), a.body());
            assertEquals(i, a.json().getInt("trial"));
            var p = a.json().getJsonObject("params");
            assertEquals(ORDER, List.copyOf(p.keySet()), a.body());
            assertInOrder(a.body(), ORDER);
            double x = p.getJsonNumber("x").doubleValue();
            assertTrue(x >= -5 && x <= 10, a.body());
            JsonNumber depth = p.getJsonNumber("depth");
            assertTrue(depth.isIntegral() && depth.intValue() >= 2 && depth.intValue() <= 12, "an integer, written as one: " + a.body());
            assertTrue(List.of("gbtree", "dart").contains(p.getString("booster")), a.body());
            double alpha = p.getJsonNumber("alpha").doubleValue();
            assertTrue(alpha >= 1e-4 && alpha <= 1, a.body());
            double value = objective(p);
            values.add(value);
            var t = tell("quadratic", i, "\"value\": " + value);
            assertEquals(200, t.status(), t.body());
            assertEquals("complete", t.json().getJsonObject("trial").getString("state"));
            assertEquals(values.stream().mapToDouble(v -> v).min().orElseThrow(), t.json().getJsonObject("best").getJsonNumber("value").doubleValue());
        }

        var shown = fixture.http.get("/tuning/studies/quadratic");
        assertEquals(200, shown.status(), shown.body());
        var s = shown.json();
        var trials = s.getJsonArray("trials");
        assertEquals(15, trials.size());
        assertEquals(15, s.getJsonObject("trial_counts").getInt("complete"));
        int best = 0;
        for (int i = 1; i < 15; i++) if (values.get(i) < values.get(best)) best = i;
        assertEquals(best, s.getJsonObject("best").getInt("trial"));
        assertEquals(values.get(best), s.getJsonObject("best").getJsonNumber("value").doubleValue());
        var bestTrial = trials.getJsonObject(best);
        assertEquals(bestTrial.getJsonObject("params"), s.getJsonObject("best").getJsonObject("params"));
        assertEquals(ORDER, List.copyOf(bestTrial.getJsonObject("params").keySet()));
        assertTrue(bestTrial.getJsonNumber("duration_ms").doubleValue() >= 0, bestTrial.toString());
        assertTrue(bestTrial.containsKey("started_at") && bestTrial.containsKey("completed_at"), bestTrial.toString());
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, bestTrial.getJsonObject("intermediate_values"));
    }

    @Test
    void theSameSeedAndSpaceAskTheSameParametersInTheSameSequence() {
        for (var name : List.of("twin-a", "twin-b", "other-seed"))
            assertEquals(201, create("{\"name\": \"" + name + "\", \"seed\": " + (name.equals("other-seed") ? 43 : 42)
                    + ", \"search_space\": " + SPACE + "}").status());
        var a = run("twin-a", 8);
        var b = run("twin-b", 8);
        assertEquals(a, b);
        assertNotEquals(a, run("other-seed", 8));
    }

    @Test
    void withoutASeedOneIsChosenAndShownSoThatTheStudyCanBeRepeated() {
        var created = create("{\"name\": \"unseeded\", \"search_space\": {\"x\": {\"type\": \"float\", \"low\": 0, \"high\": 1}}}");
        assertEquals(201, created.status(), created.body());
        long seed = created.json().getJsonNumber("seed").longValue();
        assertTrue(seed >= 0);
        assertEquals("tpe", created.json().getString("sampler"), "the default sampler");
        assertEquals(seed, fixture.http.get("/tuning/studies/unseeded").json().getJsonNumber("seed").longValue());
        var first = run("unseeded", 3);
        assertEquals(201, create("{\"name\": \"unseeded-again\", \"seed\": " + seed + ", \"search_space\": {\"x\": {\"type\": \"float\", \"low\": 0, \"high\": 1}}}").status());
        assertEquals(first, run("unseeded-again", 3));
    }

    @Test
    void aTrialIsToldOnceAndOnlyWhenRunning() {
        assertEquals(201, create("{\"name\": \"once\", \"search_space\": " + SPACE + "}").status());
        int trial = ask("once").json().getInt("trial");
        assertEquals(200, tell("once", trial, "\"value\": 1.5").status());
        assertProblem(tell("once", trial, "\"value\": 2.5"), 409, "trial");
        assertProblem(tell("once", trial, "\"state\": \"failed\""), 409, "trial");
        assertProblem(tell("once", 99, "\"value\": 1"), 409, "trial");
        var waiting = fixture.http.post("/tuning/studies/once/enqueue", "{\"params\": {\"x\": 1}}");
        assertEquals(201, waiting.status(), waiting.body());
        assertProblem(tell("once", waiting.json().getInt("trial"), "\"value\": 1"), 409, "trial");
        var shown = fixture.http.get("/tuning/studies/once").json();
        assertEquals(1.5, shown.getJsonArray("trials").getJsonObject(trial).getJsonNumber("value").doubleValue(), "the first value stands");
        assertEquals(JsonValue.NULL, shown.getJsonArray("trials").getJsonObject(trial).get("fail_reason"));
    }

    @Test
    void aMaximizingStudyKeepsTheHighestValueAsBest() {
        assertEquals(201, create("{\"name\": \"highest\", \"direction\": \"maximize\", \"search_space\": " + SPACE + "}").status());
        double[] values = {1, 5, 3, 5};
        for (double v : values) {
            int trial = ask("highest").json().getInt("trial");
            var t = tell("highest", trial, "\"value\": " + v);
            assertEquals(200, t.status(), t.body());
        }
        var shown = fixture.http.get("/tuning/studies/highest").json();
        assertEquals("maximize", shown.getString("direction"));
        assertEquals(1, shown.getJsonObject("best").getInt("trial"), "the earliest of equals");
        assertEquals(5, shown.getJsonObject("best").getJsonNumber("value").doubleValue());
    }

    @Test
    void failedAndPrunedTrialsAreRecordedWithoutAValue() {
        assertEquals(201, create("{\"name\": \"mixed\", \"search_space\": " + SPACE + "}").status());
        int failed = ask("mixed").json().getInt("trial");
        int pruned = ask("mixed").json().getInt("trial");
        var f = tell("mixed", failed, "\"state\": \"failed\", \"reason\": \"diverged\"");
        assertEquals(200, f.status(), f.body());
        assertEquals("failed", f.json().getJsonObject("trial").getString("state"));
        assertEquals("diverged", f.json().getJsonObject("trial").getString("fail_reason"));
        assertEquals(JsonValue.NULL, f.json().get("best"));
        assertEquals(200, tell("mixed", pruned, "\"state\": \"pruned\"").status());
        var counts = fixture.http.get("/tuning/studies/mixed").json().getJsonObject("trial_counts");
        assertEquals(1, counts.getInt("failed"));
        assertEquals(1, counts.getInt("pruned"));
        assertEquals(0, counts.getInt("complete"));
        assertEquals(2, counts.getInt("total"));
    }

    @Test
    void anEnqueuedTrialIsAskedFirstWithItsParameters() {
        assertEquals(201, create("{\"name\": \"warm\", \"seed\": 1, \"search_space\": " + SPACE + "}").status());
        var e = fixture.http.post("/tuning/studies/warm/enqueue", "{\"params\": {\"x\": 1.5, \"booster\": \"dart\", \"depth\": 4}}");
        assertEquals(201, e.status(), e.body());
        assertEquals(0, e.json().getInt("trial"));
        assertEquals("waiting", e.json().getString("state"));
        var a = ask("warm").json();
        assertEquals(0, a.getInt("trial"));
        var p = a.getJsonObject("params");
        assertEquals(1.5, p.getJsonNumber("x").doubleValue());
        assertEquals(4, p.getInt("depth"));
        assertEquals("dart", p.getString("booster"));
        assertTrue(p.containsKey("alpha"), "the rest is sampled: " + a);
        assertEquals(ORDER, List.copyOf(p.keySet()));
        assertEquals(1, ask("warm").json().getInt("trial"), "then new trials");
        assertProblem(fixture.http.post("/tuning/studies/warm/enqueue", "{\"params\": {\"x\": 11}}"), 400, "params.x");
        assertProblem(fixture.http.post("/tuning/studies/warm/enqueue", "{\"params\": {\"depth\": 2.5}}"), 400, "params.depth");
        assertProblem(fixture.http.post("/tuning/studies/warm/enqueue", "{\"params\": {\"booster\": \"linear\"}}"), 400, "params.booster");
        assertProblem(fixture.http.post("/tuning/studies/warm/enqueue", "{\"params\": {\"gamma\": 1}}"), 400, "params.gamma");
        assertProblem(fixture.http.post("/tuning/studies/warm/enqueue", "{\"params\": []}"), 400, "params");
    }

    @Test
    void studiesAreListedWithTheirTrialCountsAndBestValue() {
        assertEquals(201, create("{\"name\": \"listed\", \"seed\": 3, \"search_space\": " + SPACE + "}").status());
        run("listed", 2);
        var r = fixture.http.get("/tuning/studies");
        assertEquals(200, r.status(), r.body());
        var listed = r.json().getJsonArray("studies").stream().map(JsonValue::asJsonObject)
                .filter(s -> s.getString("name").equals("listed")).findFirst().orElseThrow();
        assertEquals(2, listed.getJsonObject("trial_counts").getInt("complete"));
        assertEquals(3, listed.getInt("seed"));
        assertEquals("/tuning/studies/listed", listed.getString("href"));
        assertTrue(listed.getJsonNumber("best_value").doubleValue() >= 0.2, listed.toString());
        assertTrue(listed.containsKey("created_at") && listed.containsKey("sampler") && listed.containsKey("pruner"), listed.toString());
    }

    @Test
    void anUnknownStudyIsNotFoundAndAWrongMethodIsNotAllowed() {
        assertEquals(404, fixture.http.get("/tuning/studies/nope").status());
        assertEquals(404, ask("nope").status());
        assertEquals(404, tell("nope", 0, "\"value\": 1").status());
        assertEquals(404, fixture.http.post("/tuning/studies/nope/enqueue", "{\"params\": {\"x\": 1}}").status());
        assertEquals(405, fixture.http.get("/tuning/studies/taken/ask").status());
        assertEquals(405, fixture.http.post("/tuning/studies/taken", "{}").status());
    }

    static Stream<Arguments> badStudies() {
        String x = "{\"x\": {\"type\": \"float\", \"low\": 0, \"high\": 1}}";
        return Stream.of(
                Arguments.of("{\"search_space\": " + x + "}", 400, "name"),
                Arguments.of("{\"name\": \"bad name!\", \"search_space\": " + x + "}", 400, "name"),
                Arguments.of("{\"name\": 5, \"search_space\": " + x + "}", 400, "name"),
                Arguments.of("{\"name\": \"taken\", \"search_space\": " + x + "}", 409, "name"),
                Arguments.of("{\"name\": \"s1\"}", 400, "search_space"),
                Arguments.of("{\"name\": \"s1\", \"search_space\": {}}", 400, "search_space"),
                Arguments.of("{\"name\": \"s1\", \"search_space\": [1]}", 400, "search_space"),
                Arguments.of("{\"name\": \"s1\", \"search_space\": {\"x\": 3}}", 400, "search_space.x"),
                Arguments.of("{\"name\": \"s1\", \"search_space\": {\"x\": {\"type\": \"normal\"}}}", 400, "search_space.x.type"),
                Arguments.of("{\"name\": \"s1\", \"search_space\": {\"depth\": {\"type\": \"int\", \"low\": \"two\", \"high\": 12}}}", 400, "search_space.depth.low"),
                Arguments.of("{\"name\": \"s1\", \"search_space\": {\"depth\": {\"type\": \"int\", \"low\": 2.5, \"high\": 12}}}", 400, "search_space.depth.low"),
                Arguments.of("{\"name\": \"s1\", \"search_space\": {\"depth\": {\"type\": \"int\", \"low\": 2}}}", 400, "search_space.depth.high"),
                Arguments.of("{\"name\": \"s1\", \"search_space\": {\"x\": {\"type\": \"float\", \"low\": 0, \"high\": 1, \"log\": \"yes\"}}}", 400, "search_space.x.log"),
                Arguments.of("{\"name\": \"s1\", \"search_space\": {\"x\": {\"type\": \"float\", \"low\": 5, \"high\": 1}}}", 400, "search_space.x"),
                Arguments.of("{\"name\": \"s1\", \"search_space\": {\"x\": {\"type\": \"float\", \"low\": 0, \"high\": 1e999}}}", 400, "search_space.x.high"),
                Arguments.of("{\"name\": \"s1\", \"search_space\": {\"b\": {\"type\": \"categorical\", \"choices\": []}}}", 400, "search_space.b.choices"),
                Arguments.of("{\"name\": \"s1\", \"search_space\": {\"b\": {\"type\": \"categorical\", \"choices\": [[1]]}}}", 400, "search_space.b.choices[0]"),
                Arguments.of("{\"name\": \"s1\", \"search_space\": {\"x\": {\"type\": \"float\", \"low\": 0, \"high\": 1, \"mean\": 0}}}", 400, "search_space.x.mean"),
                Arguments.of("{\"name\": \"s1\", \"direction\": \"down\", \"search_space\": " + x + "}", 400, "direction"),
                Arguments.of("{\"name\": \"s1\", \"sampler\": \"cmaes\", \"search_space\": " + x + "}", 400, "sampler"),
                Arguments.of("{\"name\": \"s1\", \"pruner\": \"hyperband\", \"search_space\": " + x + "}", 400, "pruner"),
                Arguments.of("{\"name\": \"s1\", \"seed\": -1, \"search_space\": " + x + "}", 400, "seed"),
                Arguments.of("{\"name\": \"s1\", \"seed\": 1.5, \"search_space\": " + x + "}", 400, "seed"),
                Arguments.of("{\"name\": \"s1\", \"n_trials\": 5, \"search_space\": " + x + "}", 400, "algorithm"),
                Arguments.of("[1]", 400, "body"),
                Arguments.of("{\"name\": ", 400, "body"));
    }

    @ParameterizedTest(name = "[{index}] {1} naming {2}")
    @MethodSource("badStudies")
    void aBadStudyIsAProblemNamingTheFieldAndCreatesNothing(String body, int status, String field) {
        assertProblem(create(body), status, field);
        assertEquals(404, fixture.http.get("/tuning/studies/s1").status());
    }

    static Stream<Arguments> badTells() {
        return Stream.of(
                Arguments.of("{\"value\": 1}", "trial"),
                Arguments.of("{\"trial\": -1, \"value\": 1}", "trial"),
                Arguments.of("{\"trial\": \"0\", \"value\": 1}", "trial"),
                Arguments.of("{\"trial\": 0}", "value"),
                Arguments.of("{\"trial\": 0, \"value\": \"NaN\"}", "value"),
                Arguments.of("{\"trial\": 0, \"value\": null}", "value"),
                Arguments.of("{\"trial\": 0, \"value\": 1e999}", "value"),
                Arguments.of("{\"trial\": 0, \"value\": [1]}", "value"),
                Arguments.of("{\"trial\": 0, \"state\": \"failed\", \"value\": 1}", "value"),
                Arguments.of("{\"trial\": 0, \"state\": \"lost\"}", "state"),
                Arguments.of("{\"trial\": 0, \"state\": \"failed\", \"reason\": 7}", "reason"));
    }

    @ParameterizedTest(name = "[{index}] naming {1}")
    @MethodSource("badTells")
    void aBadTellIsAProblemNamingTheFieldAndLeavesTheTrialRunning(String body, String field) {
        String study = "tell-" + Integer.toHexString(body.hashCode());
        assertEquals(201, create("{\"name\": \"" + study + "\", \"search_space\": " + SPACE + "}").status());
        assertEquals(0, ask(study).json().getInt("trial"));
        assertProblem(fixture.http.post("/tuning/studies/" + study + "/tell", body), 400, field);
        assertEquals("running", fixture.http.get("/tuning/studies/" + study).json().getJsonArray("trials").getJsonObject(0).getString("state"));
    }

    /** The members of {@code order} appear in this order in the raw {@code json}. */
    static void assertInOrder(String json, List<String> order) {
        int at = -1;
        for (var key : order) {
            int next = json.indexOf("\"" + key + "\":");
            assertTrue(next > at, key + " out of order in " + json);
            at = next;
        }
    }
}
