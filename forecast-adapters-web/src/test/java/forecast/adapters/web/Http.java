package forecast.adapters.web;

import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small JSON client for the server under test; it sends its extra headers (an API key) on every request. */
final class Http {
    record Response(int status, String contentType, String body, Map<String, List<String>> headers) {
        /** The first value of a response header (names are case-insensitive), or "". */
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).flatMap(e -> e.getValue().stream())
                    .findFirst().orElse("");
        }

        JsonObject json() {
            try (var reader = jakarta.json.Json.createReader(new StringReader(body))) {
                JsonStructure s = reader.read();
                return s.asJsonObject();
            }
        }

        boolean isProblem() {
            return contentType.startsWith("application/problem+json");
        }
    }

    /** Sees every exchange of a client (and of the clients made from it): the request sent and the answer. */
    interface Observer {
        void seen(HttpRequest request, Response response);
    }

    private final HttpClient client;
    private final String base;
    private final Map<String, String> headers;
    private final Observer observer;

    /** A client that sends no API key. */
    Http(int port) {
        this(port, (request, response) -> {});
    }

    /** A client that sends no API key and shows every exchange to {@code observer}. */
    Http(int port, Observer observer) {
        this(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), "http://127.0.0.1:" + port, Map.of(), observer);
    }

    private Http(HttpClient client, String base, Map<String, String> headers, Observer observer) {
        this.client = client;
        this.base = base;
        this.headers = headers;
        this.observer = observer;
    }

    /** The same client, also sending {@code name: value} (on the same connections). */
    Http with(String name, String value) {
        var more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Http(client, base, more, observer);
    }

    /** The same client sending {@code Authorization: Bearer key}. */
    Http withKey(String key) {
        return with("Authorization", "Bearer " + key);
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Response post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    Response post(String path, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** GET with an {@code Accept} header. */
    Response get(String path, String accept) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", accept).GET());
    }

    /** POST of a body of any media type. */
    Response post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    /** PUT of a body of any media type. */
    Response put(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    /** Sends the body without a Content-Length, chunked. */
    Response postChunked(String path, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
    }

    Response send(HttpRequest.Builder request) {
        headers.forEach(request::header);
        try {
            var built = request.build();
            var r = client.send(built, HttpResponse.BodyHandlers.ofString());
            var response = new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r.headers().map());
            observer.seen(built, response);
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
