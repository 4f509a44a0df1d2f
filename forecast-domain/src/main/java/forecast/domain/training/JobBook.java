package forecast.domain.training;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Background jobs remembered in memory by key, the newest {@code kept} of them, run one at a time
 * on their own daemon thread: what training jobs and tuning jobs share. {@code J} is the job as
 * callers see it, a snapshot taken from its tracker.
 */
final class JobBook<J> implements AutoCloseable {
    /** A job's live state: a snapshot of it, and a future completed when it ends. */
    interface Tracked<J> {
        J snapshot();

        CompletableFuture<Void> finished();
    }

    private final int kept;
    private final ExecutorService worker;
    private final Map<String, Tracked<J>> jobs = new LinkedHashMap<>(); // guarded by itself

    JobBook(String threadName, int kept) {
        this.kept = kept;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            var t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Remembers {@code tracked} under {@code key} (replacing an older job of that key) and queues {@code work}. */
    void submit(String key, Tracked<J> tracked, Runnable work) {
        synchronized (jobs) {
            jobs.remove(key);
            jobs.put(key, tracked);
            while (jobs.size() > kept) jobs.remove(jobs.keySet().iterator().next());
        }
        worker.execute(work);
    }

    Optional<J> find(String key) {
        synchronized (jobs) {
            return Optional.ofNullable(jobs.get(key)).map(Tracked::snapshot);
        }
    }

    /** The remembered jobs, newest first. */
    List<J> list() {
        synchronized (jobs) {
            var out = new ArrayList<J>(jobs.size());
            jobs.values().forEach(t -> out.add(0, t.snapshot()));
            return out;
        }
    }

    /** The job once finished, or as it is after {@code timeout}. */
    Optional<J> await(String key, Duration timeout) throws InterruptedException {
        Tracked<J> tracked;
        synchronized (jobs) {
            tracked = jobs.get(key);
        }
        if (tracked == null) return Optional.empty();
        try {
            tracked.finished().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // answered with the job as it is
        }
        return Optional.of(tracked.snapshot());
    }

    /** Stops taking work; the running job is interrupted. */
    @Override
    public void close() {
        worker.shutdownNow();
    }
}
