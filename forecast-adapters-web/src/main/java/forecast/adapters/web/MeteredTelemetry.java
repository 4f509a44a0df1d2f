package forecast.adapters.web;

import forecast.domain.monitoring.Alerts;
import forecast.domain.serving.LiveModels;
import forecast.domain.telemetry.Telemetry;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MetricsConfig;
import io.helidon.metrics.api.MetricsFactory;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.service.registry.Services;
import io.helidon.metrics.api.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static forecast.adapters.web.Histograms.millis;
import static forecast.adapters.web.Histograms.seconds;

/**
 * {@link Telemetry} as Helidon meters in the global registry. In Prometheus text:
 * <ul>
 *   <li>{@code forecast_predictions_total{model_version}}: forecasts served;</li>
 *   <li>{@code forecast_prediction_steps_total{model_version}}: forecast steps served;</li>
 *   <li>{@code forecast_prediction_duration_seconds{model_version}}: model time per forecast (histogram);</li>
 *   <li>{@code forecast_predictions_refused_total{reason, model_version}}: refused predictions
 *       ({@code model_version} empty when none was asked for or chosen);</li>
 *   <li>{@code forecast_training_duration_seconds{algorithm, outcome}}: training runs (histogram);</li>
 *   <li>{@code forecast_tuning_duration_seconds{algorithm, outcome}}: tuning studies run (histogram);</li>
 *   <li>{@code forecast_live_version_changes_total} and {@code forecast_live_model{model_version}}
 *       (1 for the live version, 0 for those live before);</li>
 *   <li>{@code forecast_recording_written_total}, {@code forecast_recording_buffer},
 *       {@code forecast_recording_overflows_total{policy}} and
 *       {@code forecast_recording_write_failures_total}: the prediction recorder;</li>
 *   <li>{@code forecast_experiment_assignments_total{experiment, model_version}};</li>
 *   <li>live accuracy, drift, alerts, pipeline runs and loaded models: see {@link MonitoringMeters}.</li>
 * </ul>
 * Meters are created once per tag value and kept, so a call is a map lookup and an add.
 */
final class MeteredTelemetry implements Telemetry {
    /**
     * The metrics settings of the whole process: Helidon's base JVM meters (camelCase names, gauges
     * ending in {@code _count}) are left out, because they fail {@code promtool check metrics}. The
     * global registry is made with them before any meter is registered, and the metrics observer is
     * given the same settings, so that it serves this registry rather than making another.
     */
    static final MetricsConfig METRICS = MetricsConfig.builder().scoping(s -> s.putScope("base", c -> c.name("base").enabled(false))).build();
    static final MeteredTelemetry INSTANCE = new MeteredTelemetry(MetricsFactory.getInstance().globalRegistry(METRICS));
    private static final System.Logger LOG = System.getLogger(MeteredTelemetry.class.getName());

    private record Served(Counter predictions, Counter steps, Timer duration) {}

    private final MeterRegistry registry;
    private final Map<String, Served> served = new ConcurrentHashMap<>();
    private final Map<String, Counter> refused = new ConcurrentHashMap<>();
    private final Map<String, Timer> training = new ConcurrentHashMap<>();
    private final Map<String, Timer> tuning = new ConcurrentHashMap<>();
    private final Map<String, Object> liveGauges = new ConcurrentHashMap<>();
    private final Map<String, AtomicReference<String>> live = new ConcurrentHashMap<>();
    private final Counter liveChanges;
    private final Map<String, Counter> overflows = new ConcurrentHashMap<>();
    private final Map<String, Counter> assigned = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger recordingDepth = new java.util.concurrent.atomic.AtomicInteger();
    private volatile Counter recorded;
    private final Counter recordingFailures;
    private final MonitoringMeters monitoring;

    private MeteredTelemetry(MeterRegistry registry) {
        this.registry = registry;
        this.monitoring = new MonitoringMeters(registry);
        this.recordingFailures = registry.getOrCreate(Counter.builder("forecast.recording.write.failures")
                .description("Writes of recorded predictions that failed (and are retried)"));
        this.liveChanges = registry.getOrCreate(Counter.builder("forecast.live.version.changes")
                .description("Times the live model version changed"));
    }

