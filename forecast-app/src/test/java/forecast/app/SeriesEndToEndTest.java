package forecast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's stored-series example on the real service over H2 on disk: the test data uploaded
 * as CSV, extended, listed, read, trained on by id, and still there after a restart.
 */
class SeriesEndToEndTest {
    static final Path HOME = Path.of("").toAbsolutePath().getParent();

    @TempDir
    Path data;

    static HttpResponse<String> putCsv(TestServer server, String path, Path file) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.app.port() + path))
                .header("Content-Type", "text/csv").header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
                .PUT(HttpRequest.BodyPublishers.ofFile(file)).build();
        try (var client = HttpClient.newHttpClient()) {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    static HttpResponse<String> postCsv(TestServer server, String csv) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.app.port() + "/series"))
                .header("Content-Type", "text/csv").header("Authorization", "Bearer " + TestServer.ADMIN_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(csv)).build();
        try (var client = HttpClient.newHttpClient()) {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void anUploadedCsvIsStoredExtendedTrainedOnAndKeptAcrossARestart() throws Exception {
        try (var server = TestServer.start(data)) {
            var created = putCsv(server, "/series/shop-1", HOME.resolve("test_data/time_series_train.csv"));
            assertEquals(201, created.statusCode(), created.body());
            var summary = Json.object(created.body());
            assertEquals(2904, ((Number) summary.get("length")).intValue());
            assertEquals(List.of("temperature", "promotion"), summary.get("feature_names"));
            var extended = putCsv(server, "/series/shop-1", HOME.resolve("test_data/time_series_test.csv"));
            assertEquals(200, extended.statusCode(), extended.body());
            assertEquals(2904 + 336, ((Number) Json.object(extended.body()).get("length")).intValue());

            var many = postCsv(server, "series_id,timestamp,value\nstore-a,2024-05-01,10\nstore-b,2024-05-01,7\nstore-a,2024-05-02,12\n");
            assertEquals(201, many.statusCode(), many.body());
            var refused = postCsv(server, "series_id,timestamp,value\nstore-c,2024-05-01,1\nstore-a,2024-05-02T12:00:00Z,1\n");
            assertEquals(409, refused.statusCode(), refused.body());

            var list = server.get("/series");
            assertEquals(200, list.status(), list.body());
            var ids = ((List<?>) list.json().get("series")).stream().map(s -> ((Map<?, ?>) s).get("id")).toList();
            assertEquals(List.of("default", "shop-1", "store-a", "store-b"), ids, "the bootstrap's series and the uploads, not store-c");
            var page = server.get("/series/shop-1?offset=2904&limit=2").json();
            assertEquals(2, ((List<?>) page.get("rows")).size());

            var trained = server.post("/models/train", "{\"algorithm\": \"seasonal_naive\", \"series_id\": \"shop-1\", \"wait\": true}");
            assertEquals(200, trained.status(), trained.body());
            assertEquals("shop-1", trained.json().get("series_id"));
        }
        try (var again = TestServer.start(data)) {
            var page = again.get("/series/shop-1?limit=1").json();
            assertEquals(2904 + 336, ((Number) page.get("length")).intValue());
            assertTrue(again.get("/series?prefix=shop").body().contains("\"shop-1\""));
        }
    }
}
