package forecast.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.series.SeriesId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document served at {@code /openapi} is the API's: its operations are exactly the
 * routes the server registers, each needs the admin key exactly when {@link AdminAuth} asks for one,
 * and real responses of every route, success and problem, validate against its schemas.
 */
class OpenApiTest {
    static Fixture fixture;
    static ApiContract contract;

    @BeforeAll
    static void start() {
        fixture = new Fixture(true);
        var r = fixture.anonymous.get("/openapi", "application/json");
        assertEquals(200, r.status(), r.body());
        contract = new ApiContract(r.body());
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void theDocumentHasExactlyTheServersRoutes() {
        var served = new TreeSet<String>();
        for (var route : fixture.server.routes()) assertTrue(served.add(route.method() + " " + route.path()), "registered twice: " + route);
        var documented = contract.operations();
        var undocumented = new TreeSet<>(served);
        undocumented.removeAll(documented);
        var notServed = new TreeSet<>(documented);
        notServed.removeAll(served);
        assertEquals(Set.of(), undocumented, "routes the OpenAPI document lacks");
        assertEquals(Set.of(), notServed, "operations of the OpenAPI document the server does not have");
        assertEquals("3.1.0", contract.document().get("openapi").asString());
    }

    @Test
    void anOperationNeedsTheAdminKeyExactlyWhenAdminAuthGuardsIt() {
        var auth = new AdminAuth(AdminKeys.of(AdminKeys.hash("k")));
        for (String operation : contract.operations()) {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = operation.substring(operation.indexOf(' ') + 1);
            var op = contract.operation(method, path);
            var security = new ArrayList<String>();
            op.get("security").forEach(requirement -> security.add(requirement.propertyNames().isEmpty() ? "none"
                    : String.join("+", requirement.propertyNames())));
            var responses = op.get("responses");
            if (path.equals("/predict") || path.equals("/predict/batch")) {
                // open unless the server is configured to ask for a key (AdminKeys.predictRequiresKey)
                assertFalse(auth.guards(method, path), operation);
                assertEquals(List.of("none", "bearerAuth", "apiKeyHeader"), security, operation);
                assertTrue(responses.has("401") && responses.has("403"), operation);
            } else if (auth.guards(method, path)) {
                assertEquals(List.of("bearerAuth", "apiKeyHeader"), security, operation);
                assertTrue(responses.has("401") && responses.has("403"), operation + " documents its refusals");
            } else {
                assertEquals(List.of(), security, operation + " is open");
                assertFalse(responses.has("401") || responses.has("403"), operation + " is open");
            }
        }
        var schemes = contract.document().at("/components/securitySchemes");
        assertEquals("bearer", schemes.at("/bearerAuth/scheme").asString());
        assertEquals("X-API-Key", schemes.at("/apiKeyHeader/name").asString());
        assertEquals("header", schemes.at("/apiKeyHeader/in").asString());
    }

    @Test
    void everyRequestBodyRefusesUnknownMembers() {
        for (var entry : contract.document().at("/components/schemas").properties()) {
            if (!entry.getKey().endsWith("Request")) continue;
            var schema = entry.getValue();
            var shapes = new ArrayList<tools.jackson.databind.JsonNode>();
            if (schema.has("oneOf")) schema.get("oneOf").forEach(shapes::add);
            else shapes.add(schema);
            for (var shape : shapes)
                if ("object".equals(shape.path("type").asString()))
                    assertFalse(shape.path("additionalProperties").asBoolean(true), entry.getKey() + " must say additionalProperties: false");
        }
    }

    @Test
    void theDocumentIsServedAsYamlByDefaultAndAsJsonOnRequestWithoutAKey() {
        var yaml = contract.check("GET", "/openapi", fixture.anonymous.get("/openapi"));
        assertEquals(200, yaml.status());
        assertTrue(yaml.contentType().contains("openapi") || yaml.contentType().contains("yaml"), yaml.contentType());
        assertTrue(yaml.body().contains("openapi: 3.1.0"), yaml.body().substring(0, 200));
        var json = contract.check("GET", "/openapi", fixture.anonymous.get("/openapi", "application/json"));
        assertTrue(json.contentType().startsWith("application/json"), json.contentType());
        assertEquals("3.1.0", ApiContract.JSON.readTree(json.body()).get("openapi").asString());
        var asked = fixture.anonymous.get("/openapi?format=json");
        assertEquals(json.body(), asked.body());
    }

    @Test
    void swaggerUiIsServedFromTheWebjarAndLoadsNothingFromElsewhere() {
        var page = contract.check("GET", "/openapi/ui", fixture.anonymous.get("/openapi/ui"));
        assertEquals(200, page.status());
        assertTrue(page.body().contains("url: \"/openapi\""), page.body());
        assertTrue(page.body().contains("validatorUrl: null"), page.body());
        var external = Pattern.compile("(src|href)=\"(https?:)?//").matcher(page.body());
        assertFalse(external.find(), "the page loads something from elsewhere: " + page.body());
        var srcs = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page.body());
        int files = 0;
        while (srcs.find()) {
            var file = contract.check("GET", "/openapi/ui/{file}", fixture.anonymous.get(srcs.group(1)));
            assertEquals(200, file.status(), srcs.group(1));
            files++;
        }
        assertEquals(5, files, page.body());
        // the webjar's initializer would open a demo API elsewhere; it is not served
        var initializer = contract.check("GET", "/openapi/ui/{file}", fixture.anonymous.get("/openapi/ui/swagger-initializer.js"));
        assertEquals(404, initializer.status());
        assertEquals(404, contract.check("GET", "/openapi/ui/{file}", fixture.anonymous.get("/openapi/ui/nothing.js")).status());
    }

