package forecast.adapters.web;

import forecast.domain.monitoring.Alert;
import forecast.domain.serving.LiveModels;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static forecast.adapters.web.Histograms.seconds;

/**
 * The monitoring and retraining meters of {@link MeteredTelemetry}. In Prometheus text:
 * <ul>
 *   <li>{@code forecast_live_mape}, {@code forecast_live_mase}, {@code forecast_live_interval_coverage},
 *       {@code forecast_live_nominal_coverage} and {@code forecast_live_scored_points}, each by
 *       {@code model_version}: live accuracy over the monitor's window (NaN until known);</li>
 *   <li>{@code forecast_drift_score{detector, series}} and {@code forecast_drift_detected} (0 or 1);</li>
 *   <li>{@code forecast_alerts_open{kind}}, {@code forecast_alerts_raised_total{kind}} and
 *       {@code forecast_alert_deliveries_total{outcome}};</li>
 *   <li>{@code forecast_pipeline_runs_total{outcome}} and the histogram
 *       {@code forecast_pipeline_run_duration_seconds{outcome}};</li>
 *   <li>{@code forecast_models_loaded}: model versions held in memory for serving.</li>
 * </ul>
 * Gauges read values kept here, so an update is a write to a field. Callers catch what throws.
 */
final class MonitoringMeters {

    /** One version's latest live accuracy, read by its gauges. */
    private static final class Live {
        volatile double mape = Double.NaN;
        volatile double mase = Double.NaN;
        volatile double coverage = Double.NaN;
        volatile double nominal = Double.NaN;
        volatile int points;
    }

    /** One detector's latest verdict on a series. */
    private static final class Drift {
        volatile double score = Double.NaN;
        volatile boolean detected;
    }

    private final MeterRegistry registry;
    private final Map<String, Live> live = new ConcurrentHashMap<>();
    private final Map<String, Drift> drift = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> open = new ConcurrentHashMap<>();
    private final Map<String, Counter> raised = new ConcurrentHashMap<>();
    private final Map<String, Counter> deliveries = new ConcurrentHashMap<>();
    private final Map<String, Counter> runs = new ConcurrentHashMap<>();
    private final Map<String, Timer> runDurations = new ConcurrentHashMap<>();
    private final AtomicReference<LiveModels> models = new AtomicReference<>();

    MonitoringMeters(MeterRegistry registry) {
        this.registry = registry;
        // every kind is shown from the start, at 0, so that an alerting rule finds its series
        for (var kind : Alert.Kind.values()) openCount(Alert.name(kind));
    }

    void liveAccuracy(String version, double mape, double mase, double coverage, double nominal, int points) {
        var l = live.computeIfAbsent(version, this::liveGauges);
        l.mape = mape;
        l.mase = mase;
        l.coverage = coverage;
        l.nominal = nominal;
        l.points = points;
    }

    private Live liveGauges(String version) {
        var l = new Live();
        var tags = List.of(Tag.create("model_version", version));
        gauge("forecast.live.mape", "Live MAPE (percent) of a model version over its latest scored forecast points", tags, () -> l.mape);
        gauge("forecast.live.mase", "Live MASE of a model version (scaled by the seasonal-naive error of its training data)", tags, () -> l.mase);
        gauge("forecast.live.interval.coverage", "Share of actuals inside a model version's recorded prediction intervals", tags, () -> l.coverage);
        gauge("forecast.live.nominal.coverage", "Mean nominal level (a fraction) of the intervals that live coverage is judged against", tags,
                () -> l.nominal);
        gauge("forecast.live.scored.points", "Scored forecast points that a model version's live accuracy is computed over", tags, () -> l.points);
        return l;
    }

    void driftScored(String detector, String series, double statistic, boolean drifted) {
        var d = drift.computeIfAbsent(detector + '\0' + series, k -> {
            var fresh = new Drift();
            var tags = List.of(Tag.create("detector", detector), Tag.create("series", series));
            gauge("forecast.drift.score", "A drift detector's latest statistic between a series' training values and its recent ones", tags,
                    () -> fresh.score);
            gauge("forecast.drift.detected", "1 when a drift detector's latest check found input drift on a series, else 0", tags,
                    () -> fresh.detected ? 1 : 0);
            return fresh;
        });
        d.score = statistic;
        d.detected = drifted;
    }

    void alertChanged(String kind, boolean opened) {
        var count = openCount(kind);
        if (opened) {
            count.incrementAndGet();
            raised.computeIfAbsent(kind, k -> registry.getOrCreate(Counter.builder("forecast.alerts.raised")
                    .description("Alerts opened, by kind").tags(List.of(Tag.create("kind", k))))).increment();
        } else {
            count.getAndUpdate(n -> Math.max(0, n - 1));
        }
    }

    /** Sets the open alerts' count per kind to that of {@code alerts} (the store's open alerts at start-up). */
    void openAlerts(List<Alert> alerts) {
        var counts = new HashMap<String, Long>();
        for (var kind : open.keySet()) counts.put(kind, 0L);
        for (var a : alerts) if (a.open()) counts.merge(Alert.name(a.kind()), 1L, Long::sum);
        counts.forEach((kind, n) -> openCount(kind).set(n));
    }

    private AtomicLong openCount(String kind) {
        return open.computeIfAbsent(kind, k -> {
            var count = new AtomicLong();
            gauge("forecast.alerts.open", "Alerts open now, by kind", List.of(Tag.create("kind", k)), count::get);
            return count;
        });
    }

    void alertDelivered(boolean delivered) {
        deliveries.computeIfAbsent(delivered ? "delivered" : "failed", o -> registry.getOrCreate(Counter.builder("forecast.alert.deliveries")
                .description("Alert notifications sent to a sink (webhook), by outcome: delivered, or failed after every retry")
                .tags(List.of(Tag.create("outcome", o))))).increment();
    }

    void pipelineRunFinished(String outcome, long nanos) {
        runs.computeIfAbsent(outcome, o -> registry.getOrCreate(Counter.builder("forecast.pipeline.runs")
                .description("Retraining pipeline runs ended, by outcome").tags(List.of(Tag.create("outcome", o))))).increment();
        runDurations.computeIfAbsent(outcome, o -> registry.getOrCreate(Histograms.timer("forecast.pipeline.run.duration",
                        "Retraining pipeline runs, from trigger to end, by outcome", List.of(Tag.create("outcome", o)), seconds(10), seconds(30), seconds(60), seconds(300), seconds(900), seconds(1800), seconds(3600), seconds(7200),
                        seconds(86_400))))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Shows how many model versions {@code loaded} holds; the gauge follows the latest one given. */
    void watchModels(LiveModels loaded) {
        if (models.getAndSet(loaded) == null)
            gauge("forecast.models.loaded", "Model versions held in memory for serving", List.of(), () -> {
                var m = models.get();
                return m == null ? 0 : m.loaded().size();
            });
    }

    private void gauge(String name, String description, List<Tag> tags, Supplier<? extends Number> value) {
        registry.getOrCreate(Gauge.builder(name, value).description(description).tags(tags));
    }

}
