package forecast.domain.recording;

import forecast.domain.telemetry.Telemetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records served forecasts off the prediction path, those of A/B-test arms and those kept for
 * live-accuracy monitoring alike: {@link #record} puts the record in a bounded buffer and returns;
 * a writer thread appends batches to the {@link PredictionLog}. Nothing
 * is dropped: when the buffer is full the request waits for room ({@link Overflow#BLOCK},
 * back-pressure) or the record goes to a {@link Spill} on disk that the writer replays
 * ({@link Overflow#SPILL}); both are counted. A failing write is retried until it succeeds or the
 * recorder closes; {@link #close()} writes everything still buffered. Actuals are scored through
 * the recorder ({@link #scorePoints}), because only it knows what is still on its way to the log.
 */
public final class PredictionRecorder implements AutoCloseable {
    /** What a full buffer does. */
    public enum Overflow { BLOCK, SPILL }

    /**
     * Durable overflow storage (port): records written when the buffer is full, read back by the
     * writer and removed only once they are in the log, so that a crash in between loses nothing
     * (the log ignores prediction ids it already has). {@link #peek} and {@link #acknowledge} are
     * for one consumer at a time.
     */
    public interface Spill {
        void write(PredictionRecord record);

        /** The spilled records, oldest first, left in the spill until {@link #acknowledge}. */
        List<PredictionRecord> peek();

        /** Removes the records the last {@link #peek} returned: they are written. */
        void acknowledge();

        /** Every spilled record, removed at once. */
        default List<PredictionRecord> takeAll() {
            var records = peek();
            acknowledge();
            return records;
        }
    }

    /** Buffer capacity, records per batch, the longest a record waits before a write, and the overflow policy. */
    public record Settings(int capacity, int batchSize, Duration flushInterval, Overflow overflow) {
        public Settings {
            if (capacity < 1 || batchSize < 1) throw new IllegalArgumentException("capacity and batch size must be >= 1");
        }

        public static Settings defaults() {
            return new Settings(10_000, 500, Duration.ofMillis(200), Overflow.BLOCK);
        }
    }

    private final PredictionLog log;
    private final Settings settings;
    private final Spill spill;
    private final Telemetry telemetry;
    private final BlockingQueue<PredictionRecord> buffer;
    private final Thread writer;
    private final Object progress = new Object();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong blocked = new AtomicLong();
    private final AtomicLong spilled = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean closing;

    public PredictionRecorder(PredictionLog log, Settings settings, Spill spill, Telemetry telemetry) {
        if (settings.overflow() == Overflow.SPILL && spill == null) throw new IllegalArgumentException("spilling needs a spill");
        this.log = log;
        this.settings = settings;
        this.spill = spill;
        this.telemetry = telemetry;
        this.buffer = new ArrayBlockingQueue<>(settings.capacity());
        this.writer = new Thread(this::writeLoop, "forecast-prediction-recorder");
        writer.setDaemon(true);
        writer.start();
    }

    /** What the recorder has done so far. */
    public record Stats(long accepted, long written, long blocked, long spilled, long failures, int depth) {}

    public Stats stats() {
        return new Stats(accepted.get(), written.get(), blocked.get(), spilled.get(), failures.get(), buffer.size());
    }

    /** Queues {@code record}; when the buffer is full, waits for room or spills, by the overflow policy. */
    public void record(PredictionRecord record) {
        if (closing) throw new IllegalStateException("the recorder is closed");
        accepted.incrementAndGet();
        if (buffer.offer(record)) return;
        if (settings.overflow() == Overflow.SPILL) {
            spilled.incrementAndGet();
            telemetry.recordingOverflow("spill");
            spill.write(record);
            return;
        }
        blocked.incrementAndGet();
        telemetry.recordingOverflow("block");
        try {
            buffer.put(record);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to record a prediction", e);
        }
    }

    /**
     * Waits until everything accepted so far is written (before scoring actuals), at most 30
     * seconds: when the log is down that long, the caller goes on with what is written.
     */
    public void flush() throws InterruptedException {
        long target = accepted.get();
        long deadline = System.nanoTime() + 30_000_000_000L;
        synchronized (progress) {
            while (written.get() < target && writer.isAlive() && System.nanoTime() < deadline) {
                progress.notifyAll();
                progress.wait(50);
            }
        }
    }

    /**
     * Scores the recorded forecasts that {@code actuals} match ({@link PredictionLog#scorePoints}),
     * after writing everything accepted so far: actuals meet every forecast served before them,
     * also those still in the buffer.
     *
     * @return the points scored, in no particular order
     */
    public List<ScoredPoint> scorePoints(Actuals actuals) throws InterruptedException {
        flush();
        return log.scorePoints(actuals);
    }

    /** {@link #scorePoints} when only the number matters. */
    public int score(Actuals actuals) throws InterruptedException {
        return scorePoints(actuals).size();
    }

    private void writeLoop() {
        var batch = new ArrayList<PredictionRecord>(settings.batchSize());
        boolean fromSpill = false;
        while (true) {
            try {
                if (batch.isEmpty()) {
                    var first = buffer.poll(settings.flushInterval().toMillis(), TimeUnit.MILLISECONDS);
                    if (first != null) batch.add(first);
                    buffer.drainTo(batch, settings.batchSize() - batch.size());
                    if (spill != null && batch.size() < settings.batchSize()) {
                        var spilledRecords = spill.peek();
                        fromSpill = !spilledRecords.isEmpty();
                        batch.addAll(spilledRecords);
                    }
                }
                if (batch.isEmpty()) {
                    if (closing) return;
                    continue;
                }
                log.append(batch);
                if (fromSpill) spill.acknowledge(); // only now: until the append, the spill still holds them
                fromSpill = false;
                written.addAndGet(batch.size());
                telemetry.recordingWritten(batch.size(), buffer.size());
                batch.clear();
                synchronized (progress) {
                    progress.notifyAll();
                }
            } catch (InterruptedException e) {
                if (closing && batch.isEmpty() && buffer.isEmpty()) return;
            } catch (RuntimeException e) {
                // keep the batch and try again: a record is never dropped
                failures.incrementAndGet();
                telemetry.recordingFailed();
                if (closing && failures.get() > 1_000) return;
                try {
                    Thread.sleep(Math.min(1_000, 10L * failures.get()));
                } catch (InterruptedException ignored) {
                    // retry at once
                }
            }
        }
    }

    /** Stops taking records and writes everything buffered before returning. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
