package forecast.app;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The waits of the tests that run several replicas: a condition polled until it holds, and tasks started at one moment. */
final class Concurrently {
    private Concurrently() {}

    /** Polls {@code condition} every 50 ms until it holds; fails the test when {@code patience} has passed first. */
    static void eventually(String what, Duration patience, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) fail("within " + patience + ": " + what);
            Thread.sleep(50);
        }
    }

    /**
     * Runs every task at once, each on a thread of its own (they wait for each other at a barrier,
     * at most {@code patience}), and returns their results in order; a task's failure is thrown.
     */
    static <T> List<T> together(List<Callable<T>> tasks, Duration patience) throws Exception {
        var barrier = new CyclicBarrier(tasks.size());
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<T>>();
            for (var task : tasks) futures.add(threads.submit(() -> {
                barrier.await(patience.toSeconds(), TimeUnit.SECONDS);
                return task.call();
            }));
            var out = new ArrayList<T>();
            for (var f : futures) {
                try {
                    out.add(f.get(patience.toSeconds() * 2, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            return out;
        }
    }
}
