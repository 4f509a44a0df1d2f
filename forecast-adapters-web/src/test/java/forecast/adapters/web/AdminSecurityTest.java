package forecast.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Admin routes need the API key; reading models, health and (by default) predicting do not. */
class AdminSecurityTest {
    static final String DATA = Fixture.rows(Instant.parse("2030-01-01T09:00:00Z"), 80, 0);
    static final String PREDICT = "{\"data\": " + Fixture.rows(Instant.parse("2030-01-01T09:00:00Z"), 10, 0) + ", \"forecast_horizon\": 2}";
    static Fixture fixture;

    @BeforeAll
    static void start() {
        fixture = new Fixture(true).checkedAgainstOpenApi();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    /** Method, path and body of calls that change something or show admin state. */
    static Stream<Arguments> adminCalls() {
        return Stream.of(
                Arguments.of("POST", "/models/train", "{\"algorithm\": \"last_value\", \"data\": " + DATA + ", \"name\": \"sneaky\", \"wait\": true}"),
                Arguments.of("POST", "/models/deploy", "{\"model_version\": \"v2.0\"}"),
                Arguments.of("POST", "/models/rollback", "{}"),
                Arguments.of("POST", "/tuning/studies", "{\"name\": \"sneaky\", \"search_space\": {\"x\": {\"type\": \"float\", \"low\": 0, \"high\": 1}}}"),
                Arguments.of("POST", "/tuning/studies/sneaky/ask", ""),
                Arguments.of("GET", "/tuning/studies", null),
                Arguments.of("GET", "/tuning/studies/sneaky", null),
                Arguments.of("GET", "/jobs", null),
                Arguments.of("GET", "/jobs/some-id", null),
                // routes that do not exist yet are covered by the rule already
                Arguments.of("POST", "/ab-test/start", "{\"name\": \"t\"}"),
                Arguments.of("GET", "/ab-test", null),
                Arguments.of("POST", "/actuals", "{}"),
                Arguments.of("POST", "/pipeline/run", "{}"),
                Arguments.of("GET", "/pipeline/runs", null),
                Arguments.of("GET", "/pipeline/runs/some-run", null),
                Arguments.of("POST", "/alerts/1/resolve", ""),
                Arguments.of("DELETE", "/models/v1.0", null),
                Arguments.of("PUT", "/models/deploy", "{}"));
    }

    static Http.Response call(Http http, String method, String path, String body) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fixture.server.port() + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return http.send(request);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("adminCalls")
    void withoutAKeyAnAdminCallIsUnauthorized(String method, String path, String body) {
        var r = call(fixture.anonymous, method, path, body);
        assertRefused(r, 401);
        assertTrue(r.header("WWW-Authenticate").startsWith("Bearer"), r.headers().toString());
        var basic = call(fixture.anonymous.with("Authorization", "Basic YWRtaW46YWRtaW4="), method, path, body);
        assertRefused(basic, 401);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("adminCalls")
    void withAWrongKeyAnAdminCallIsForbidden(String method, String path, String body) {
        assertRefused(call(fixture.anonymous.withKey("not-the-key"), method, path, body), 403);
        assertRefused(call(fixture.anonymous.with("X-API-Key", "not-the-key"), method, path, body), 403);
        assertRefused(call(fixture.anonymous.withKey(Fixture.ADMIN_KEY + "x"), method, path, body), 403);
        assertRefused(call(fixture.anonymous.withKey(Fixture.ADMIN_KEY.substring(1)), method, path, body), 403);
    }

    static void assertRefused(Http.Response r, int status) {
        assertEquals(status, r.status(), r.body());
        assertTrue(r.isProblem(), r.contentType());
        assertEquals(status, r.json().getInt("status"));
        assertTrue(r.json().containsKey("title") && r.json().containsKey("detail"), r.body());
        assertTrue(!r.body().contains(Fixture.ADMIN_KEY), "the answer never shows a key");
    }

    @Test
    void theKeyIsAcceptedAsABearerTokenOrAsXApiKey() {
        var bearer = fixture.anonymous.with("Authorization", "bearer " + Fixture.ADMIN_KEY).get("/jobs");
        assertEquals(200, bearer.status(), bearer.body());
        var header = fixture.anonymous.with("X-API-Key", Fixture.ADMIN_KEY).get("/tuning/studies");
        assertEquals(200, header.status(), header.body());
        var deployed = fixture.anonymous.with("X-API-Key", Fixture.ADMIN_KEY).post("/models/deploy", "{\"model_version\": \"v2.0\", \"reason\": \"keyed\"}");
        assertEquals(200, deployed.status(), deployed.body());
        var back = fixture.anonymous.withKey(Fixture.ADMIN_KEY).post("/models/rollback", "{\"reason\": \"keyed\"}");
        assertEquals(200, back.status(), back.body());
        assertEquals(fixture.v1.id(), fixture.anonymous.get("/models/default/versions").json().getString("live"));
    }

    @Test
    void modelsHealthMetricsMonitoringAndPredictionsAreOpen() {
        for (String path : new String[] {"/models", "/models/v1.0", "/models/deployments", "/observe/health", "/observe/metrics", "/drift", "/alerts",
                "/alerts?state=open"}) {
            var r = fixture.anonymous.get(path);
            assertEquals(200, r.status(), path + ": " + r.body());
        }
        assertEquals(200, fixture.anonymous.post("/predict", PREDICT).status());
        assertEquals(200, fixture.anonymous.post("/predict/batch", "[" + PREDICT + "]").status());
        assertEquals(200, fixture.anonymous.withKey("not-the-key").post("/predict", PREDICT).status(), "a key on an open route is not checked");
        assertEquals(405, fixture.anonymous.get("/predict").status());
        assertEquals(404, fixture.anonymous.get("/nowhere").status());
    }

    @Test
    void aRefusedCallChangesNothing() {
        String live = fixture.anonymous.get("/models/default/versions").json().getString("live");
        int deployments = fixture.anonymous.get("/models/deployments").json().getJsonArray("deployments").size();
        int versions = fixture.anonymous.get("/models/default/versions").json().getJsonArray("versions").size();
        for (var key : new Http[] {fixture.anonymous, fixture.anonymous.withKey("not-the-key")}) {
            assertTrue(call(key, "POST", "/models/deploy", "{\"model_version\": \"v2.0\"}").status() >= 401);
            assertTrue(call(key, "POST", "/models/rollback", "{\"model_version\": \"v2.0\"}").status() >= 401);
            assertTrue(call(key, "POST", "/models/train", "{\"algorithm\": \"last_value\", \"data\": " + DATA + ", \"name\": \"sneaky\", \"wait\": true}").status() >= 401);
            assertTrue(call(key, "POST", "/tuning/studies", "{\"name\": \"sneaky\", \"search_space\": {\"x\": {\"type\": \"float\", \"low\": 0, \"high\": 1}}}").status() >= 401);
        }
        assertEquals(live, fixture.anonymous.get("/models/default/versions").json().getString("live"));
        assertEquals(deployments, fixture.anonymous.get("/models/deployments").json().getJsonArray("deployments").size());
        assertEquals(versions, fixture.anonymous.get("/models/default/versions").json().getJsonArray("versions").size());
        assertEquals(404, fixture.anonymous.get("/models/sneaky").status());
        assertEquals(0, fixture.http.get("/jobs").json().getJsonArray("jobs").size());
        assertEquals(404, fixture.http.get("/tuning/studies/sneaky").status());
    }

    @Test
    void refusalsAreCountedByRouteAndStatus() {
        assertEquals(403, fixture.anonymous.withKey("not-the-key").post("/models/deploy", "{\"model_version\": \"v2.0\"}").status());
        assertEquals(401, fixture.anonymous.get("/jobs").status());
        String text = fixture.anonymous.get("/observe/metrics").body();
        assertTrue(ObserveTest.hasLine(text, "forecast_http_requests_total{", "route=\"/models/deploy\"", "status=\"403\""), text);
        assertTrue(ObserveTest.hasLine(text, "forecast_http_requests_total{", "route=\"/jobs\"", "status=\"401\""), text);
    }

    @Test
    void aRefusedBodyIsReadSoThatTheConnectionCarriesOn() {
        String big = "{\"model_version\": \"v2.0\", \"pad\": \"" + "x".repeat(100_000) + "\"}";
        for (int i = 0; i < 5; i++) {
            assertRefused(fixture.anonymous.post("/models/deploy", big), 401);
            assertRefused(fixture.anonymous.postChunked("/models/deploy", big.getBytes(StandardCharsets.UTF_8)), 401);
            assertEquals(200, fixture.anonymous.post("/predict", PREDICT).status());
        }
        byte[] tooBig = HttpTransportTest.oversized((int) Fixture.SETTINGS.maxBodyBytes() * 2);
        assertRefused(fixture.anonymous.postChunked("/models/train", tooBig), 401);
        assertEquals(200, fixture.anonymous.post("/predict", PREDICT).status());
    }

    @Test
    void predictNeedsAKeyWhenConfiguredSo() {
        var keys = Fixture.SETTINGS.adminKeys().withPredictRequiresKey(true);
        try (var guarded = new Fixture(true, Fixture.SETTINGS.withAdminKeys(keys))) {
            assertRefused(guarded.anonymous.post("/predict", PREDICT), 401);
            assertRefused(guarded.anonymous.post("/predict/batch", "[" + PREDICT + "]"), 401);
            assertRefused(guarded.anonymous.withKey("not-the-key").post("/predict", PREDICT), 403);
            assertEquals(200, guarded.http.post("/predict", PREDICT).status());
            assertEquals(200, guarded.anonymous.with("X-API-Key", Fixture.ADMIN_KEY).post("/predict/batch", "[" + PREDICT + "]").status());
            assertEquals(200, guarded.anonymous.get("/models").status(), "reading models stays open");
        }
    }

    @Test
    void withoutConfiguredKeysEveryAdminCallIsRefused() {
        try (var locked = new Fixture(true, Fixture.SETTINGS.withAdminKeys(AdminKeys.none()))) {
            assertRefused(locked.anonymous.get("/jobs"), 401);
            assertRefused(locked.http.get("/jobs"), 403);
            assertRefused(locked.http.post("/models/rollback", "{}"), 403);
            assertEquals(200, locked.anonymous.post("/predict", PREDICT).status());
        }
    }
}
