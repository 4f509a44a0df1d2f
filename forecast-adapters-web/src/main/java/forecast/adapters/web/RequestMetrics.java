package forecast.adapters.web;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static forecast.adapters.web.Histograms.millis;

/**
 * Per-request meters tagged {@code route} (the route pattern), {@code model_version} (the version
 * that served, {@code none} when none did) and {@code status}: {@code forecast_http_requests_total}
 * and the latency histogram {@code forecast_http_request_duration_seconds}. Tag values come from
 * the route table and the registry, never from raw client input, so their number stays bounded.
 */
final class RequestMetrics {

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
                registry.getOrCreate(Histograms.timer("forecast.http.request.duration", "Time to handle an HTTP request, from routing to the response written", tags,
                        millis(0.5), millis(1), millis(2.5), millis(5), millis(10), millis(25), millis(50), millis(100), millis(250),
                        millis(500), millis(1000), millis(5000))));
    }
}