    @Test
    void theDashboardsRedirectsAndFilesAreDescribed() {
        for (String path : List.of("/", "/ui")) {
            var r = contract.check("GET", path, fixture.anonymous.get(path));
            assertEquals(302, r.status(), path);
        }
        for (String file : List.of("/ui/", "/ui/forecast.html", "/ui/api.js", "/ui/style.css", "/ui/vendor/uplot/uPlot.iife.min.js",
                "/ui/vendor/uplot/uPlot.min.css"))
            assertEquals(200, contract.check("GET", "/ui/{path}", fixture.anonymous.get(file)).status(), file);
        assertEquals(404, contract.check("GET", "/ui/{path}", fixture.anonymous.get("/ui/nothing.js")).status());
    }

    /** The check is not vacuous: an undocumented member, a missing one, a wrong type, status or media type all fail it. */
    @Test
    void theCheckRefusesResponsesTheDocumentDoesNotAllow() {
        var contract = new ApiContract(OpenApiTest.contract.document().toString()); // its own, so that these made-up answers count as no route's coverage
        var json = "application/json";
        var problem = "application/problem+json";
        var forecast = "{\"predictions\": [1.5], \"confidence_intervals\": [[1, 2]], \"timestamps\": [\"2024-01-01T00:00:00Z\"], "
                + "\"model_version\": \"v\", \"model_label\": null, \"confidence_level\": 0.95, \"execution_time_ms\": 0.2";
        contract.check("POST", "/predict", response(200, json, forecast + "}"));
        refused(contract, "POST", "/predict", response(200, json, forecast + ", \"colour\": \"red\"}"));
        refused(contract, "POST", "/predict", response(200, json, forecast.replace("\"model_version\": \"v\", ", "") + "}"));
        refused(contract, "POST", "/predict", response(200, json, forecast.replace("[1.5]", "[\"1.5\"]") + "}"));
        refused(contract, "POST", "/predict", response(200, "text/plain", forecast + "}"));
        refused(contract, "POST", "/predict", response(418, problem, "{\"type\": \"/problems/x\", \"title\": \"X\", \"status\": 418, \"detail\": \"x\"}"));
        contract.check("GET", "/models/{model}", response(404, problem, "{\"type\": \"/problems/x\", \"title\": \"X\", \"status\": 404, \"detail\": \"x\"}"));
        refused(contract, "GET", "/models/{model}", response(404, problem, "{\"type\": \"/problems/x\", \"status\": 404, \"detail\": \"x\"}"));
        refused(contract, "GET", "/models/{model}", response(404, problem, "{\"type\": \"/problems/x\", \"title\": \"X\", \"status\": 404, \"detail\": \"x\", \"errors\": [{\"field\": \"a\"}]}"));
        // through a $ref, an allOf and unevaluatedProperties
        var versions = fixture.anonymous.get("/models/default/versions/v1.0");
        contract.check("GET", "/models/{model}/versions/{version}", versions);
        refused(contract, "GET", "/models/{model}/versions/{version}", response(200, json, versions.body().replaceFirst("\\{", "{\"colour\": 1, ")));
        refused(contract, "GET", "/models/{model}/versions/{version}", response(200, json, versions.body().replace("\"mape\":", "\"mean_ape\":")));
    }

