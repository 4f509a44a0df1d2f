package forecast.app;

import forecast.adapters.web.AdminKeys;
import forecast.adapters.web.WebSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real server on a random port over a file database in {@code dataDir}, and a client for it that
 * sends {@link #ADMIN_KEY} on every request ({@link #as} sends another key, or none).
 */
final class TestServer implements AutoCloseable {
    /** Small boosters: the tests check behaviour, the benchmark checks accuracy. */
    static final Map<String, String> FAST = Map.of("rounds", "60", "max_rows", "8000");
    /** The admin API key the server accepts (its hash is configured). */
    static final String ADMIN_KEY = "test-admin-key";

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    final Application app;

    private TestServer(Application app) {
        this.app = app;
    }

    static TestServer start(Path dataDir) {
        return start(dataDir, forecast.domain.jobs.JobWorkers.Settings.DEFAULTS);
    }

    /** As {@link #start(Path)}, its job workers as {@code jobs} says (a short lease takes an interrupted job again soon). */
    static TestServer start(Path dataDir, forecast.domain.jobs.JobWorkers.Settings jobs) {
        Path home = Path.of("").toAbsolutePath().getParent();
        var web = new WebSettings("127.0.0.1", 0, 100, 10_000, 100_000, 10 * 1024 * 1024, AdminKeys.of(AdminKeys.hash(ADMIN_KEY)));
        var config = new ForecastConfig(home, dataDir, web,
                new ForecastConfig.Bootstrap(home.resolve("test_data/time_series_train.csv"), home.resolve("test_data/model_config.json"), FAST))
                .withJobs(jobs);
        return new TestServer(Application.start(config));
    }

    /** A server as {@code config} says, printing a generated admin key on {@code console}. */
    static TestServer start(ForecastConfig config, PrintStream console) {
        return new TestServer(Application.start(config, console));
    }

    /** The repository's root (the tests run in forecast-app). */
    static Path home() {
        return Path.of("").toAbsolutePath().getParent();
    }

    record Response(int status, String contentType, String body) {
        Map<String, Object> json() {
            return Json.object(body);
        }
    }

    /** A client of this server that sends {@code key} as a bearer token, or no key when it is null. */
    record Client(int port, String key) {
        Response get(String path) {
            return send(request(path).GET());
        }

        Response post(String path, String body) {
            return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        private HttpRequest.Builder request(String path) {
            var builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
            return key == null ? builder : builder.header("Authorization", "Bearer " + key);
        }
    }

    Client as(String key) {
        return new Client(app.port(), key);
    }

    Response get(String path) {
        return as(ADMIN_KEY).get(path);
    }

    Response post(String path, String body) {
        return as(ADMIN_KEY).post(path, body);
    }

    private static Response send(HttpRequest.Builder request) {
        try {
            var r = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
