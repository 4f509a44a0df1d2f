package forecast.adapters.web;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Per-request meters tagged {@code route} (the route pattern), {@code model_version} (the version
 * that served, {@code none} when none did) and {@code status}: {@code forecast_http_requests_total}
 * and the latency histogram {@code forecast_http_request_duration_seconds}. Tag values come from
 * the route table and the registry, never from raw client input, so their number stays bounded.
 */
final class RequestMetrics {
    private static final double[] NO_PERCENTILES = new double[0];

    private record Key(String route, String version, int status) {}

    private record Meters(Counter requests, Timer latency) {}

    private final MeterRegistry registry;
    private final Map<Key, Meters> meters = new ConcurrentHashMap<>();

    RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String route, String modelVersion, int status, long nanos) {
        var m = meters.computeIfAbsent(new Key(route, modelVersion == null ? "none" : modelVersion, status), this::create);
        m.requests().increment();
        m.latency().record(nanos, TimeUnit.NANOSECONDS);
    }

    private Meters create(Key key) {
        var tags = List.of(Tag.create("route", key.route()), Tag.create("model_version", key.version()),
                Tag.create("status", Integer.toString(key.status())));
        return new Meters(
                registry.getOrCreate(Counter.builder("forecast.http.requests").description("HTTP requests handled").tags(tags)),
                registry.getOrCreate(Timer.builder("forecast.http.request.duration")
                        .description("Time to handle an HTTP request, from routing to the response written")
                        .tags(tags)
                        .percentiles(NO_PERCENTILES) // buckets only: quantile lines on a histogram fail promtool's lint
                        .buckets(MeteredTelemetry.millis(0.5), MeteredTelemetry.millis(1), MeteredTelemetry.millis(2.5), MeteredTelemetry.millis(5),
                                MeteredTelemetry.millis(10), MeteredTelemetry.millis(25), MeteredTelemetry.millis(50), MeteredTelemetry.millis(100),
                                MeteredTelemetry.millis(250), MeteredTelemetry.millis(500), MeteredTelemetry.millis(1000), MeteredTelemetry.millis(5000))));
    }
}
