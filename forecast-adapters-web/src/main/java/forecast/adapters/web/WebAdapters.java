package forecast.adapters.web;

import forecast.domain.monitoring.AlertSink;
import forecast.domain.telemetry.Telemetry;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** Factories of the web adapter's port implementations. */
public final class WebAdapters {
    private WebAdapters() {}

    /**
     * Telemetry recorded as Helidon meters in the global registry, so it is scraped with everything
     * else at {@code /observe/metrics}. Every call returns the same instance; it never throws.
     */
    public static Telemetry telemetry() {
        return MeteredTelemetry.INSTANCE;
    }

    /**
     * An alert sink that POSTs each alert's opening and resolution as JSON to {@code uri}, with
     * {@code headers}, within {@code timeout}; a non-2xx answer throws (see {@link WebhookAlertSink}).
     *
     * @throws IllegalArgumentException when the URI is not http(s), the timeout not positive, or a header not sendable
     */
    public static AlertSink webhook(URI uri, Duration timeout, Map<String, String> headers) {
        return new WebhookAlertSink(uri, timeout, headers);
    }
}
