package forecast.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PredictTest {
    static final Instant END = Instant.parse("2030-01-01T09:00:00Z");
    static final String ROWS = Fixture.rows(END, 10, 0);
    static Fixture fixture;

    @BeforeAll
    static void start() {
        fixture = new Fixture(true).checkedAgainstOpenApi();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static Http.Response predict(String body) {
        return fixture.http.post("/predict", body);
    }

    @Test
    void forecastContinuesTheHistoryWithIntervalsAroundEachPrediction() {
        var r = predict("{\"data\": " + ROWS + ", \"forecast_horizon\": 5}");
        assertEquals(200, r.status(), r.body());
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        JsonObject json = r.json();
        var predictions = json.getJsonArray("predictions");
        var intervals = json.getJsonArray("confidence_intervals");
        var timestamps = json.getJsonArray("timestamps");
        assertEquals(5, predictions.size());
        assertEquals(5, intervals.size());
        for (int i = 0; i < 5; i++) {
            double p = predictions.getJsonNumber(i).doubleValue();
            assertEquals(100 + 9 % 7, p, 1e-9, "the last value");
            var interval = intervals.getJsonArray(i);
            double lo = interval.getJsonNumber(0).doubleValue(), hi = interval.getJsonNumber(1).doubleValue();
            assertTrue(lo <= p && p <= hi && lo < hi, "[" + lo + ", " + hi + "] around " + p);
            assertEquals(END.plus(Duration.ofHours(i + 1)).toString(), timestamps.getString(i));
        }
        assertEquals(fixture.v1.id(), json.getString("model_version"));
        assertEquals("v1.0", json.getString("model_label"));
        assertEquals(0.95, json.getJsonNumber("confidence_level").doubleValue());
        assertTrue(json.getJsonNumber("execution_time_ms").doubleValue() >= 0);
    }

    @Test
    void widerLevelGivesWiderIntervals() {
        var narrow = predict("{\"data\": " + ROWS + ", \"forecast_horizon\": 3, \"confidence_level\": 0.5}").json();
        var wide = predict("{\"data\": " + ROWS + ", \"forecast_horizon\": 3, \"confidence_level\": 0.99}").json();
        assertEquals(0.5, narrow.getJsonNumber("confidence_level").doubleValue());
        for (int i = 0; i < 3; i++) {
            var n = narrow.getJsonArray("confidence_intervals").getJsonArray(i);
            var w = wide.getJsonArray("confidence_intervals").getJsonArray(i);
            double nWidth = n.getJsonNumber(1).doubleValue() - n.getJsonNumber(0).doubleValue();
            double wWidth = w.getJsonNumber(1).doubleValue() - w.getJsonNumber(0).doubleValue();
            assertTrue(wWidth > nWidth, wWidth + " > " + nWidth);
        }
    }

    @Test
    void namedVersionByLabelServesTheRequest() {
        var r = predict("{\"data\": " + ROWS + ", \"forecast_horizon\": 2, \"model_version\": \"v2.0\"}");
        assertEquals(200, r.status(), r.body());
        assertEquals(fixture.v2.id(), r.json().getString("model_version"));
        assertEquals("v2.0", r.json().getString("model_label"));
    }

    @Test
    void timestampsMayBeEpochSecondsMillisDatesOrLocalTimes() {
        long s = END.getEpochSecond();
        String seconds = "[[" + (s - 7200) + ", 1], [" + (s - 3600) + ", 2], [" + s + ", 3]]";
        String millis = "[[" + (s - 7200) * 1000 + ", 1], [" + (s - 3600) * 1000 + ", 2], [" + s * 1000 + ", 3]]";
        String local = "[[\"2030-01-01T07:00:00\", 1], [\"2030-01-01 08:00\", 2], [\"2030-01-01T10:00:00+01:00\", 3]]";
        for (String data : List.of(seconds, millis, local)) {
            var r = predict("{\"data\": " + data + ", \"forecast_horizon\": 1}");
            assertEquals(200, r.status(), data + " -> " + r.body());
            assertEquals(END.plus(Duration.ofHours(1)).toString(), r.json().getJsonArray("timestamps").getString(0), data);
        }
        var days = predict("{\"data\": [[\"2030-01-01\", 1], [\"2030-01-02\", 2], [\"2030-01-03\", 3], [\"2030-01-04\", 4]], \"forecast_horizon\": 1, \"model_version\": \"v1.0\"}");
        assertEquals(422, days.status(), "daily data on an hourly model: " + days.body());
    }

    @Test
    void nullValueIsAGapTheModelFills() {
        String data = "[[\"2030-01-01T06:00:00Z\", 1], [\"2030-01-01T07:00:00Z\", null], [\"2030-01-01T08:00:00Z\", 3], [\"2030-01-01T09:00:00Z\", null]]";
        var r = predict("{\"data\": " + data + ", \"forecast_horizon\": 2}");
        assertEquals(200, r.status(), r.body());
        assertTrue(Double.isFinite(r.json().getJsonArray("predictions").getJsonNumber(0).doubleValue()));
    }

    @Test
    void featureColumnsAndFutureFeaturesReachAModelTrainedWithThem() {
        String body = "{\"data\": " + Fixture.rows(END, 10, 2) + ", \"forecast_horizon\": 2, \"model_version\": \"with-features\","
                + " \"future_features\": [[1, 2], [3, null]]}";
        var r = predict(body);
        assertEquals(200, r.status(), r.body());
        assertEquals(fixture.withFeatures.id(), r.json().getString("model_version"));
    }

    @Test
    void unknownModelVersionIsNotFound() {
        var r = predict("{\"data\": " + ROWS + ", \"forecast_horizon\": 2, \"model_version\": \"v9.9\"}");
        assertProblem(r, 404, "model_version");
    }

    @Test
    void historyShorterThanTheModelNeedsIsUnprocessable() {
        var r = predict("{\"data\": " + Fixture.rows(END, 2, 0) + ", \"forecast_horizon\": 2}");
        assertProblem(r, 422, "data");
    }

    @Test
    void featureColumnsAreIgnoredByAModelWithoutAnyButMustMatchAModelThatHasThem() {
        // a series with features can be sent to an algorithm that does not use them (ARIMA, say)
        var ignored = predict("{\"data\": " + Fixture.rows(END, 10, 2) + ", \"forecast_horizon\": 2}");
        assertEquals(200, ignored.status(), ignored.body());
        var r = predict("{\"data\": " + Fixture.rows(END, 10, 3) + ", \"forecast_horizon\": 2, \"model_version\": \"with-features\"}");
        assertProblem(r, 422, "data[0][2]");
    }

    @Test
    void shortRequestContinuingTheTrainingSeriesUsesTheModelsContext() {
        var r = predict("{\"data\": " + Fixture.rows(Fixture.TRAINING_END.plus(Duration.ofHours(1)), 1, 0) + ", \"forecast_horizon\": 2}");
        assertEquals(200, r.status(), r.body());
    }

    /** The ten rows of {@link #ROWS} with row {@code index} replaced. */
    static String rowsWith(int index, String row) {
        return rowsWith(index, row, -1, null);
    }

    static String rowsWith(int index, String row, int index2, String row2) {
        var sb = new StringBuilder("[");
        for (int i = 0; i < 10; i++) {
            if (i > 0) sb.append(',');
            sb.append(i == index ? row : i == index2 ? row2 : row(i));
        }
        return sb.append(']').toString();
    }

    /** Row {@code i} of {@link #ROWS}. */
    static String row(int i) {
        return "[\"" + at(i) + "\", " + (100 + i % 7) + "]";
    }

    static Instant at(int i) {
        return END.minus(Duration.ofHours(9 - i));
    }

    static Stream<Arguments> badRequests() {
        String rows = ROWS;
        return Stream.of(
                Arguments.of("{", 400, "body"),
                Arguments.of("", 400, "body"),
                Arguments.of("[]", 400, "body"),
                Arguments.of("\"data\"", 400, "body"),
                Arguments.of("{\"data\": " + rows + ", \"forecast_horizon\": 5} trailing", 400, "body"),
                Arguments.of("{}", 400, "data"),
                Arguments.of("{\"forecast_horizon\": 5}", 400, "data"),
                Arguments.of("{\"data\": [], \"forecast_horizon\": 5}", 400, "data"),
                Arguments.of("{\"data\": \"abc\", \"forecast_horizon\": 5}", 400, "data"),
                Arguments.of("{\"data\": {}, \"forecast_horizon\": 5}", 400, "data"),
                Arguments.of(body(rowsWith(3, "5")), 400, "data[3]"),
                Arguments.of(body(rowsWith(3, "[\"" + at(3) + "\"]")), 400, "data[3]"),
                Arguments.of(body(rowsWith(3, "[\"yesterday\", 1]")), 400, "data[3][0]"),
                Arguments.of(body(rowsWith(3, "[true, 1]")), 400, "data[3][0]"),
                Arguments.of(body(rowsWith(3, "[\"10000-01-01T00:00:00Z\", 1]")), 400, "data[3][0]"),
                Arguments.of(body(rowsWith(3, "[1e20, 1]")), 400, "data[3][0]"),
                Arguments.of(body(rowsWith(3, "[\"2030-02-30T00:00:00Z\", 1]")), 400, "data[3][0]"),
                Arguments.of(body(rowsWith(3, "[\"" + at(3) + "\", \"NaN\"]")), 400, "data[3][1]"),
                Arguments.of(body(rowsWith(3, "[\"" + at(3) + "\", \"abc\"]")), 400, "data[3][1]"),
                Arguments.of(body(rowsWith(3, "[\"" + at(3) + "\", 1e400]")), 400, "data[3][1]"),
                Arguments.of(body(rowsWith(3, "[\"" + at(3) + "\", [1]]")), 400, "data[3][1]"),
                Arguments.of(body(rowsWith(3, "[\"" + at(3) + "\", 1, 2]")), 400, "data[3]"),
                Arguments.of(body(rowsWith(4, "[\"" + at(3) + "\", 1]")), 400, "data[4][0]"),
                Arguments.of(body(rowsWith(3, row(4), 4, row(3))), 400, "data[4][0]"),
                Arguments.of(body("[[\"2030-01-01T00:00:00Z\", 1], [\"2030-01-01T01:00:00Z\", 2], [\"2030-01-01T01:30:00Z\", 2], [\"2030-01-01T03:10:00Z\", 2]]"), 400, "data"),
                Arguments.of(body("[[\"1600-01-01\", 1], [\"2030-01-01\", 2], [\"2460-01-01\", 3]]"), 422, "data"), // a regular 430-year step: valid, but not the model's hourly data
                Arguments.of(body("[[\"2030-01-01\", null], [\"2030-01-02\", null]]"), 400, "data"),
                Arguments.of("{\"data\": " + rows + "}", 400, "forecast_horizon"),
                Arguments.of("{\"data\": " + rows + ", \"forecast_horizon\": 0}", 400, "forecast_horizon"),
                Arguments.of("{\"data\": " + rows + ", \"forecast_horizon\": -3}", 400, "forecast_horizon"),
                Arguments.of("{\"data\": " + rows + ", \"forecast_horizon\": 1.5}", 400, "forecast_horizon"),
                Arguments.of("{\"data\": " + rows + ", \"forecast_horizon\": \"5\"}", 400, "forecast_horizon"),
                Arguments.of("{\"data\": " + rows + ", \"forecast_horizon\": 100000}", 400, "forecast_horizon"),
                Arguments.of("{\"data\": " + rows + ", \"forecast_horizon\": 1e999}", 400, "forecast_horizon"),
                Arguments.of("{\"data\": " + rows + ", \"forecast_horizon\": 5, \"confidence_level\": 0}", 400, "confidence_level"),
                Arguments.of("{\"data\": " + rows + ", \"forecast_horizon\": 5, \"confidence_level\": 1}", 400, "confidence_level"),
                Arguments.of("{\"data\": " + rows + ", \"forecast_horizon\": 5, \"confidence_level\": 95}", 400, "confidence_level"),
                Arguments.of("{\"data\": " + rows + ", \"forecast_horizon\": 5, \"confidence_level\": \"0.9\"}", 400, "confidence_level"),
                Arguments.of("{\"data\": " + rows + ", \"forecast_horizon\": 5, \"model_version\": 12}", 400, "model_version"),
                Arguments.of("{\"data\": " + rows + ", \"forecast_horizon\": 2, \"future_features\": [[1], [2]]}", 400, "future_features"),
                Arguments.of("{\"data\": " + Fixture.rows(END, 10, 2) + ", \"forecast_horizon\": 2, \"future_features\": [[1, 2]]}", 400, "future_features"),
                Arguments.of("{\"data\": " + Fixture.rows(END, 10, 2) + ", \"forecast_horizon\": 2, \"future_features\": [[1, 2], [3]]}", 400, "future_features[1]"),
                Arguments.of("{\"data\": " + Fixture.rows(END, 10, 2) + ", \"forecast_horizon\": 2, \"future_features\": [[1, 2], [3, \"x\"]]}", 400, "future_features[1][1]"),
                Arguments.of("{\"data\": " + Fixture.rows(END, 10, 2) + ", \"forecast_horizon\": 2, \"future_features\": 7}", 400, "future_features"),
                Arguments.of("{\"data\": " + Fixture.rows(END, 1_001, 0) + ", \"forecast_horizon\": 2}", 413, "data"));
    }

    static String body(String data) {
        return "{\"data\": " + data + ", \"forecast_horizon\": 5}";
    }

    @ParameterizedTest(name = "[{index}] {1} naming {2}")
    @MethodSource("badRequests")
    void badInputIsAProblemNamingTheField(String body, int status, String field) {
        assertProblem(predict(body), status, field);
    }

    @Test
    void bodyOverTheLimitIsTooLarge() {
        byte[] big = ("{\"data\": " + Fixture.rows(END, 900, 0) + ", \"pad\": \"" + "x".repeat(300_000) + "\", \"forecast_horizon\": 2}")
                .getBytes(StandardCharsets.UTF_8);
        assertProblem(fixture.http.post("/predict", big), 413, "body");
        assertProblem(fixture.http.postChunked("/predict", big), 413, "body");
        var after = predict("{\"data\": " + ROWS + ", \"forecast_horizon\": 1}");
        assertEquals(200, after.status(), "the server still serves: " + after.body());
    }

    /** Odd bodies a client or an attacker might send: every one is a 4xx problem, none a 500. */
    static Stream<String> oddBodies() {
        var bodies = new ArrayList<String>(List.of(
                "null", "true", "12", "{\"data\": null, \"forecast_horizon\": 1}", "{\"data\": [null], \"forecast_horizon\": 1}",
                "{\"data\": [[null, null]], \"forecast_horizon\": 1}", "{\"data\": [[{}, 1]], \"forecast_horizon\": 1}",
                "{\"data\": [[\"2030-01-01\", 1]], \"forecast_horizon\": 1}",
                "{\"data\": [[\"2030-01-01\", 1], [\"2030-01-01\", 1]], \"forecast_horizon\": 1}",
                "{\"data\": [[-62135596801, 1], [0, 1]], \"forecast_horizon\": 1}",
                "{\"data\": [[\"0001-01-01T00:00:00Z\", 1], [\"9999-12-31T00:00:00Z\", 2], [\"9999-12-31T00:00:01Z\", 2]], \"forecast_horizon\": 1}",
                "{\"data\": [[\"9999-12-29T00:00:00Z\", 1], [\"9999-12-30T00:00:00Z\", 2], [\"9999-12-31T00:00:00Z\", 2]], \"forecast_horizon\": 500}",
                "{\"data\": [[\"2000-01-01\", 1], [\"2100-01-01\", 2], [\"2200-01-01\", 3], [\"2300-01-01\", 4]], \"forecast_horizon\": 5}",
                "{\"data\": [[\"2030-01-01T00:00:00Z\", 1], [\"2030-01-01T00:00:00.000000001Z\", 2], [\"2030-01-01T00:00:00.000000002Z\", 3]], \"forecast_horizon\": 500}",
                "{\"data\": [[\"2030-01-01T00:00:00+25:00\", 1]], \"forecast_horizon\": 1}",
                "{\"data\": [[\"2030-01-01T00:00:00[Mars/Olympus]\", 1]], \"forecast_horizon\": 1}",
                "{\"data\": [[\"\\u0000\", 1]], \"forecast_horizon\": 1}",
                "{\"data\": [[1, 1" + "0".repeat(5_000) + "]], \"forecast_horizon\": 1}",
                "{\"data\": [[1, 1e" + "9".repeat(30) + "]], \"forecast_horizon\": 1}",
                "{\"data\": [[1" + "0".repeat(5_000) + ", 1]], \"forecast_horizon\": 1}",
                "{\"data\": " + ROWS + ", \"forecast_horizon\": 1" + "0".repeat(5_000) + "}",
                "{\"data\": " + ROWS + ", \"forecast_horizon\": 5, \"model_version\": \"" + "v".repeat(10_000) + "\"}",
                "{\"data\": " + ROWS + ", \"forecast_horizon\": 5, \"model_version\": \"../../etc/passwd\"}",
                "{\"data\": " + ROWS + ", \"forecast_horizon\": 5,}",
                "{\"data\": " + ROWS + ", \"forecast_horizon\": 5, \"confidence_level\": 1e-300}",
                "{\"data\": " + ROWS + ", \"forecast_horizon\": 5, \"confidence_level\": 0.9999999999}",
                "[".repeat(100_000) + "]".repeat(100_000),
                "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000),
                "{\"data\": " + "[".repeat(5_000) + "]".repeat(5_000) + ", \"forecast_horizon\": 1}"));
        return bodies.stream();
    }

    @ParameterizedTest(name = "[{index}]")
    @MethodSource("oddBodies")
    void oddBodiesAreClientErrorsNeverServerErrors(String body) {
        var r = predict(body);
        assertTrue(r.status() >= 400 && r.status() < 500, r.status() + " for " + abbreviate(body) + ": " + r.body());
        assertTrue(r.isProblem(), r.contentType());
        assertEquals(r.status(), r.json().getInt("status"));
    }

    @Test
    void invalidUtf8IsABadRequest() {
        byte[] body = {'{', '"', 'd', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
        var r = fixture.http.post("/predict", body);
        assertTrue(r.status() >= 400 && r.status() < 500, r.status() + ": " + r.body());
    }

    static void assertProblem(Http.Response r, int status, String field) {
        assertEquals(status, r.status(), r.body());
        assertTrue(r.isProblem(), "content type " + r.contentType());
        var json = r.json();
        assertEquals(status, json.getInt("status"));
        assertTrue(json.containsKey("type") && json.containsKey("title") && json.containsKey("detail"), r.body());
        var fields = json.getJsonArray("errors").stream().map(e -> e.asJsonObject().getString("field")).toList();
        assertTrue(fields.contains(field), "expected an error naming " + field + " in " + r.body());
    }

    static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
