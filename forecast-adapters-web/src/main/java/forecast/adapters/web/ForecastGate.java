package forecast.adapters.web;

import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Timer;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static forecast.adapters.web.Histograms.millis;

/**
 * Where the CPU-bound part of serving a forecast runs (reading a body's rows, the model, writing
 * the answer): on {@link ServingLimits#concurrency()} platform threads of its own, taking requests
 * first come, first served, so that under saturation every request's latency grows with the queue.
 *
 * <p>Why not on the request's virtual thread: the virtual-thread scheduler runs runnable threads in
 * no particular order, and while CPU-bound forecasts kept its carrier threads busy, connections
 * whose next request had arrived waited to be read in that disorder: at 500 connections most
 * requests passed at once while one in ten waited half a second or more, though the forecasts
 * themselves never queued. With the forecasts here, carriers only read and write, their runnable
 * queue stays short, and the one queue that grows is this one, in arrival order.
 *
 * <p>When {@link ServingLimits#maxQueue()} requests already wait, or one has waited
 * {@link ServingLimits#maxWait()} when its turn comes, it is refused: 503 with {@code Retry-After},
 * the expected time to work off the queue, rather than a wait of seconds.
 */
final class ForecastGate implements AutoCloseable {
    /** Waiting in every gate of the process (one server in production; tests start many): the gauge's value. */
    private static final AtomicInteger WAITING_IN_PROCESS = new AtomicInteger();
    private static final AtomicInteger WORKERS = new AtomicInteger();

    private final ServingLimits limits;
    private final ThreadPoolExecutor workers;
    /** A moving average of a forecast's run time, for Retry-After; racy updates only blur it. */
    private volatile double meanRunNanos = 1e6;
    private final Timer waited;

    ForecastGate(ServingLimits limits, MeterRegistry registry) {
        this.limits = limits;
        // no queue at all: a request is taken by an idle worker or refused
        BlockingQueue<Runnable> queue = limits.maxQueue() == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(limits.maxQueue());
        this.workers = new ThreadPoolExecutor(limits.concurrency(), limits.concurrency(), 0, TimeUnit.SECONDS, queue, task -> {
                    var t = new Thread(task, "forecast-worker-" + WORKERS.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        registry.getOrCreate(Gauge.builder("forecast.serving.queue", WAITING_IN_PROCESS, AtomicInteger::get)
                .description("Forecast requests waiting for a worker"));
        this.waited = registry.getOrCreate(Histograms.timer("forecast.serving.queue.wait", "Time forecast requests waited for a worker",
                List.of(), millis(0.1), millis(1), millis(5), millis(25), millis(100), millis(250), millis(1000), millis(5000)));
    }

    /**
     * Runs {@code work} on a forecast worker, after the requests that came first, and returns what
     * it returned (or throws what it threw).
     *
     * @throws ProblemException 503 with Retry-After when the queue is full or the wait too long
     */
    <T> T run(Supplier<T> work) {
        long queued = System.nanoTime();
        var result = new CompletableFuture<T>();
        WAITING_IN_PROCESS.incrementAndGet();
        try {
            workers.execute(() -> {
                WAITING_IN_PROCESS.decrementAndGet();
                long started = System.nanoTime();
                waited.record(started - queued, TimeUnit.NANOSECONDS);
                if (started - queued > limits.maxWait().toNanos()) {
                    result.completeExceptionally(overloaded("it waited " + (started - queued) / 1_000_000 + " ms for a worker (at most "
                            + limits.maxWait().toMillis() + ")"));
                    return;
                }
                try {
                    result.complete(work.get());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                } finally {
                    meanRunNanos += (System.nanoTime() - started - meanRunNanos) / 64;
                }
            });
        } catch (RejectedExecutionException e) {
            WAITING_IN_PROCESS.decrementAndGet();
            throw overloaded(limits.maxQueue() + " forecasts are waiting already");
        }
        try {
            return result.get();
        } catch (InterruptedException e) {
            result.cancel(false);
            Thread.currentThread().interrupt();
            throw new ProblemException(Problem.of(503, "interrupted", "Interrupted", "the server is stopping"));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } catch (CancellationException e) {
            throw new ProblemException(Problem.of(503, "interrupted", "Interrupted", "the server is stopping"));
        }
    }

    private ProblemException overloaded(String why) {
        double seconds = workers.getQueue().size() * meanRunNanos / limits.concurrency() / 1e9;
        long retryAfter = Math.max(1, (long) Math.ceil(seconds));
        return new ProblemException(Problem.of(503, "overloaded", "Overloaded",
                "the server is forecasting at its capacity: " + why + "; retry after " + retryAfter + " s"), false, retryAfter);
    }

    /** Requests waiting for a worker now. */
    int waiting() {
        return workers.getQueue().size();
    }

    /** Stops the workers once the forecasts queued have run. */
    @Override
    public void close() {
        workers.shutdown();
    }
}
