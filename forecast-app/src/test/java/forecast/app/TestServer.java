package forecast.app;

import forecast.adapters.web.WebSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

/** A real server on a random port over a file database in {@code dataDir}, and a client for it. */
final class TestServer implements AutoCloseable {
    /** Small boosters: the tests check behaviour, the benchmark checks accuracy. */
    static final Map<String, String> FAST = Map.of("rounds", "60", "max_rows", "8000");

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    final Application app;

    private TestServer(Application app) {
        this.app = app;
    }

    static TestServer start(Path dataDir) {
        Path home = Path.of("").toAbsolutePath().getParent();
        var config = new ForecastConfig(home, dataDir, new WebSettings("127.0.0.1", 0, 100, 10_000, 100_000, 10 * 1024 * 1024),
                new ForecastConfig.Bootstrap(home.resolve("test_data/time_series_train.csv"), home.resolve("test_data/model_config.json"), FAST));
        return new TestServer(Application.start(config));
    }

    record Response(int status, String contentType, String body) {
        Map<String, Object> json() {
            return Json.object(body);
        }
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    Response post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + app.port() + path);
    }

    private static Response send(HttpRequest request) {
        try {
            var r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        app.close();
    }
}
