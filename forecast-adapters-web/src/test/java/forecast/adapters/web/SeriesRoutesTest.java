package forecast.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.series.SeriesId;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code PUT /series/{id}}, {@code POST /series}, {@code GET /series} and {@code GET /series/{id}} on a real server. */
class SeriesRoutesTest {
    static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");
    Fixture fixture;

    @BeforeEach
    void start() {
        fixture = new Fixture(true).checkedAgainstOpenApi();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** A wide CSV of {@code n} hourly rows from {@code T0 + from} hours, with temperature and promotion. */
    static String wide(int from, int n) {
        var csv = new StringBuilder("timestamp,value,temperature,promotion\n");
        for (int i = from; i < from + n; i++) csv.append(T0.plus(Duration.ofHours(i))).append(',').append(100 + i % 24).append(',').append(i % 7).append(",0\n");
        return csv.toString();
    }

    Http.Response send(Http client, String method, String path, String contentType, String body) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fixture.server.port() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) request.header("Content-Type", contentType);
        return client.send(request);
    }

    Http.Response put(String id, String contentType, String body) {
        return send(fixture.http, "PUT", "/series/" + id, contentType, body);
    }

    Http.Response post(String contentType, String body) {
        return send(fixture.http, "POST", "/series", contentType, body);
    }

    static void assertProblem(Http.Response r, int status, String field) {
        assertEquals(status, r.status(), r.body());
        assertTrue(r.isProblem(), r.contentType());
        assertTrue(r.body().contains("\"field\":\"" + field + "\""), field + " in " + r.body());
    }

    static List<String> strings(JsonObject o, String name) {
        return o.getJsonArray(name).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    @Test
    void aCsvUploadCreatesTheSeriesAndALaterOneExtendsIt() {
        var created = put("shop-1", "text/csv", wide(0, 48));
        assertEquals(201, created.status(), created.body());
        var s = created.json();
        assertEquals("shop-1", s.getString("id"));
        assertEquals("/series/shop-1", s.getString("href"));
        assertEquals("PT1H", s.getString("frequency"));
        assertEquals(T0.toString(), s.getString("first_timestamp"));
        assertEquals(T0.plus(Duration.ofHours(47)).toString(), s.getString("last_timestamp"));
        assertEquals(48, s.getInt("length"));
        assertEquals(List.of("temperature", "promotion"), strings(s, "feature_names"));
        assertEquals(48, s.getInt("appended"));
        assertTrue(s.getBoolean("created"));

        var extended = put("shop-1", "text/csv; charset=utf-8", wide(50, 10));
        assertEquals(200, extended.status(), extended.body());
        assertEquals(60, extended.json().getInt("length"), "two missing hours are gaps");
        assertFalse(extended.json().getBoolean("created"));
        var history = fixture.observations.history(new SeriesId("shop-1")).orElseThrow();
        assertEquals(60, history.size());
        assertTrue(Double.isNaN(history.value(48)));
        assertEquals(100 + 50 % 24, history.value(50));
    }

    @Test
    void aJsonUploadNamesItsFeaturesOrTakesTheStoredNames() {
        var r = put("meter-1", "application/json", "{\"data\": [[\"2024-03-01\", 1, 5], [\"2024-03-02\", null, 6], [1709424000, 3, null]],"
                + " \"frequency\": \"P1D\", \"feature_names\": [\"price\"]}");
        assertEquals(201, r.status(), r.body());
        assertEquals("P1D", r.json().getString("frequency"), "a day, as Frequency writes it");
        assertEquals(List.of("price"), strings(r.json(), "feature_names"));
        var more = put("meter-1", null, "{\"data\": [[\"2024-03-04T00:00:00+00:00\", 4, 7]]}");
        assertEquals(200, more.status(), more.body());
        assertEquals(4, more.json().getInt("length"));
        var rows = fixture.http.get("/series/meter-1").json().getJsonArray("rows");
        assertEquals("[\"2024-03-02T00:00:00Z\",null,6.0]", rows.get(1).toString());
        assertEquals("[\"2024-03-03T00:00:00Z\",3.0,null]", rows.get(2).toString());
        assertEquals(4.0, rows.get(3).asJsonArray().getJsonNumber(1).doubleValue());
    }

    @Test
    void aLongCsvStoresEverySeriesAndTheListShowsTheirSummariesById() {
        var csv = new StringBuilder("series_id,timestamp,value,price\n");
        for (int i = 0; i < 30; i++)
            for (String id : List.of("store-b", "store-a", "other")) csv.append(id).append(',').append(T0.plus(Duration.ofDays(i)).toString(), 0, 10).append(',').append(i).append(",\n");
        var r = post("text/csv", csv.toString());
        assertEquals(201, r.status(), r.body());
        var series = r.json().getJsonArray("series");
        assertEquals(List.of("other", "store-a", "store-b"), series.stream().map(v -> v.asJsonObject().getString("id")).toList());
        for (var v : series) {
            assertEquals(30, v.asJsonObject().getInt("length"));
            assertEquals("P1D", v.asJsonObject().getString("frequency"));
            assertEquals(List.of("price"), strings(v.asJsonObject(), "feature_names"));
        }
        var list = fixture.http.get("/series").json().getJsonArray("series");
        assertEquals(List.of("other", "store-a", "store-b"), list.stream().map(v -> v.asJsonObject().getString("id")).toList());
        var page = fixture.http.get("/series?prefix=store-&limit=1").json();
        assertEquals(List.of("store-a"), page.getJsonArray("series").stream().map(v -> v.asJsonObject().getString("id")).toList());
        assertEquals("/series?prefix=store-&after=store-a&limit=1", page.getString("next"));
        var last = fixture.http.get(page.getString("next")).json();
        assertEquals("store-b", last.getJsonArray("series").getJsonObject(0).getString("id"));
        assertFalse(last.containsKey("next"));
        var again = post("text/csv", "series_id,timestamp,value,price\nother,2024-03-31,30,1\n");
        assertEquals(200, again.status(), again.body());
        assertEquals(31, again.json().getJsonArray("series").getJsonObject(0).getInt("length"));
    }

    @Test
    void aJsonBodyOfManySeriesIsStoredToo() {
        var r = post(null, "{\"series\": {\"a\": [[\"2024-03-01T00:00:00Z\", 1], [\"2024-03-01T01:00:00Z\", 2]], \"b\": [[\"2024-03-01T00:00:00Z\", 5]]},"
                + " \"frequency\": \"PT1H\"}");
        assertEquals(201, r.status(), r.body());
        assertEquals(2, fixture.observations.series().size());
        assertEquals(1, fixture.observations.summary(new SeriesId("b")).orElseThrow().length());
        assertEquals("PT1H", r.json().getJsonArray("series").getJsonObject(1).getString("frequency"));
    }

    @Test
    void rowsAreReadAPageAtATimeByOffsetOrByTime() {
        put("shop-1", "text/csv", wide(0, 30));
        var first = fixture.http.get("/series/shop-1?limit=10").json();
        assertEquals(0, first.getInt("offset"));
        assertEquals(10, first.getJsonArray("rows").size());
        assertEquals("/series/shop-1?offset=10&limit=10", first.getString("next"));
        var second = fixture.http.get(first.getString("next")).json();
        assertEquals(T0.plus(Duration.ofHours(10)).toString(), second.getJsonArray("rows").getJsonArray(0).getString(0));
        assertEquals("[\"2024-03-01T10:00:00Z\",110.0,3.0,0.0]", second.getJsonArray("rows").get(0).toString());
        assertFalse(fixture.http.get("/series/shop-1?offset=20&limit=10").json().containsKey("next"), "the last page");
        assertEquals(0, fixture.http.get("/series/shop-1?offset=99").json().getJsonArray("rows").size());
        assertEquals(SeriesRoutes.DEFAULT_PAGE >= 30 ? 30 : SeriesRoutes.DEFAULT_PAGE, fixture.http.get("/series/shop-1").json().getJsonArray("rows").size());

        var byTime = fixture.http.get("/series/shop-1?from=2024-03-01T05:30:00Z&to=2024-03-01T12:00:00%2B02:00&limit=2").json();
        assertEquals(6, byTime.getInt("offset"));
        assertEquals("/series/shop-1?from=2024-03-01T08:00:00Z&to=2024-03-01T10:00:00Z&limit=2", byTime.getString("next"));
        var rest = fixture.http.get(byTime.getString("next")).json();
        assertEquals(2, rest.getJsonArray("rows").size());
        assertFalse(rest.containsKey("next"));
        var unencoded = fixture.http.get("/series/shop-1?from=2024-03-01T07:00:00+02:00&limit=1").json();
        assertEquals(5, unencoded.getInt("offset"), "an offset's + that arrives as a space");
        assertEquals(3, fixture.http.get("/series/shop-1?from=" + T0.plus(Duration.ofHours(27)).getEpochSecond()).json().getJsonArray("rows").size());
    }

    @Test
    void badReadsAreProblemsNamingTheParameterAndUnknownSeriesAreNotFound() {
        put("shop-1", "text/csv", wide(0, 5));
        assertProblem(fixture.http.get("/series/shop-1?limit=0"), 400, "limit");
        assertProblem(fixture.http.get("/series/shop-1?limit=" + (SeriesRoutes.MAX_PAGE + 1)), 400, "limit");
        assertProblem(fixture.http.get("/series/shop-1?offset=-1"), 400, "offset");
        assertProblem(fixture.http.get("/series/shop-1?offset=1&from=2024-03-01"), 400, "offset");
        assertProblem(fixture.http.get("/series/shop-1?from=soon"), 400, "from");
        var unknown = fixture.http.get("/series/shop-1?page=2");
        assertProblem(unknown, 400, "page");
        assertTrue(unknown.body().contains("accepted: offset, limit, from, to"), unknown.body());
        assertProblem(fixture.http.get("/series?limit=5000"), 400, "limit");
        assertProblem(fixture.http.get("/series?sort=id"), 400, "sort");
        var missing = fixture.http.get("/series/shop-2");
        assertEquals(404, missing.status());
        assertTrue(missing.isProblem());
        assertEquals(404, fixture.http.get("/series/bad%20id").status());
    }

    @Test
    void badUploadsAreProblemsNamingLineAndColumnOrFieldAndStoreNothing() {
        put("shop-1", "text/csv", wide(0, 5));
        var before = fixture.http.get("/series").body();
        var cases = List.of(
                new String[] {"PUT", "shop-2", "text/csv", "timestamp,value\n2024-03-01T00:00:00Z,1\n2024-03-01T01:00:00Z,abc\n", "line 3, column value"},
                new String[] {"PUT", "shop-2", "text/csv", "time,value\n2024-03-01T00:00:00Z,1\n", "line 1"},
                new String[] {"PUT", "shop-2", "text/csv", "series_id,timestamp,value\nshop-2,2024-03-01T00:00:00Z,1\n", "line 1"},
                new String[] {"PUT", "shop-2", "text/csv", "timestamp,value\n2024-03-01T01:00:00Z,1\n2024-03-01T00:00:00Z,2\n", "line 3, column timestamp"},
                new String[] {"PUT", "shop-2", "text/csv", "timestamp,value\n", "body"},
                new String[] {"PUT", "shop 2", "text/csv", "timestamp,value\n2024-03-01T00:00:00Z,1\n", "id"},
                new String[] {"PUT", "shop-2", "application/json", "{\"data\": [[\"2024-03-01T00:00:00Z\", 1]], \"horizon\": 3}", "horizon"},
                new String[] {"PUT", "shop-2", "application/json", "{\"data\": [[\"2024-03-01T00:00:00Z\", \"x\"]]}", "data[0][1]"},
                new String[] {"PUT", "shop-2", "application/json", "{\"rows\": []}", "data"},
                new String[] {"PUT", "shop-2", "application/json", "{\"data\": [[\"2024-03-01T00:00:00Z\", 1, 2]], \"feature_names\": [\"a\", \"b\"]}", "feature_names"},
                new String[] {"PUT", "shop-2", "application/json", "{\"data\": [[\"2024-03-01T00:00:00Z\", 1]], \"frequency\": \"hourly\"}", "frequency"},
                new String[] {"PUT", "shop-2", "application/json", "[1, 2]", "body"},
                new String[] {"PUT", "shop-2?frequency=PT1H&x=1", "text/csv", "timestamp,value\n2024-03-01T00:00:00Z,1\n", "x"},
                new String[] {"POST", "", "text/csv", "series_id,timestamp,value\na,2024-03-01T00:00:00Z,1\nb,2024-03-01T00:00:00Z,x\na,2024-03-01T01:00:00Z,2\n",
                        "line 3, column value"},
                new String[] {"POST", "", "text/csv", "series_id,timestamp,value\na,2024-03-01T00:00:00Z,1\nb,2024-03-01T01:00:00Z,1\nb,2024-03-01T00:00:00Z,2\n",
                        "line 4, column timestamp"},
                new String[] {"POST", "", "text/csv", "timestamp,value\n2024-03-01T00:00:00Z,1\n", "line 1"},
                new String[] {"POST", "", "application/json", "{\"series\": {\"a\": [[\"2024-03-01T00:00:00Z\", 1]], \"b\": [[\"x\", 1]]}}", "series.b[0][0]"},
                new String[] {"POST", "", "application/json", "{\"series\": {\"a b\": [[\"2024-03-01T00:00:00Z\", 1]]}}", "series.a b"},
                new String[] {"POST", "", "application/json", "{\"series\": [[\"2024-03-01T00:00:00Z\", 1]]}", "series"},
                new String[] {"POST", "", "application/json", "{\"data\": [[\"2024-03-01T00:00:00Z\", 1]]}", "data"},
                new String[] {"POST", "", "application/xml", "<series/>", "Content-Type"});
        for (var c : cases) {
            var r = send(fixture.http, c[0], "/series" + (c[1].isEmpty() ? "" : "/" + c[1].replace(" ", "%20")), c[2], c[3]);
            assertTrue(r.status() >= 400 && r.status() < 500, String.join(" ", c) + " -> " + r.status() + " " + r.body());
            assertTrue(r.isProblem(), r.body());
            assertTrue(r.body().contains("\"field\":\"" + c[4] + "\""), c[4] + ": " + r.body());
        }
        var unknownMember = put("shop-2", "application/json", "{\"data\": [[\"2024-03-01T00:00:00Z\", 1]], \"horizon\": 3}");
        assertTrue(unknownMember.body().contains("accepted: data, frequency, feature_names"), unknownMember.body());
        assertEquals(before, fixture.http.get("/series").body(), "nothing stored");
        assertEquals(5, fixture.observations.history(new SeriesId("shop-1")).orElseThrow().size());
    }

    @Test
    void rowsThatDoNotFitTheStoredSeriesAreConflictsAndNoSeriesOfTheUploadIsStored() {
        put("shop-1", "text/csv", wide(0, 24));
        assertProblem(put("shop-1", "text/csv", "timestamp,value,temperature\n2024-03-02T00:00:00Z,1,2\n"), 409, "body");
        assertProblem(put("shop-1", "application/json", "{\"data\": [[\"2024-03-02T00:00:00Z\", 1, 2]]}"), 409, "data");
        assertProblem(put("shop-1", "application/json", "{\"data\": [[\"2024-03-02T00:30:00Z\", 1, 2, 0], [\"2024-03-02T01:30:00Z\", 1, 2, 0]]}"), 409, "data");
        assertProblem(put("shop-1", "application/json", "{\"data\": [[\"2024-03-02T00:00:00Z\", 1, 2, 0], [\"2024-03-03T00:00:00Z\", 1, 2, 0]],"
                + " \"frequency\": \"P1D\"}"), 409, "frequency");
        assertProblem(send(fixture.http, "PUT", "/series/shop-1?frequency=P1D", "text/csv", wide(30, 2).replace("2024-03-02T07", "2024-03-03T06")), 409, "frequency");
        var many = post("text/csv", "series_id,timestamp,value,temperature,promotion\nnew-one,2024-03-01T00:00:00Z,1,1,1\nshop-1,2024-03-05T00:30:00Z,1,1,1\n");
        assertProblem(many, 409, "body");
        assertTrue(many.body().contains("series shop-1"), many.body());
        assertEquals(List.of(new SeriesId("shop-1")), fixture.observations.series(), "the new series of the refused upload was not stored");
        assertEquals(24, fixture.observations.history(new SeriesId("shop-1")).orElseThrow().size());
        assertProblem(post(null, "{\"series\": {\"new-one\": [[\"2024-03-01T00:00:00Z\", 1]], \"shop-1\": [[\"2024-03-05T00:00:00Z\", 1]]}}"), 409, "series.shop-1");
        assertEquals(1, fixture.observations.series().size());
    }

    @Test
    void tooManyRowsOrBytesAre413() {
        var csv = new StringBuilder("timestamp,value\n");
        for (int i = 0; i <= Fixture.SETTINGS.maxHistory(); i++) csv.append(1_700_000_000L + 3600L * i).append(",1\n");
        assertProblem(put("big", "text/csv", csv.toString()), 413, "line " + (Fixture.SETTINGS.maxHistory() + 2));
        assertProblem(put("big", "text/csv", "timestamp,value\n" + "x".repeat((int) Fixture.SETTINGS.maxBodyBytes())), 413, "body");
        assertTrue(fixture.observations.series().isEmpty());
    }

    @Test
    void writesAndReadsNeedTheAdminKeyAndOtherMethodsAre405() {
        assertEquals(401, send(fixture.anonymous, "PUT", "/series/shop-1", "text/csv", wide(0, 3)).status());
        assertEquals(401, send(fixture.anonymous, "POST", "/series", "text/csv", "series_id,timestamp,value\na,2024-03-01,1\n").status());
        assertEquals(401, fixture.anonymous.get("/series").status());
        assertEquals(401, fixture.anonymous.get("/series/shop-1").status());
        assertTrue(fixture.observations.series().isEmpty());
        var delete = send(fixture.http, "DELETE", "/series/shop-1", null, "");
        assertEquals(405, delete.status(), delete.body());
        assertTrue(delete.body().contains("GET, PUT"), delete.body());
        assertEquals(405, send(fixture.http, "PUT", "/series", "text/csv", wide(0, 3)).status());
    }

    @Test
    void csvSentToJsonRoutesIs415SayingWhereCsvIsAccepted() {
        // The training routes take a long CSV (PortfolioRoutesTest); these read JSON only.
        for (String path : List.of("/predict", "/predict/batch", "/actuals")) {
            var r = send(fixture.http, "POST", path, "text/csv", wide(0, 30));
            assertProblem(r, 415, "Content-Type");
            assertTrue(r.body().contains("PUT /series/{id}") && r.body().contains("POST /series")
                    && r.body().contains("POST /models/{model}/train"), r.body());
        }
        var json = send(fixture.http, "POST", "/predict", "application/json", "{\"data\": " + Fixture.rows(Fixture.TRAINING_END, 30, 0) + ", \"forecast_horizon\": 2}");
        assertEquals(200, json.status(), json.body());
    }

    @Test
    void anUploadedSeriesIsTrainedOnBySeriesId() {
        assertEquals(201, put("shop-1", "text/csv", wide(0, 80)).status());
        var r = fixture.http.post("/models/train", "{\"algorithm\": \"last_value\", \"series_id\": \"shop-1\", \"wait\": true}");
        assertEquals(200, r.status(), r.body());
        assertEquals("shop-1", r.json().getString("series_id"));
    }

    @Test
    void trainingWithInlineDataAndASeriesIdStoresTheRowsForLaterTrainings() {
        var data = Fixture.rows(Instant.parse("2030-01-01T09:00:00Z"), 80, 0);
        var r = fixture.http.post("/models/train", "{\"algorithm\": \"last_value\", \"series_id\": \"inline-1\", \"data\": " + data + ", \"wait\": true}");
        assertEquals(200, r.status(), r.body());
        var stored = fixture.http.get("/series/inline-1?limit=1").json();
        assertEquals(80, stored.getInt("length"));
        var again = fixture.http.post("/models/train", "{\"algorithm\": \"last_value\", \"series_id\": \"inline-1\", \"wait\": true}");
        assertEquals(200, again.status(), again.body());
        var anonymous = fixture.http.post("/models/train", "{\"algorithm\": \"last_value\", \"data\": " + data + ", \"wait\": true}");
        assertEquals(200, anonymous.status(), anonymous.body());
        assertEquals(List.of(new SeriesId("inline-1")), fixture.observations.series(), "without a series_id nothing is stored");
        var mismatch = fixture.http.post("/models/train", "{\"algorithm\": \"last_value\", \"series_id\": \"inline-1\", \"data\": "
                + Fixture.rows(Instant.parse("2030-01-05T09:30:00Z"), 80, 0) + "}");
        assertProblem(mismatch, 409, "data");
        assertEquals(JsonValue.ValueType.OBJECT, mismatch.json().getValueType());
        assertEquals(80, fixture.observations.history(new SeriesId("inline-1")).orElseThrow().size());
    }

    @Test
    void anUploadAddsRowsAndFillsGapsButChangesNoStoredValueUnlessAskedTo() {
        put("shop-1", "text/csv", wide(0, 10));
        var same = put("shop-1", "text/csv", wide(0, 12));
        assertEquals(200, same.status(), "rows equal to the stored ones are fine: " + same.body());
        assertEquals(12, same.json().getInt("length"));
        var changed = wide(0, 12).replace("2024-03-01T03:00:00Z,103,3,0", "2024-03-01T03:00:00Z,999,3,0").replace("2024-03-01T07:00:00Z,107,0,0", "2024-03-01T07:00:00Z,107,5,0");
        var refused = put("shop-1", "text/csv", changed);
        assertProblem(refused, 409, "line 5, column value");
        assertProblem(refused, 409, "line 9, column temperature");
        assertTrue(refused.body().contains("?replace=true"), refused.body());
        assertProblem(put("shop-1", "application/json", "{\"data\": [[\"2024-03-01T03:00:00Z\", 999, 3, 0]]}"), 409, "data[0][1]");
        assertProblem(post("text/csv", "series_id,timestamp,value,temperature,promotion\nshop-1,2024-03-01T03:00:00Z,999,3,0\n"), 409, "line 2, column value");
        assertEquals(103, fixture.observations.history(new SeriesId("shop-1")).orElseThrow().value(3), "nothing changed");

        var gaps = put("shop-1", "text/csv", "timestamp,value,temperature,promotion\n2024-03-01T03:00:00Z,,,\n2024-03-01T12:00:00Z,112,,\n");
        assertEquals(200, gaps.status(), gaps.body());
        var history = fixture.observations.history(new SeriesId("shop-1")).orElseThrow();
        assertEquals(103, history.value(3), "an empty cell leaves the stored value");
        assertEquals(3, history.feature(3, 0));
        assertEquals(112, history.value(12));

        var replaced = send(fixture.http, "PUT", "/series/shop-1?replace=true", "text/csv", changed);
        assertEquals(200, replaced.status(), replaced.body());
        history = fixture.observations.history(new SeriesId("shop-1")).orElseThrow();
        assertEquals(999, history.value(3));
        assertEquals(5, history.feature(7, 0));
        assertProblem(send(fixture.http, "PUT", "/series/shop-1?replace=yes", "text/csv", changed), 400, "replace");
    }
}
