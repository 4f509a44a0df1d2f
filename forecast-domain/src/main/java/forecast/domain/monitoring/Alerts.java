package forecast.domain.monitoring;

import forecast.domain.telemetry.Telemetry;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Raises, deduplicates and resolves alerts, and tells the sinks and listeners. A breach while its
 * alert is open only counts an occurrence, so a condition that persists does not spam; sinks hear
 * of an alert when it opens and when it resolves. Sinks are called on one background thread, each
 * delivery tried up to {@value #ATTEMPTS} times, so that a slow webhook never holds up a monitor.
 */
public final class Alerts implements AutoCloseable {
    static final int ATTEMPTS = 3;
    private static final System.Logger LOG = System.getLogger(Alerts.class.getName());

    private final AlertStore store;
    private final List<AlertSink> sinks;
    private final Telemetry telemetry;
    private final Clock clock;
    private final List<Consumer<Alert>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        var t = new Thread(r, "forecast-alert-delivery");
        t.setDaemon(true);
        return t;
    });

    public Alerts(AlertStore store, List<AlertSink> sinks, Telemetry telemetry, Clock clock) {
        this.store = store;
        this.sinks = List.copyOf(sinks);
        this.telemetry = telemetry;
        this.clock = clock;
    }

    /** Calls {@code listener} (on the caller's thread) with every alert that opens: the pipeline's trigger. */
    public void onRaised(Consumer<Alert> listener) {
        listeners.add(listener);
    }

    /** Opens an alert for {@code breach}, or counts it again when its alert is open. */
    public Alert breach(Alert.Breach breach) {
        var raised = store.raise(breach, clock.instant());
        if (raised.opened()) {
            telemetry.alertChanged(Alert.name(breach.kind()), true);
            deliver("raised", raised.alert());
            for (var l : listeners) {
                try {
                    l.accept(raised.alert());
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "an alert listener failed on " + raised.alert().key(), e);
                }
            }
        }
        return raised.alert();
    }

    /** Resolves the open alert of {@code key}, if any: the condition recovered. */
    public Optional<Alert> recover(String key) {
        if (store.open(key).isEmpty()) return Optional.empty(); // the common case, without a write
        var resolved = store.resolve(key, clock.instant());
        resolved.ifPresent(this::resolved);
        return resolved;
    }

    /** Resolves an alert by hand; empty when there is no alert with {@code id}. */
    public Optional<Alert> resolve(long id) {
        var before = store.find(id);
        if (before.isEmpty()) return Optional.empty();
        var after = store.resolve(id, clock.instant());
        if (before.get().open()) after.ifPresent(this::resolved);
        return after;
    }

    private void resolved(Alert a) {
        telemetry.alertChanged(Alert.name(a.kind()), false);
        deliver("resolved", a);
    }

    public List<Alert> list(Alert.State state, int limit) {
        return store.list(state, limit);
    }

    public Optional<Alert> find(long id) {
        return store.find(id);
    }

    /** The open alerts' count by kind, for the metrics at start-up. */
    public List<Alert> open() {
        return store.list(Alert.State.OPEN, 10_000);
    }

    private void deliver(String event, Alert alert) {
        for (var sink : sinks) {
            delivery.execute(() -> {
                for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                    try {
                        sink.send(event, alert);
                        telemetry.alertDelivered(true);
                        return;
                    } catch (Exception e) {
                        if (attempt == ATTEMPTS) {
                            telemetry.alertDelivered(false);
                            LOG.log(System.Logger.Level.WARNING, "could not deliver alert " + alert.key() + " (" + event + ") after " + ATTEMPTS + " attempts: " + e);
                            return;
                        }
                        try {
                            Thread.sleep(250L << attempt);
                        } catch (InterruptedException ie) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }
            });
        }
    }

    /** Delivers what is queued (waiting up to 10 seconds), then stops. */
    @Override
    public void close() {
        delivery.shutdown();
        try {
            delivery.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