    @Override
    public void predictionServed(String modelVersion, int horizon, long nanos) {
        try {
            var m = served.computeIfAbsent(modelVersion, this::servedMeters);
            m.predictions().increment();
            m.steps().increment(horizon);
            m.duration().record(nanos, TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            complain(e);
        }
    }

    @Override
    public void predictionRefused(String reason) {
        predictionRefused(reason, null);
    }

    @Override
    public void predictionRefused(String reason, String version) {
        try {
            // an unknown version is the client's text, not a version: as a tag value it would let
            // clients create series without bound
            String v = version == null || reason.equals("unknown_version") ? "" : version;
            refused.computeIfAbsent(reason + '\0' + v, k -> registry.getOrCreate(Counter.builder("forecast.predictions.refused")
                    .description("Predictions refused, by reason and the model version asked for or chosen (empty: none)")
                    .tags(List.of(Tag.create("reason", reason), Tag.create("model_version", v))))).increment();
        } catch (RuntimeException e) {
            complain(e);
        }
    }

    @Override
    public void trainingFinished(String algorithm, boolean succeeded, long nanos) {
        try {
            duration(training, "forecast.training.duration", "Model training runs (backtest and final fit), by algorithm and outcome",
                    algorithm, succeeded, nanos);
        } catch (RuntimeException e) {
            complain(e);
        }
    }

    @Override
    public void tuningFinished(String algorithm, boolean succeeded, long nanos) {
        try {
            duration(tuning, "forecast.tuning.duration", "Hyperparameter tuning studies run, by algorithm and outcome", algorithm, succeeded, nanos);
        } catch (RuntimeException e) {
            complain(e);
        }
    }

    private void duration(Map<String, Timer> timers, String name, String description, String algorithm, boolean succeeded, long nanos) {
        String outcome = succeeded ? "succeeded" : "failed";
        timers.computeIfAbsent(algorithm + '\0' + outcome, k -> registry.getOrCreate(Histograms.timer(name, description,
                        List.of(Tag.create("algorithm", algorithm), Tag.create("outcome", outcome)),
                        seconds(1), seconds(5), seconds(15), seconds(30), seconds(60), seconds(120), seconds(300), seconds(600), seconds(1800))))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void liveVersionChanged(String model, String version) {
        try {
            liveChanges.increment();
            markLive(model, version);
        } catch (RuntimeException e) {
            complain(e);
        }
    }

    @Override
    public void recordingWritten(int written, int depth) {
        try {
            recordedCounter().increment(written);
            recordingDepth.set(depth);
        } catch (RuntimeException e) {
            complain(e);
        }
    }

    @Override
    public void recordingOverflow(String policy) {
        try {
            overflows.computeIfAbsent(policy, p -> registry.getOrCreate(Counter.builder("forecast.recording.overflows")
                    .description("Experiment predictions that found the recording buffer full: the request waited (block) or the record went to disk (spill)")
                    .tags(List.of(Tag.create("policy", p))))).increment();
        } catch (RuntimeException e) {
            complain(e);
        }
    }

    @Override
    public void experimentAssigned(String experiment, String version) {
        try {
            assigned.computeIfAbsent(experiment + '\0' + version, k -> registry.getOrCreate(Counter.builder("forecast.experiment.assignments")
                    .description("Predictions routed by an experiment, by experiment and arm version")
                    .tags(List.of(Tag.create("experiment", experiment), Tag.create("model_version", version))))).increment();
        } catch (RuntimeException e) {
            complain(e);
        }
    }

    @Override
    public void recordingFailed() {
        try {
            recordingFailures.increment();
        } catch (RuntimeException e) {
            complain(e);
        }
    }

    @Override
    public void liveAccuracy(String version, double mape, double mase, double coverage, double nominal, int points) {
        guard(() -> monitoring.liveAccuracy(version, mape, mase, coverage, nominal, points));
    }

    @Override
    public void driftScored(String detector, String series, double statistic, boolean drifted) {
        guard(() -> monitoring.driftScored(detector, series, statistic, drifted));
    }

    @Override
    public void alertChanged(String kind, boolean opened) {
        guard(() -> monitoring.alertChanged(kind, opened));
    }

    @Override
    public void alertDelivered(boolean delivered) {
        guard(() -> monitoring.alertDelivered(delivered));
    }

    @Override
    public void pipelineRunFinished(String outcome, long nanos) {
        guard(() -> monitoring.pipelineRunFinished(outcome, nanos));
    }

    /**
     * Sets {@code forecast_alerts_open} to the alerts {@code alerts} has open now, by kind (at
     * start-up: they may predate this process); a store that cannot be read leaves it as it is.
     */
    void openAlerts(Alerts alerts) {
        guard(() -> monitoring.openAlerts(alerts.open()));
    }

    /** Shows the number of models {@code models} holds as {@code forecast_models_loaded}. */
    void watchModels(LiveModels models) {
        guard(() -> monitoring.watchModels(models));
    }

    private static void guard(Runnable update) {
        try {
            update.run();
        } catch (RuntimeException e) {
            complain(e);
        }
    }

    private Counter recordedCounter() {
        var c = recorded;
        if (c == null) {
            c = registry.getOrCreate(Counter.builder("forecast.recording.written").description("Experiment predictions written to the database"));
            registry.getOrCreate(Gauge.builder("forecast.recording.buffer", () -> recordingDepth.get())
                    .description("Experiment predictions waiting in the recording buffer"));
            recorded = c;
        }
        return c;
    }

    /** Shows {@code version} as {@code model}'s live version without counting a change (a version restored at start-up). */
    void markLive(String model, String version) {
        var current = live.computeIfAbsent(model, m -> new AtomicReference<>());
        current.set(version);
        liveGauges.computeIfAbsent(model + '\0' + version, k -> registry.getOrCreate(Gauge.builder("forecast.live.model",
                        () -> version.equals(current.get()) ? 1 : 0)
                .description("1 for a model's live version, 0 for its versions live before")
                .tags(List.of(Tag.create("model", model), Tag.create("model_version", version)))));
    }

    private Served servedMeters(String version) {
        var tags = List.of(Tag.create("model_version", version));
        return new Served(
                registry.getOrCreate(Counter.builder("forecast.predictions").description("Forecasts served, by model version").tags(tags)),
                registry.getOrCreate(Counter.builder("forecast.prediction.steps").description("Forecast steps served, by model version").tags(tags)),
                registry.getOrCreate(Histograms.timer("forecast.prediction.duration", "Time the model took per forecast, by model version", tags,
                        millis(0.1), millis(0.25), millis(0.5), millis(1), millis(2.5), millis(5), millis(10), millis(25),
                        millis(50), millis(100), millis(250), millis(1000))));
    }

    private static void complain(RuntimeException e) {
        // telemetry must never fail a prediction
        LOG.log(System.Logger.Level.WARNING, "recording a metric failed", e);
    }

}
