package forecast.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.memory.InMemoryAlertStore;
import forecast.domain.monitoring.Alert;
import forecast.domain.monitoring.Alerts;
import forecast.domain.telemetry.Telemetry;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook alert sink against a local receiver. */
class WebhookAlertSinkTest {
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    static final HeaderName TOKEN = HeaderNames.create("X-Token");

    /** What the receiver got: the body and the headers of each request. */
    record Received(String method, String body, String contentType, String token) {
        JsonObject json() {
            try (var reader = jakarta.json.Json.createReader(new StringReader(body))) {
                return reader.readObject();
            }
        }
    }

    WebServer receiver;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger status = new AtomicInteger(204);
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean hang;

    @BeforeEach
    void start() {
        receiver = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .featuresDiscoverServices(false)
                .routing(r -> r.post("/hook", (req, res) -> {
                    byte[] body = req.content().inputStream().readAllBytes();
                    received.add(new Received(req.prologue().method().text(), new String(body, StandardCharsets.UTF_8),
                            req.headers().first(HeaderNames.CONTENT_TYPE).orElse(null), req.headers().first(TOKEN).orElse(null)));
                    if (hang) release.await();
                    res.status(status.get()).send();
                }))
                .build()
                .start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        receiver.stop();
    }

    URI hook() {
        return URI.create("http://127.0.0.1:" + receiver.port() + "/hook");
    }

    static Alert alert(Alert.State state, Instant resolvedAt) {
        return new Alert(7, "coverage:v1", Alert.Kind.COVERAGE, Alert.Severity.CRITICAL, "v1", "interval coverage of v1 is 0.61", 0.61, Double.NaN,
                state, T0, T0.plusSeconds(60), resolvedAt, 3);
    }

    @Test
    void theAlertArrivesAsJsonWithTheConfiguredHeaders() throws Exception {
        var sink = WebAdapters.webhook(hook(), Duration.ofSeconds(10), Map.of("X-Token", "s3cret"));
        sink.send("raised", alert(Alert.State.OPEN, null));
        assertEquals(1, received.size());
        var r = received.get(0);
        assertEquals("POST", r.method());
        assertEquals("application/json", r.contentType());
        assertEquals("s3cret", r.token());
        var json = r.json();
        assertEquals("raised", json.getString("event"));
        var a = json.getJsonObject("alert");
        assertEquals(7, a.getInt("id"));
        assertEquals("coverage:v1", a.getString("key"));
        assertEquals("coverage", a.getString("kind"));
        assertEquals("critical", a.getString("severity"));
        assertEquals("v1", a.getString("subject"));
        assertEquals("interval coverage of v1 is 0.61", a.getString("message"));
        assertEquals(0.61, a.getJsonNumber("value").doubleValue());
        assertEquals(JsonValue.NULL, a.get("threshold"), "NaN is null");
        assertEquals("open", a.getString("state"));
        assertEquals(T0.toString(), a.getString("raised_at"));
        assertEquals(T0.plusSeconds(60).toString(), a.getString("last_seen_at"));
        assertEquals(JsonValue.NULL, a.get("resolved_at"));
        assertEquals(3, a.getInt("occurrences"));

        sink.send("resolved", alert(Alert.State.RESOLVED, T0.plusSeconds(120)));
        var resolved = received.get(1).json();
        assertEquals("resolved", resolved.getString("event"));
        assertEquals("resolved", resolved.getJsonObject("alert").getString("state"));
        assertEquals(T0.plusSeconds(120).toString(), resolved.getJsonObject("alert").getString("resolved_at"));
    }

    @Test
    void anAnswerOtherThan2xxThrowsSoThatTheDeliveryIsRetried() {
        status.set(500);
        var sink = WebAdapters.webhook(hook(), Duration.ofSeconds(10), Map.of());
        var e = assertThrows(IOException.class, () -> sink.send("raised", alert(Alert.State.OPEN, null)));
        assertTrue(e.getMessage().contains("500"), e.getMessage());
        status.set(302);
        assertThrows(IOException.class, () -> sink.send("raised", alert(Alert.State.OPEN, null)), "redirects are not followed");
    }

    @Test
    void aWebhookThatDoesNotAnswerInTimeThrows() {
        hang = true;
        var sink = WebAdapters.webhook(hook(), Duration.ofMillis(200), Map.of());
        assertThrows(IOException.class, () -> sink.send("raised", alert(Alert.State.OPEN, null)));
    }

    @Test
    void alertsDeliverOpeningsAndResolutionsThroughTheSink() {
        var alerts = new Alerts(new InMemoryAlertStore(), List.of(WebAdapters.webhook(hook(), Duration.ofSeconds(10), Map.of("X-Token", "t"))), Telemetry.NONE,
                Clock.systemUTC());
        var breach = new Alert.Breach("accuracy:v1", Alert.Kind.ACCURACY, Alert.Severity.WARNING, "v1", "live MAPE too high", 12.5, 8);
        alerts.breach(breach);
        alerts.breach(breach); // still open: counted, not sent again
        alerts.recover("accuracy:v1");
        alerts.close(); // delivers what is queued
        assertEquals(List.of("raised", "resolved"), received.stream().map(r -> r.json().getString("event")).toList());
        assertEquals(2, received.get(1).json().getJsonObject("alert").getInt("occurrences"));
        assertEquals("accuracy", received.get(0).json().getJsonObject("alert").getString("kind"));
    }

    @Test
    void unusableSettingsAreRefusedAtOnce() {
        assertThrows(IllegalArgumentException.class, () -> WebAdapters.webhook(URI.create("ftp://example.org/x"), Duration.ofSeconds(1), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> WebAdapters.webhook(URI.create("/relative"), Duration.ofSeconds(1), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> WebAdapters.webhook(hook(), Duration.ZERO, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> WebAdapters.webhook(hook(), Duration.ofSeconds(1), Map.of("Host", "elsewhere")));
        assertTrue(WebAdapters.webhook(hook(), Duration.ofSeconds(1), Map.of("X-Token", "s3cret")).toString().contains("/hook"));
        assertTrue(!WebAdapters.webhook(hook(), Duration.ofSeconds(1), Map.of("X-Token", "s3cret")).toString().contains("s3cret"));
    }
}
