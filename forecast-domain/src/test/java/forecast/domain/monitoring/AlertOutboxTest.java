package forecast.domain.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import forecast.domain.jobs.Job;
import forecast.domain.jobs.JobWorkers;
import forecast.domain.memory.InMemoryAlertStore;
import forecast.domain.memory.InMemoryJobQueue;
import forecast.domain.telemetry.Telemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Alert deliveries through the job queue (an outbox): what was raised before a crash is delivered
 * after the restart, whether its delivery was queued already or the crash came before it was.
 */
class AlertOutboxTest {
    static final JobWorkers.Settings ONE = new JobWorkers.Settings(1, Duration.ofSeconds(30), Duration.ofMillis(20), 3);
    final InMemoryAlertStore store = new InMemoryAlertStore();
    final InMemoryJobQueue queue = new InMemoryJobQueue();
    final List<String> delivered = new CopyOnWriteArrayList<>();
    final AlertSink sink = (event, alert) -> delivered.add(event + " " + alert.key());

    static Alert.Breach breach(String key) {
        return new Alert.Breach(key, Alert.Kind.ACCURACY, Alert.Severity.WARNING, "v1", "live MAPE 12% is over 8%", 12, 8);
    }

    /** A process: alerts delivering through a pool of their own on the shared queue, started after the redelivery. */
    Alerts process(JobWorkers[] workers) {
        var alerts = new Alerts(store, List.of(sink), Telemetry.NONE, Clock.systemUTC());
        workers[0] = new JobWorkers(queue, ONE, Clock.systemUTC());
        alerts.deliverThroughQueue(workers[0]);
        return alerts;
    }

    void awaitDelivered(int n) throws InterruptedException {
        for (int i = 0; i < 500 && delivered.size() < n; i++) Thread.sleep(10);
    }

    @Test
    void aDeliveryQueuedBeforeACrashIsMadeAfterTheRestart() throws Exception {
        var workers = new JobWorkers[1];
        var before = process(workers); // the crash comes before its workers ever ran
        before.breach(breach("accuracy:v1"));
        assertEquals(List.of(), delivered);
        assertEquals(1, queue.list(10).size());

        var after = process(workers);
        assertEquals(0, after.redeliver(100), "queued already");
        workers[0].start();
        // the job ends after the sink returns: wait for the job, not only for the delivery
        var job = workers[0].await(queue.list(10).get(0).id(), Duration.ofSeconds(30)).orElseThrow();
        workers[0].close();
        assertEquals(List.of("raised accuracy:v1"), delivered);
        assertEquals(Job.State.SUCCEEDED, job.state());
    }

    @Test
    void anAlertStoredJustBeforeTheCrashQueuedItsDeliveryIsQueuedAtTheRestart() throws Exception {
        var opened = store.raise(breach("accuracy:v2"), java.time.Instant.now()).alert(); // stored, then the crash
        var resolved = store.raise(breach("accuracy:v3"), java.time.Instant.now()).alert();
        store.resolve(resolved.id(), java.time.Instant.now());
        var workers = new JobWorkers[1];
        var after = process(workers);
        assertEquals(3, after.redeliver(100), "two openings and a resolution");
        assertEquals(0, after.redeliver(100), "each once");
        workers[0].start();
        awaitDelivered(3);
        workers[0].close();
        assertEquals(List.of("raised accuracy:v2", "raised accuracy:v3", "resolved accuracy:v3"), delivered.stream().sorted().toList());
        assertEquals(opened.id(), store.find(opened.id()).orElseThrow().id());
    }

    @Test
    void aSinkThatKeepsFailingFailsItsDeliveryWithTheReason() throws Exception {
        var alerts = new Alerts(store, List.of((event, alert) -> {
            throw new java.io.IOException("connection refused");
        }), Telemetry.NONE, Clock.systemUTC());
        var workers = new JobWorkers(queue, ONE, Clock.systemUTC());
        alerts.deliverThroughQueue(workers);
        workers.start();
        alerts.breach(breach("accuracy:v4"));
        var id = queue.list(1).get(0).id();
        var job = workers.await(id, Duration.ofSeconds(30)).orElseThrow();
        workers.close();
        assertEquals(Job.State.FAILED, job.state());
        assertEquals("not delivered after 3 attempts: connection refused", job.error());
    }
}
