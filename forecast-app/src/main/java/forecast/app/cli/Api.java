package forecast.app.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The server's HTTP API for the client commands ({@link HttpClient}): the admin key from
 * {@code FORECAST_ADMIN_KEY} goes with every request as a bearer token. An answer of 400 or more
 * is a {@link CliException} whose message is the problem's {@code detail} (RFC 9457), with its
 * field errors; a server that cannot be reached is one too.
 */
public final class Api {
    /** Where the server is when neither {@code --url} nor {@code FORECAST_URL} says. */
    public static final String DEFAULT_URL = "http://localhost:8080";
    private static final Duration CONNECT = Duration.ofSeconds(10);

    private final String base;
    private final String key;
    private final HttpClient client;

    Api(String url, String key) {
        String u = url.strip();
        while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
        if (!u.startsWith("http://") && !u.startsWith("https://")) throw new CliException("--url must start with http:// or https://, not " + url);
        this.base = u;
        this.key = key == null || key.isBlank() ? null : key.strip();
        this.client = HttpClient.newBuilder().connectTimeout(CONNECT).build();
    }

    String base() {
        return base;
    }

    /** GET {@code path}: the parsed JSON answer. */
    Object get(String path) {
        return JsonText.parse(send(request(path).GET(), path));
    }

    /** POST {@code json} to {@code path}: the parsed JSON answer. */
    Object post(String path, Object json) {
        return JsonText.parse(send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JsonText.write(json))), path));
    }

    /**
     * GET {@code path} as server-sent events: {@code onEvent} gets each event's name and data, until
     * the stream ends. An error answer is a {@link CliException} as for {@link #get}.
     */
    void events(String path, BiConsumer<String, String> onEvent) {
        var request = request(path).header("Accept", "text/event-stream").GET().build();
        HttpResponse<java.util.stream.Stream<String>> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
        if (response.statusCode() >= 400) {
            String body;
            try (var lines = response.body()) {
                body = String.join("\n", lines.toList());
            }
            throw failure(response.statusCode(), body, path);
        }
        try (var lines = response.body()) {
            String event = "message";
            var data = new StringBuilder();
            boolean any = false;
            for (var it = lines.iterator(); it.hasNext(); ) {
                String line = it.next();
                if (line.isEmpty()) {
                    if (any) onEvent.accept(event, data.toString());
                    event = "message";
                    data.setLength(0);
                    any = false;
                } else if (line.startsWith(":")) {
                    // a comment: keep-alive
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    if (any) data.append('\n');
                    data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
                    any = true;
                }
            }
            if (any) onEvent.accept(event, data.toString());
        } catch (java.io.UncheckedIOException e) {
            throw new CliException("the server closed the event stream of " + path + ": " + e.getCause().getMessage());
        }
    }

    private HttpRequest.Builder request(String path) {
        var builder = HttpRequest.newBuilder(URI.create(base + path));
        if (key != null) builder.header("Authorization", "Bearer " + key);
        return builder;
    }

    private String send(HttpRequest.Builder request, String path) {
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted");
        }
        if (response.statusCode() >= 400) throw failure(response.statusCode(), response.body(), path);
        return response.body();
    }

    private CliException unreachable(IOException e) {
        String why = e instanceof ConnectException ? "connection refused" : e instanceof HttpTimeoutException ? "timed out"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new CliException("cannot reach the server at " + base + " (" + why + "); is it running? --url or FORECAST_URL say where it is");
    }

    /** The problem's detail (and its field errors) in one line, with the status. */
    private CliException failure(int status, String body, String path) {
        String detail = null;
        try {
            if (JsonText.parse(body) instanceof Map<?, ?> problem) {
                Object d = problem.get("detail");
                detail = d == null ? (problem.get("title") == null ? null : String.valueOf(problem.get("title"))) : String.valueOf(d);
                if (problem.get("errors") instanceof java.util.List<?> errors && errors.size() > 1) {
                    var fields = new StringBuilder();
                    for (Object e : errors) {
                        if (e instanceof Map<?, ?> v) fields.append(fields.isEmpty() ? "" : "; ").append(v.get("field")).append(": ").append(v.get("message"));
                    }
                    if (detail == null || !detail.contains(fields)) detail = fields.toString();
                }
            }
        } catch (IllegalArgumentException notJson) {
            // below
        }
        if (detail == null) detail = body == null || body.isBlank() ? "no detail" : body.strip();
        String hint = status == 401 ? " (set FORECAST_ADMIN_KEY to the admin key)" : status == 403 ? " (FORECAST_ADMIN_KEY is not an accepted admin key)" : "";
        return new CliException("HTTP " + status + " from " + path + ": " + detail.replaceAll("\\s*\\R\\s*", " ") + hint);
    }
}
