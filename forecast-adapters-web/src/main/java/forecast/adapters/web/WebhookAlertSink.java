package forecast.adapters.web;

import forecast.domain.monitoring.Alert;
import forecast.domain.monitoring.AlertSink;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Sends alerts to a webhook: each opening or resolution is one {@code POST} of
 * {@code {"event": "raised" | "resolved", "alert": {...}}} ({@code application/json}, the alert as
 * {@code GET /alerts/{id}} shows it) with the configured headers (a token, say). An answer other
 * than 2xx, a timeout or a connection failure throws, so that {@link forecast.domain.monitoring.Alerts}
 * tries again. Thread-safe; one HTTP client, reused.
 */
public final class WebhookAlertSink implements AlertSink {
    private final URI uri;
    private final Duration timeout;
    private final Map<String, String> headers;
    private final HttpClient client;

    /**
     * @param uri     an {@code http} or {@code https} URI
     * @param timeout for connecting and, separately, for the whole answer; positive
     * @param headers sent with every request; names the JDK client sets itself ({@code Host},
     *                {@code Content-Length}, {@code Connection}...) are refused
     * @throws IllegalArgumentException when one of these is unusable
     */
    public WebhookAlertSink(URI uri, Duration timeout, Map<String, String> headers) {
        if (uri == null || uri.getScheme() == null || !Set.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))
                || uri.getHost() == null)
            throw new IllegalArgumentException("the webhook needs an http or https URI with a host, got " + uri);
        if (timeout == null || timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("the webhook's timeout must be positive: " + timeout);
        this.uri = uri;
        this.timeout = timeout;
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
        request("{}"); // refuses a header the client will not send now rather than at the first alert
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** @throws IOException when the webhook answered other than 2xx, or could not be reached in time */
    @Override
    public void send(String event, Alert alert) throws IOException, InterruptedException {
        var response = client.send(request(MonitoringJson.event(event, alert)), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2)
            throw new IOException("the webhook " + uri + " answered " + response.statusCode() + " to alert " + alert.id() + " (" + event + ")");
    }

    private HttpRequest request(String json) {
        var builder = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        headers.forEach(builder::header);
        return builder.build();
    }

    @Override
    public String toString() {
        return "webhook " + uri; // not the headers: they may hold a secret
    }
}
