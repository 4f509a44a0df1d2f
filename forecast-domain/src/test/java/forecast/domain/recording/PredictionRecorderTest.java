package forecast.domain.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.memory.InMemoryPredictionLog;
import forecast.domain.telemetry.Telemetry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PredictionRecorderTest {
    private static PredictionRecord record(int i) {
        return new PredictionRecord("p" + i, "e", "v1", "u" + i, null, Instant.EPOCH, 1_000_000, List.of(Instant.EPOCH.plusSeconds(3600)), new double[] {i});
    }

    /** A log that waits for a gate before its first write, then counts what it gets. */
    private static final class GatedLog implements PredictionLog {
        final CountDownLatch gate = new CountDownLatch(1);
        final InMemoryPredictionLog inner = new InMemoryPredictionLog();
        final AtomicInteger failuresLeft = new AtomicInteger();

        @Override
        public void append(List<PredictionRecord> batch) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failuresLeft.getAndDecrement() > 0) throw new IllegalStateException("database briefly away");
            inner.append(batch);
        }

        @Override
        public List<ScoredPoint> scorePoints(Actuals actuals) {
            return inner.scorePoints(actuals);
        }

        @Override
        public List<ScoredPoint> recentScored(String version, int limit) {
            return inner.recentScored(version, limit);
        }

        @Override
        public List<ArmOutcomes> outcomes(String experiment) {
            return inner.outcomes(experiment);
        }
    }

    @Test
    void aFullBufferMakesTheCallerWaitAndNothingIsDropped() throws Exception {
        var log = new GatedLog();
        var recorder = new PredictionRecorder(log, new PredictionRecorder.Settings(10, 4, Duration.ofMillis(5), PredictionRecorder.Overflow.BLOCK), null, Telemetry.NONE);
        var producer = new Thread(() -> {
            for (int i = 0; i < 100; i++) recorder.record(record(i));
        });
        producer.start();
        Thread.sleep(100);
        assertTrue(producer.isAlive(), "blocked on the full buffer");
        log.gate.countDown();
        producer.join(10_000);
        recorder.flush();
        recorder.close();
        assertEquals(100, log.inner.outcomes("e").get(0).requests());
        assertTrue(recorder.stats().blocked() > 0);
        assertEquals(100, recorder.stats().written());
    }

    @Test
    void overflowSpillsAndTheSpillIsWrittenLater() throws Exception {
        var log = new GatedLog();
        var spilled = new ArrayList<PredictionRecord>();
        var spill = new PredictionRecorder.Spill() {
            @Override
            public synchronized void write(PredictionRecord r) {
                spilled.add(r);
            }

            private int peeked;

            @Override
            public synchronized List<PredictionRecord> peek() {
                peeked = spilled.size();
                return List.copyOf(spilled);
            }

            @Override
            public synchronized void acknowledge() {
                spilled.subList(0, peeked).clear();
                peeked = 0;
            }
        };
        var recorder = new PredictionRecorder(log, new PredictionRecorder.Settings(5, 4, Duration.ofMillis(5), PredictionRecorder.Overflow.SPILL), spill, Telemetry.NONE);
        for (int i = 0; i < 50; i++) recorder.record(record(i)); // never waits
        assertTrue(recorder.stats().spilled() >= 40);
        log.gate.countDown();
        recorder.flush();
        recorder.close();
        assertEquals(50, log.inner.outcomes("e").get(0).requests());
    }

    @Test
    void failedWritesAreRetriedAndCloseWritesWhatIsLeft() {
        var log = new GatedLog();
        log.gate.countDown();
        log.failuresLeft.set(3);
        var told = new AtomicInteger();
        var telemetry = new Telemetry() {
            @Override public void predictionServed(String modelVersion, int horizon, long nanos) {}
            @Override public void predictionRefused(String reason) {}
            @Override public void trainingFinished(String algorithm, boolean succeeded, long nanos) {}
            @Override public void liveVersionChanged(String model, String version) {}
            @Override public void recordingFailed() {
                told.incrementAndGet();
            }
        };
        var recorder = new PredictionRecorder(log, new PredictionRecorder.Settings(1_000, 50, Duration.ofMillis(5), PredictionRecorder.Overflow.BLOCK), null, telemetry);
        for (int i = 0; i < 500; i++) recorder.record(record(i));
        recorder.close();
        assertEquals(500, log.inner.outcomes("e").get(0).requests());
        assertEquals(3, recorder.stats().failures());
        assertEquals(3, told.get(), "each failed write is counted in the metrics");
    }
}
