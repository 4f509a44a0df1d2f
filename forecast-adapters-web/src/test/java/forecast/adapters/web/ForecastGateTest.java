package forecast.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.helidon.metrics.api.MetricsFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The forecast workers: first come, first served; a full queue and a long wait are refused with 503
 * and Retry-After; over HTTP, that refusal is a problem that names why, and changes nothing.
 */
class ForecastGateTest {
    static ForecastGate gate(int workers, int queue, Duration wait) {
        return new ForecastGate(new ServingLimits(workers, queue, wait), MetricsFactory.getInstance().globalRegistry());
    }

    /** Occupies the gate's only worker until the returned latch opens. */
    static CountDownLatch occupy(ForecastGate gate, java.util.concurrent.ExecutorService callers) throws InterruptedException {
        var entered = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        callers.submit(() -> gate.run(() -> {
            entered.countDown();
            await(release);
            return null;
        }));
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        return release;
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void requestsRunInTheOrderTheyArrived() throws Exception {
        try (var gate = gate(1, 100, Duration.ofSeconds(10)); var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            var release = occupy(gate, callers);
            var ran = new CopyOnWriteArrayList<Integer>();
            var done = new ArrayList<Future<?>>();
            for (int i = 0; i < 20; i++) {
                int id = i;
                int before = gate.waiting();
                done.add(callers.submit(() -> gate.run(() -> ran.add(id))));
                while (gate.waiting() == before) Thread.onSpinWait(); // queued before the next one comes
            }
            release.countDown();
            for (var f : done) f.get(10, TimeUnit.SECONDS);
            var expected = new ArrayList<Integer>();
            for (int i = 0; i < 20; i++) expected.add(i);
            assertEquals(expected, ran);
        }
    }

    @Test
    void aFullQueueIsRefusedAtOnceWithRetryAfter() throws Exception {
        try (var gate = gate(1, 2, Duration.ofSeconds(10)); var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            var release = occupy(gate, callers);
            var queued = List.of(callers.submit(() -> gate.run(() -> 1)), callers.submit(() -> gate.run(() -> 2)));
            while (gate.waiting() < 2) Thread.onSpinWait();
            var refused = assertThrows(ProblemException.class, () -> gate.run(() -> 3));
            assertEquals(503, refused.problem().status());
            assertEquals("/problems/overloaded", refused.problem().type());
            assertTrue(refused.problem().detail().contains("2 forecasts are waiting already"), refused.problem().detail());
            assertTrue(refused.retryAfterSeconds() >= 1, "Retry-After " + refused.retryAfterSeconds());
            release.countDown();
            assertEquals(1, queued.get(0).get(10, TimeUnit.SECONDS));
            assertEquals(2, queued.get(1).get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aRequestThatWaitedTooLongIsRefusedWhenItsTurnComes() throws Exception {
        try (var gate = gate(1, 10, Duration.ofMillis(50)); var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            var release = occupy(gate, callers);
            var ran = new CountDownLatch(1);
            var late = callers.submit(() -> gate.run(() -> {
                ran.countDown();
                return "ran";
            }));
            while (gate.waiting() < 1) Thread.onSpinWait();
            Thread.sleep(100); // longer than the wait allowed
            release.countDown();
            var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> late.get(10, TimeUnit.SECONDS));
            var problem = ((ProblemException) e.getCause()).problem();
            assertEquals(503, problem.status());
            assertTrue(problem.detail().contains("for a worker (at most 50)"), problem.detail());
            assertEquals(1, ran.getCount(), "the work of a refused request never runs");
        }
    }

    @Test
    void whatTheWorkThrowsReachesTheCaller() {
        try (var gate = gate(2, 10, Duration.ofSeconds(1))) {
            var e = assertThrows(ProblemException.class, () -> gate.run(() -> {
                throw new ProblemException(Problem.invalid("data", "bad"));
            }));
            assertEquals(400, e.problem().status());
            assertThrows(IllegalStateException.class, () -> gate.run(() -> {
                throw new IllegalStateException("a bug");
            }));
            assertEquals("ok", gate.run(() -> "ok"));
        }
    }

    /** forecast_serving_queue, as the metrics route shows it. */
    static double queued(Fixture fixture) {
        return fixture.http.get("/observe/metrics").body().lines().filter(l -> l.startsWith("forecast_serving_queue{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }

    @Test
    void overHttpAnOverloadIsA503ProblemWithRetryAfterAndTheQueuedRequestsAreAnswered() throws Exception {
        var settings = Fixture.SETTINGS.withServing(new ServingLimits(1, 1, Duration.ofSeconds(30)));
        LastValueForecaster.HELD = new CountDownLatch(1);
        LastValueForecaster.RELEASE = new CountDownLatch(1);
        try (var fixture = new Fixture(true, settings); var callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Instant end = Instant.parse("2030-01-01T09:00:00Z");
            String held = "{\"data\": " + Fixture.rows(end, 5, 0).replaceFirst(",10[0-9]\\]\\]$", "," + LastValueForecaster.HOLD + "]]") + ", \"forecast_horizon\": 2}";
            String plain = "{\"data\": " + Fixture.rows(end, 5, 0) + ", \"forecast_horizon\": 2}";
            var first = callers.submit(() -> fixture.http.post("/predict", held));
            assertTrue(LastValueForecaster.HELD.await(10, TimeUnit.SECONDS), "the first forecast holds the only worker");
            var second = callers.submit(() -> fixture.http.post("/predict", plain));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (queued(fixture) < 1 && System.nanoTime() < deadline) Thread.sleep(5);
            assertEquals(1, queued(fixture), "the second request waits for the worker");

            var refused = fixture.http.post("/predict", plain);
            assertEquals(503, refused.status(), refused.body());
            assertTrue(refused.isProblem(), refused.contentType());
            assertEquals("/problems/overloaded", refused.json().getString("type"));
            assertTrue(refused.json().getString("detail").contains("1 forecasts are waiting already"), refused.body());
            assertTrue(Long.parseLong(refused.header("Retry-After")) >= 1, refused.headers().toString());
            var batch = fixture.http.post("/predict/batch", "[" + plain + "]");
            assertEquals(503, batch.status(), "a batch queues like a single request: " + batch.body());
            assertTrue(fixture.http.get("/observe/metrics").body().lines()
                    .anyMatch(l -> l.startsWith("forecast_predictions_refused_total{") && l.contains("reason=\"overloaded\"")), "counted");
            assertEquals(200, fixture.http.get("/observe/health").status(), "health does not queue behind forecasts");

            LastValueForecaster.RELEASE.countDown();
            assertEquals(200, first.get(10, TimeUnit.SECONDS).status());
            assertEquals(200, second.get(10, TimeUnit.SECONDS).status(), "the queued request is answered once the worker is free");
        } finally {
            LastValueForecaster.RELEASE.countDown();
        }
    }
}
