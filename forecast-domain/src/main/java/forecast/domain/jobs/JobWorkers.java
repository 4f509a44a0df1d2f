package forecast.domain.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one pool that runs heavy work: {@link Settings#workers()} threads take jobs from the
 * {@link JobQueue} and run them with the handler of their kind, so that training, tuning and the
 * other kinds together never run more jobs at once than there are workers (on a 2-core machine one
 * worker leaves the other core to serving). While a job runs, its lease is renewed every third of
 * {@link Settings#lease()}; a process that dies stops renewing, and the job is taken again when the
 * lease expires, by this process after a restart or by another one sharing the database.
 */
public final class JobWorkers implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(JobWorkers.class.getName());

    /**
     * {@code workers} threads; a running job's {@code lease}; how often an idle worker looks for
     * work another process queued ({@code poll}); and how many times a job is taken before an
     * expired lease fails it ({@code maxAttempts}).
     */
    public record Settings(int workers, Duration lease, Duration poll, int maxAttempts) {
        public static final Settings DEFAULTS = new Settings(1, Duration.ofSeconds(30), Duration.ofSeconds(1), 3);

        public Settings {
            if (workers < 1) throw new IllegalArgumentException("jobs.workers must be at least 1");
            if (maxAttempts < 1) throw new IllegalArgumentException("jobs.max_attempts must be at least 1");
            if (lease.toMillis() < 300 || poll.toMillis() < 1) throw new IllegalArgumentException("a job lease of at least 300 ms and a positive poll are needed");
        }
    }

    private final JobQueue queue;
    private final Map<String, JobHandler> handlers = new LinkedHashMap<>();
    private final Settings settings;
    private final Clock clock;
    /** Names this pool in every holder it writes: its {@code name} (or the process id) and a random part, unique to this instance. */
    private final String process;
    private final Map<String, String> held = new ConcurrentHashMap<>(); // job id -> holder, while running here
    private final List<Thread> threads = new ArrayList<>();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        var t = new Thread(r, "forecast-job-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private final Object wake = new Object();
    private volatile boolean closed;

    public JobWorkers(JobQueue queue, Settings settings, Clock clock) {
        this(queue, settings, clock, null);
    }

    /**
     * As {@link #JobWorkers(JobQueue, Settings, Clock)}, its holders named after {@code name} (a
     * replica's id, so that a job's holder tells which replica runs it; null: the process id). A
     * random part is added either way: two pools, even of one process, never share a holder.
     */
    public JobWorkers(JobQueue queue, Settings settings, Clock clock, String name) {
        this.queue = queue;
        this.settings = settings;
        this.clock = clock;
        String prefix = name == null || name.isBlank() ? String.valueOf(ProcessHandle.current().pid()) : name.strip();
        if (prefix.length() > 64) prefix = prefix.substring(0, 64); // the holder column is 128 characters
        this.process = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Runs the jobs of {@code handler}'s kind; every handler is given before {@link #start}. */
    public synchronized JobWorkers handle(JobHandler handler) {
        if (!threads.isEmpty()) throw new IllegalStateException("handlers are given before the workers start");
        handlers.put(handler.kind(), handler);
        return this;
    }

    public JobQueue queue() {
        return queue;
    }

    /** Starts the workers and the lease renewal. */
    public synchronized JobWorkers start() {
        long every = Math.max(100, settings.lease().toMillis() / 3);
        heartbeats.scheduleAtFixedRate(this::renew, every, every, TimeUnit.MILLISECONDS);
        for (int i = 1; i <= settings.workers(); i++) {
            var t = new Thread(this::work, "forecast-job-worker-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        return this;
    }

    public Settings settings() {
        return settings;
    }

    /** Queues {@code job} and wakes an idle worker. */
    public Job submit(NewJob job) {
        if (!handlers.containsKey(job.kind())) throw new IllegalArgumentException("no handler for jobs of kind " + job.kind());
        var queued = queue.enqueue(job);
        synchronized (wake) {
            wake.notifyAll();
        }
        return queued;
    }

    /** The job once it has ended, or as it is after {@code timeout}. */
    public Optional<Job> await(String id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            var job = queue.find(id);
            if (job.isEmpty() || job.get().done() || System.nanoTime() >= deadline) return job;
            Thread.sleep(20);
        }
    }

    private void work() {
        String holder = process + "/" + Thread.currentThread().getName();
        var kinds = List.copyOf(handlers.keySet());
        while (!closed) {
            Optional<Job> claimed;
            try {
                Instant now = clock.instant();
                claimed = queue.claim(kinds, holder, now, now.plus(settings.lease()), settings.maxAttempts());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot take a job from the queue: " + e.getMessage());
                claimed = Optional.empty();
            }
            if (claimed.isEmpty()) {
                idle();
                continue;
            }
            run(claimed.get(), holder);
        }
    }

    private void idle() {
        synchronized (wake) {
            try {
                if (!closed) wake.wait(settings.poll().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closed = true;
            }
        }
    }

    private void run(Job job, String holder) {
        held.put(job.id(), holder);
        try {
            if (job.attempts() > 1) queue.progress(job.id(), holder, "attempt " + job.attempts() + " of " + settings.maxAttempts()
                    + ": taken again after its previous holder stopped");
            var outcome = handlers.get(job.kind()).run(job, line -> {
                if (closed) throw new StoppingException(job.id());
                if (!queue.progress(job.id(), holder, line)) {
                    var now = queue.find(job.id());
                    if (now.isPresent() && now.get().cancelRequested() && holder.equals(now.get().holder())) throw new JobCancelledException(job.id());
                    throw new LostJobException(job.id());
                }
            });
            queue.finish(job.id(), holder, outcome.succeeded() ? Job.State.SUCCEEDED : Job.State.FAILED, outcome.result(), outcome.error(), clock.instant());
        } catch (JobCancelledException e) {
            queue.finish(job.id(), holder, Job.State.CANCELLED, Map.of(), "cancelled", clock.instant());
        } catch (LostJobException | StoppingException e) {
            LOG.log(System.Logger.Level.INFO, e.getMessage());
        } catch (InterruptedException e) {
            // stopping: the job stays running until its lease expires, then it is taken again
            Thread.currentThread().interrupt();
            closed = true;
        } catch (RuntimeException | Error e) {
            if (closed) return; // cut short by the stop: taken again after the restart, as after a crash
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof JobCancelledException) { // stopped at a progress point inside the handler's own threads
                    queue.finish(job.id(), holder, Job.State.CANCELLED, Map.of(), "cancelled", clock.instant());
                    return;
                }
            }
            LOG.log(System.Logger.Level.ERROR, "job " + job.id() + " failed", e);
            queue.finish(job.id(), holder, Job.State.FAILED, Map.of(), e.getClass().getSimpleName() + ": " + e.getMessage(), clock.instant());
        } finally {
            held.remove(job.id());
        }
    }

    private void renew() {
        Instant until = clock.instant().plus(settings.lease());
        for (var e : held.entrySet()) {
            try {
                queue.heartbeat(e.getKey(), e.getValue(), until);
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, "cannot renew the lease of job " + e.getKey() + ": " + ex.getMessage());
            }
        }
    }

    /**
     * Stops taking jobs and renewing leases; a running job stops at its next progress point and, as
     * after a crash, is taken again when its lease expires. Workers are not interrupted: an
     * interrupt during a database write can close the database's file under every other user.
     */
    @Override
    public void close() {
        closed = true;
        synchronized (wake) {
            wake.notifyAll();
        }
        heartbeats.shutdownNow();
    }

    /** The pool is stopping: the job is left running, to be taken again once its lease expires. */
    private static final class StoppingException extends RuntimeException {
        StoppingException(String id) {
            super("job " + id + " stopped with the process; it is taken again once its lease expires");
        }
    }

    /** The job was taken by another holder (this one's lease expired) or ended elsewhere: stop without writing. */
    private static final class LostJobException extends RuntimeException {
        LostJobException(String id) {
            super("job " + id + " is no longer held by this worker; it stops without writing its result");
        }
    }
}
