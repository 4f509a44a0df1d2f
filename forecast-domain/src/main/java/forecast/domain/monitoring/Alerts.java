package forecast.domain.monitoring;

import forecast.domain.jobs.Job;
import forecast.domain.jobs.JobHandler;
import forecast.domain.jobs.JobWorkers;
import forecast.domain.jobs.NewJob;
import java.util.Map;

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
 * of an alert when it opens and when it resolves. Sinks are called off the caller's thread, each
 * delivery tried up to {@value #ATTEMPTS} times, so that a slow webhook never holds up a monitor:
 * through the durable job queue when {@link #deliverThroughQueue} was called (the service does),
 * else on one background thread.
 */
public final class Alerts implements AutoCloseable {
    static final int ATTEMPTS = 3;
    /** The job kind of a delivery through the queue. */
    public static final String DELIVERY = "alert_delivery";
    private static final System.Logger LOG = System.getLogger(Alerts.class.getName());

    private final AlertStore store;
    private final List<AlertSink> sinks;
    private final Telemetry telemetry;
    private final Clock clock;
    private final List<Consumer<Alert>> listeners = new CopyOnWriteArrayList<>();
    private volatile JobWorkers outbox; // null: sinks are called on the delivery thread below
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

    /**
     * Delivers through the durable job queue of {@code workers} (an outbox): each opening and
     * resolution is a job, so that an alert raised just before a crash is still delivered, at least
     * once, after the restart. {@code workers} should be a pool of its own, so that deliveries never
     * wait behind a training.
     */
    public void deliverThroughQueue(JobWorkers workers) {
        this.outbox = workers;
        workers.handle(new Delivery());
    }

    /**
     * Queues the deliveries a crash may have cut off between storing an alert and queueing its
     * delivery: every stored opening or resolution (of the newest {@code limit} alerts) without its
     * job. Called at start-up; a delivery that was queued is not queued again.
     *
     * @return how many were queued
     */
    public int redeliver(int limit) {
        if (outbox == null || sinks.isEmpty()) return 0;
        int queued = 0;
        for (var a : store.list(null, limit)) {
            if (outbox.queue().find(deliveryId("raised", a)).isEmpty() && enqueue("raised", a)) queued++;
            if (!a.open() && outbox.queue().find(deliveryId("resolved", a)).isEmpty() && enqueue("resolved", a)) queued++;
        }
        return queued;
    }

    private static String deliveryId(String event, Alert a) {
        return "alert-" + a.id() + "-" + event;
    }

    private boolean enqueue(String event, Alert alert) {
        try {
            outbox.submit(new NewJob(deliveryId(event, alert), DELIVERY, Map.of("event", event, "alert", String.valueOf(alert.id())), clock.instant()));
            return true;
        } catch (RuntimeException e) {
            // queued already (by another process, or a redelivery racing this one): delivered once more at most
            LOG.log(System.Logger.Level.INFO, "delivery of alert " + alert.key() + " (" + event + ") not queued again: " + e.getMessage());
            return false;
        }
    }

    /** Delivers one opening or resolution to every sink, as the alert is stored then; failed after the sinks' attempts. */
    private final class Delivery implements JobHandler {
        @Override
        public String kind() {
            return DELIVERY;
        }

        @Override
        public Outcome run(Job job, Consumer<String> progress) throws InterruptedException {
            String event = job.payload().get("event");
            var alert = store.find(Long.parseLong(job.payload().get("alert")));
            if (alert.isEmpty()) return Outcome.failed(Map.of(), "alert " + job.payload().get("alert") + " is not stored");
            var failures = new java.util.ArrayList<String>();
            for (var sink : sinks) {
                var failure = send(sink, event, alert.get());
                if (failure != null) failures.add(failure);
            }
            return failures.isEmpty() ? Outcome.succeeded(Map.of("delivered", String.valueOf(sinks.size())))
                    : Outcome.failed(Map.of(), String.join("; ", failures));
        }
    }

    /** Sends to {@code sink}, up to {@value #ATTEMPTS} times; null when delivered, else why not. */
    private String send(AlertSink sink, String event, Alert alert) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                sink.send(event, alert);
                telemetry.alertDelivered(true);
                return null;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (attempt == ATTEMPTS) {
                    telemetry.alertDelivered(false);
                    LOG.log(System.Logger.Level.WARNING, "could not deliver alert " + alert.key() + " (" + event + ") after " + ATTEMPTS + " attempts: " + e);
                    return "not delivered after " + ATTEMPTS + " attempts: " + e.getMessage();
                }
                Thread.sleep(250L << attempt);
            }
        }
    }

    private void deliver(String event, Alert alert) {
        if (sinks.isEmpty()) return;
        if (outbox != null) {
            enqueue(event, alert);
            return;
        }
        for (var sink : sinks) {
            delivery.execute(() -> {
                try {
                    send(sink, event, alert);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
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
