package forecast.adapters.web;

import forecast.domain.telemetry.Telemetry;

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
}