    private static Http.Response response(int status, String type, String body) {
        return new Http.Response(status, type, body, java.util.Map.of());
    }

    private static void refused(ApiContract contract, String method, String route, Http.Response r) {
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> contract.check(method, route, r), r.body());
    }

    /** Exercises every route, with successes and problems, checking every answer against the document. */
    @Test
    void realResponsesOfEveryRouteFitTheDocument() throws InterruptedException {
        var http = fixture.http;
        var anonymous = fixture.anonymous;
        var wrongKey = fixture.anonymous.withKey("not-a-key");
        String v1 = fixture.v1.id();
        String v2 = fixture.v2.id();
        String history = Fixture.rows(Fixture.TRAINING_END, 48, 0);
        String predict = "{\"data\": " + history + ", \"forecast_horizon\": 3}";

        // predict
        assertEquals(200, post(anonymous, "/predict", "/predict", predict).status());
        assertEquals(400, post(anonymous, "/predict", "/predict", "{\"data\": " + history + ", \"horizon\": 3}").status());
        assertEquals(404, post(anonymous, "/predict", "/predict", "{\"data\": " + history + ", \"forecast_horizon\": 3, \"model_version\": \"nope\"}").status());
        assertEquals(415, check("POST", "/predict", anonymous.post("/predict", "text/csv", "timestamp,value\n")).status());
        assertEquals(413, check("POST", "/predict", anonymous.post("/predict", "{\"data\": \"" + "x".repeat(300 * 1024) + "\"}")).status());
        var batch = post(anonymous, "/predict/batch", "/predict/batch", "[" + predict + ", {\"forecast_horizon\": 0}]");
        assertEquals(200, batch.status());
        assertEquals(400, post(anonymous, "/predict/batch", "/predict/batch", "{\"items\": []}").status());

        // models of the model default
        assertEquals(200, get(anonymous, "/models", "/models").status());
        assertEquals(200, get(anonymous, "/models/deployments", "/models/deployments").status());
        assertEquals(200, get(anonymous, "/models/deployments", "/models/deployments?at=" + Instant.now()).status());
        assertEquals(400, get(anonymous, "/models/deployments", "/models/deployments?at=yesterday").status());
        assertEquals(401, post(anonymous, "/models/deploy", "/models/deploy", "{\"model_version\": \"" + v2 + "\"}").status());
        assertEquals(403, post(wrongKey, "/models/deploy", "/models/deploy", "{\"model_version\": \"" + v2 + "\"}").status());
        assertEquals(200, post(http, "/models/deploy", "/models/deploy", "{\"model_version\": \"" + v2 + "\", \"reason\": \"test\"}").status());
        assertEquals(409, post(http, "/models/deploy", "/models/deploy", "{\"model_version\": \"" + v2 + "\"}").status());
        assertEquals(404, post(http, "/models/deploy", "/models/deploy", "{\"model_version\": \"nope\"}").status());
        assertEquals(400, post(http, "/models/deploy", "/models/deploy", "{\"version\": \"v1.0\"}").status());
        assertEquals(200, post(http, "/models/rollback", "/models/rollback", "").status());
        assertEquals(409, post(http, "/models/rollback", "/models/rollback", "{\"model_version\": \"with-features\"}").status());

        // training, jobs and algorithms
        String train = "{\"algorithm\": \"last_value\", \"data\": " + Fixture.rows(Fixture.TRAINING_END, 24 * 7, 0);
        var trained = post(http, "/models/train", "/models/train", train + ", \"name\": \"v3.0\", \"wait\": true}");
        assertEquals(200, trained.status());
        String trainedJob = trained.json().getString("id");
        assertEquals(202, post(http, "/models/train", "/models/train", train + "}").status());
        assertEquals(400, post(http, "/models/train", "/models/train", "{\"algorithm\": \"last_value\", \"colour\": 1}").status());
        assertEquals(409, post(http, "/models/train", "/models/train", train + ", \"name\": \"v3.0\"}").status());
        assertEquals(200, get(anonymous, "/algorithms", "/algorithms").status());
        assertEquals(200, get(http, "/jobs/{id}", "/jobs/" + trainedJob).status());
        assertEquals(404, get(http, "/jobs/{id}", "/jobs/nope").status());
        var events = get(http, "/jobs/{id}/events", "/jobs/" + trainedJob + "/events");
        assertEquals(200, events.status());
        assertTrue(events.body().contains("event: end"), events.body());
        assertEquals(404, get(http, "/jobs/{id}/events", "/jobs/nope/events").status());
        assertEquals(401, get(anonymous, "/jobs/{id}/events", "/jobs/" + trainedJob + "/events").status());
        assertEquals(401, get(anonymous, "/jobs", "/jobs").status());
        assertTrue(Set.of(200, 202).contains(post(http, "/jobs/{id}/cancel", "/jobs/" + trainedJob + "/cancel", "").status()));
        assertEquals(404, post(http, "/jobs/{id}/cancel", "/jobs/nope/cancel", "").status());

        // models by name
        assertEquals(200, get(anonymous, "/models/{model}", "/models/default").status());
        assertEquals(200, get(anonymous, "/models/{model}", "/models/" + v1).status());
        assertEquals(404, get(anonymous, "/models/{model}", "/models/nope").status());
        assertEquals(200, get(anonymous, "/models/{model}/versions", "/models/default/versions").status());
        assertEquals(404, get(anonymous, "/models/{model}/versions", "/models/nope/versions").status());
        assertEquals(400, get(anonymous, "/models/{model}/versions", "/models/" + "x".repeat(300) + "/versions").status());
        assertEquals(200, get(anonymous, "/models/{model}/versions/{version}", "/models/default/versions/v1.0").status());
        assertEquals(404, get(anonymous, "/models/{model}/versions/{version}", "/models/default/versions/nope").status());
        assertEquals(200, get(anonymous, "/models/{model}/deployments", "/models/default/deployments").status());
        assertEquals(200, post(http, "/models/{model}/deploy", "/models/default/deploy", "{\"model_version\": \"" + v2 + "\"}").status());
        assertEquals(200, post(http, "/models/{model}/rollback", "/models/default/rollback", "{\"reason\": \"back\"}").status());
        assertEquals(409, post(http, "/models/{model}/rollback", "/models/other/rollback", "").status());
        assertEquals(202, post(http, "/models/{model}/train", "/models/other/train", train + "}").status());
        // a long CSV: its series stored, one version trained over them (a portfolio)
        var csv = new StringBuilder("series_id,timestamp,value\n");
        for (String shop : List.of("shop-1", "shop-2"))
            for (int i = 0; i < 24 * 7; i++)
                csv.append(shop).append(',').append(Fixture.TRAINING_START.plus(Duration.ofHours(i))).append(',').append(100 + i % 5).append('\n');
        var portfolio = check("POST", "/models/{model}/train",
                http.post("/models/shops/train?algorithm=last_value&wait=true&name=p1", "text/csv", csv.toString()));
        assertEquals(200, portfolio.status());
        assertEquals(200, get(anonymous, "/models/{model}/versions/{version}", "/models/shops/versions/p1").status());
        assertEquals(200, get(anonymous, "/models/{model}", "/models/shops").status());
        assertEquals(200, get(anonymous, "/models", "/models").status());

        // tuning: a forecaster's job, and an ask-and-tell study
        var tuned = post(http, "/tuning/studies", "/tuning/studies", "{\"name\": \"ma-1\", \"algorithm\": \"moving_average\", \"data\": "
                + Fixture.rows(Fixture.TRAINING_END, 24 * 14, 0) + ", \"n_trials\": 2, \"seed\": 3, \"sampler\": \"random\", \"pruner\": \"none\", \"wait\": true}");
        assertEquals(200, tuned.status());
        assertEquals(200, get(http, "/jobs/{id}", "/jobs/" + tuned.json().getString("id")).status());
        assertEquals(201, post(http, "/tuning/studies", "/tuning/studies",
                "{\"name\": \"s1\", \"direction\": \"maximize\", \"search_space\": {\"x\": {\"type\": \"float\", \"low\": 0, \"high\": 1}, "
                        + "\"k\": {\"type\": \"categorical\", \"choices\": [\"a\", \"b\"]}}}").status());
        assertEquals(409, post(http, "/tuning/studies", "/tuning/studies", "{\"name\": \"s1\", \"search_space\": {\"x\": {\"type\": \"int\", \"low\": 0, \"high\": 3}}}").status());
        assertEquals(400, post(http, "/tuning/studies", "/tuning/studies", "{\"name\": \"s2\"}").status());
        assertEquals(200, get(http, "/tuning/studies", "/tuning/studies").status());
        assertEquals(200, get(http, "/tuning/studies/{name}", "/tuning/studies/ma-1").status());
        assertEquals(404, get(http, "/tuning/studies/{name}", "/tuning/studies/nope").status());
        assertEquals(201, post(http, "/tuning/studies/{name}/enqueue", "/tuning/studies/s1/enqueue", "{\"params\": {\"x\": 0.25}}").status());
        assertEquals(400, post(http, "/tuning/studies/{name}/enqueue", "/tuning/studies/s1/enqueue", "{\"params\": {\"y\": 1}}").status());
        var asked = post(http, "/tuning/studies/{name}/ask", "/tuning/studies/s1/ask", "");
        assertEquals(200, asked.status());
        int trial = asked.json().getInt("trial");
        assertEquals(200, post(http, "/tuning/studies/{name}/tell", "/tuning/studies/s1/tell", "{\"trial\": " + trial + ", \"value\": 0.5}").status());
        assertEquals(409, post(http, "/tuning/studies/{name}/tell", "/tuning/studies/s1/tell", "{\"trial\": " + trial + ", \"value\": 0.5}").status());
        assertEquals(200, get(http, "/tuning/studies/{name}", "/tuning/studies/s1").status());
        assertEquals(409, post(http, "/tuning/studies/{name}/ask", "/tuning/studies/ma-1/ask", "").status());
        assertEquals(404, post(http, "/tuning/studies/{name}/ask", "/tuning/studies/nope/ask", "").status());
        assertEquals(200, get(http, "/tuning/studies", "/tuning/studies").status());

        // stored series
        String shop = "{\"data\": " + Fixture.rows(Fixture.TRAINING_END, 24, 0) + "}";
        assertEquals(201, put(http, "/series/{id}", "/series/meter-1", "application/json", shop).status());
        assertEquals(200, put(http, "/series/{id}", "/series/meter-1", "application/json", shop).status());
        assertEquals(409, put(http, "/series/{id}", "/series/meter-1", "application/json",
                "{\"data\": [[\"" + Fixture.TRAINING_END + "\", 1e6]]}").status());
        assertEquals(201, put(http, "/series/{id}", "/series/meter-2", "text/csv",
                "timestamp,value\n2024-01-01T00:00:00Z,1\n2024-01-01T01:00:00Z,2\n").status());
        assertEquals(415, put(http, "/series/{id}", "/series/meter-3", "text/plain", "1").status());
        assertEquals(201, post(http, "/series", "/series", "{\"series\": {\"meter-4\": " + Fixture.rows(Fixture.TRAINING_END, 3, 1) + "}}").status());
        assertEquals(400, post(http, "/series", "/series", "{\"rows\": {}}").status());
        assertEquals(200, get(http, "/series", "/series?limit=2").status());
        assertEquals(400, get(http, "/series", "/series?colour=red").status());
        assertEquals(200, get(http, "/series/{id}", "/series/meter-1?limit=5").status());
        assertEquals(200, get(http, "/series/{id}", "/series/meter-4").status());
        assertEquals(404, get(http, "/series/{id}", "/series/nope").status());

        // A/B tests
        String start = "{\"name\": \"ab-1\", \"models\": [\"v1.0\", \"v2.0\"], \"traffic_split\": [0.5, 0.5], \"duration_hours\": 24}";
        assertEquals(201, post(http, "/ab-test/start", "/ab-test/start", start).status());
        assertEquals(409, post(http, "/ab-test/start", "/ab-test/start", start).status());
        assertEquals(400, post(http, "/ab-test/start", "/ab-test/start", "{\"name\": 7}").status());
        var routed = post(anonymous, "/predict", "/predict", predict);
        assertEquals(200, routed.status());
        assertTrue(routed.json().containsKey("experiment"), routed.body());
        assertEquals(200, get(http, "/ab-test", "/ab-test").status());
        assertEquals(200, get(http, "/ab-test/{name}", "/ab-test/ab-1").status());
        assertEquals(404, get(http, "/ab-test/{name}", "/ab-test/nope").status());
        assertEquals(200, post(http, "/ab-test/{name}/promote", "/ab-test/ab-1/promote", "{\"arm\": \"v2.0\", \"actor\": \"test\"}").status());
        assertEquals(409, post(http, "/ab-test/{name}/stop", "/ab-test/ab-1/stop", "").status());
        assertEquals(200, get(http, "/ab-test/{name}", "/ab-test/ab-1").status());
        assertEquals(201, post(http, "/ab-test/start", "/ab-test/start", start.replace("ab-1", "ab-2")).status());
        assertEquals(200, post(http, "/ab-test/{name}/stop", "/ab-test/ab-2/stop", "{\"actor\": \"test\"}").status());
        assertEquals(404, post(http, "/ab-test/{name}/promote", "/ab-test/nope/promote", "").status());
        assertEquals(200, get(http, "/ab-test", "/ab-test").status());

        // monitoring: actuals far from the history raise an input-drift alert
        fixture.observations.append(new SeriesId("test"), Fixture.series(0));
        assertEquals(200, post(http, "/actuals", "/actuals", "{\"series_id\": \"test\", \"data\": " + MonitoringRoutesTest.rows(MonitoringRoutesTest.WEEK, 300) + "}").status());
        assertEquals(400, post(http, "/actuals", "/actuals", "{\"data\": []}").status());
        assertEquals(401, post(anonymous, "/actuals", "/actuals", "{}").status());
        assertEquals(200, get(anonymous, "/drift", "/drift").status());
        var alerts = get(anonymous, "/alerts", "/alerts");
        assertEquals(200, alerts.status());
        assertEquals(400, get(anonymous, "/alerts", "/alerts?state=closed").status());
        assertFalse(alerts.json().getJsonArray("alerts").isEmpty(), alerts.body());
        long alert = alerts.json().getJsonArray("alerts").getJsonObject(0).getJsonNumber("id").longValue();
        assertEquals(200, get(anonymous, "/alerts/{id}", "/alerts/" + alert).status());
        assertEquals(404, get(anonymous, "/alerts/{id}", "/alerts/nope").status());
        assertEquals(200, post(http, "/alerts/{id}/resolve", "/alerts/" + alert + "/resolve", "").status());
        assertEquals(404, post(http, "/alerts/{id}/resolve", "/alerts/12345/resolve", "").status());
        assertEquals(200, get(anonymous, "/alerts", "/alerts?state=resolved&limit=5").status());

        // the retraining pipeline
        var run = post(http, "/pipeline/run", "/pipeline/run", "{\"reason\": \"a test\", \"n_trials\": 0, \"policy\": \"register\"}");
        assertEquals(202, run.status());
        assertEquals(400, post(http, "/pipeline/run", "/pipeline/run", "{\"policy\": \"sometimes\"}").status());
        String runId = run.json().getString("id");
        assertEquals(200, get(http, "/jobs", "/jobs").status());
        fixture.pipeline.close(); // waits for the run to end
        assertEquals(200, get(http, "/pipeline/runs/{id}", "/pipeline/runs/" + runId).status());
        assertEquals(404, get(http, "/pipeline/runs/{id}", "/pipeline/runs/nope").status());
        assertEquals(200, get(http, "/pipeline/runs", "/pipeline/runs").status());
        assertEquals(400, get(http, "/pipeline/runs", "/pipeline/runs?limit=0").status());
        assertEquals(200, get(http, "/jobs", "/jobs").status());
        assertEquals(200, get(http, "/models/{model}/deployments", "/models/default/deployments?at=" + Instant.now()).status());

        // observe
        assertEquals(200, get(anonymous, "/observe/health", "/observe/health").status());
        assertEquals(200, get(anonymous, "/observe/metrics", "/observe/metrics").status());

        var covered = contract.covered();
        var uncovered = new TreeSet<String>();
        var noSuccess = new TreeMap<String, Set<Integer>>();
        for (var route : fixture.server.routes()) {
            String key = route.method() + " " + route.path();
            if (key.startsWith("GET /openapi") || key.equals("GET /") || key.startsWith("GET /ui")) continue; // checked by the tests above
            var statuses = covered.get(key);
            if (statuses == null) uncovered.add(key);
            else if (statuses.stream().noneMatch(s -> s >= 200 && s < 300)) noSuccess.put(key, statuses);
        }
        System.out.println("OpenApiTest: statuses checked against the document, by route: " + covered);
        assertEquals(Set.of(), uncovered, "routes no response of which was checked");
        assertEquals(new TreeMap<>(), noSuccess, "routes with no successful response checked");
    }

    private static Http.Response check(String method, String route, Http.Response r) {
        return contract.check(method, route, r);
    }

    private static Http.Response get(Http client, String route, String path) {
        return check("GET", route, client.get(path));
    }

    private static Http.Response post(Http client, String route, String path, String body) {
        return check("POST", route, client.post(path, body));
    }

    private static Http.Response put(Http client, String route, String path, String type, String body) {
        return check("PUT", route, client.put(path, type, body));
    }

}
