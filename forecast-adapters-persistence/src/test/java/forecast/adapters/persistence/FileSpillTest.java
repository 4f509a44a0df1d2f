package forecast.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.contract.StudyStoreContract;
import forecast.domain.memory.InMemoryPredictionLog;
import forecast.domain.recording.Actuals;
import forecast.domain.recording.PredictionLog;
import forecast.domain.recording.PredictionRecord;
import forecast.domain.recording.PredictionRecorder;
import forecast.domain.recording.ScoredPoint;
import forecast.domain.telemetry.Telemetry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSpillTest {
    private static final Instant T0 = Instant.parse("2024-05-01T09:00:00.123456789Z");

    @TempDir
    Path data;

    static PredictionRecord record(String id) {
        return new PredictionRecord(id, "exp", "xgboost_v7", "u1", "meter:42", T0, 1_234_567, List.of(T0.plusSeconds(3600), T0.plusSeconds(7200)),
                new double[] {10.5, 11.25});
    }

    static void assertSameRecord(PredictionRecord expected, PredictionRecord actual) {
        assertEquals(expected.predictionId(), actual.predictionId());
        assertEquals(expected.experiment(), actual.experiment());
        assertEquals(expected.version(), actual.version());
        assertEquals(expected.unitId(), actual.unitId());
        assertEquals(expected.seriesId(), actual.seriesId());
        assertEquals(expected.requestedAt(), actual.requestedAt());
        assertEquals(expected.latencyNanos(), actual.latencyNanos());
        assertEquals(expected.times(), actual.times());
        assertArrayEquals(expected.forecast(), actual.forecast());
        assertEquals(expected.level(), actual.level());
        assertArrayEquals(expected.lower(), actual.lower());
        assertArrayEquals(expected.upper(), actual.upper());
    }

    private static void assertSameRecords(List<PredictionRecord> expected, List<PredictionRecord> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) assertSameRecord(expected.get(i), actual.get(i));
    }

    @Test
    void recordsComeBackExactlyInTheOrderWritten() {
        var spill = PersistenceAdapters.spill(data.resolve("spill"));
        var awkward = new PredictionRecord("id\twith\ttabs\nand lines\r\\N", "ex\\periment", "v ✓ naïve", null, "\\N", T0, Long.MAX_VALUE,
                List.of(Instant.EPOCH, T0, Instant.parse("9999-12-31T23:59:59.999999999Z")), new double[] {Double.NaN, -0.0, Double.NEGATIVE_INFINITY});
        var empty = new PredictionRecord("", "", "", "", "", T0, 0, List.of(), new double[0]);
        var plain = record("p1");
        var tiny = new PredictionRecord("p2", "exp", "a", "u", "s", T0, -1, List.of(T0), new double[] {4.9e-324});
        var monitored = new PredictionRecord("p3", null, "a", "u", "s", T0, 5, List.of(T0, T0.plusSeconds(60)), new double[] {1, 2}, 0.95,
                new double[] {Double.NEGATIVE_INFINITY, 1.5}, new double[] {Double.NaN, 2.5});
        var noBounds = new PredictionRecord("p4", null, "a", null, null, T0, 5, List.of(), new double[0], 0.8, new double[0], new double[0]);
        var levelOnly = new PredictionRecord("p5", "exp", "a", null, null, T0, 5, List.of(T0), new double[] {3}, 0.5, null, null);
        var all = List.of(awkward, empty, plain, tiny, monitored, noBounds, levelOnly);
        all.forEach(spill::write);
        assertSameRecords(all, spill.takeAll());
        assertEquals(List.of(), spill.takeAll(), "taken means removed");
        spill.write(plain);
        assertSameRecords(List.of(plain), spill.takeAll());
    }

    @Test
    void aMissingFileAndItsDirectoryAreCreated() {
        var file = data.resolve("a").resolve("b").resolve("predictions.spill");
        var spill = PersistenceAdapters.spill(file);
        assertTrue(Files.exists(file));
        assertEquals(List.of(), spill.takeAll());
        spill.write(record("p1"));
        assertEquals(1, spill.takeAll().size());
    }

    @Test
    void recordsWrittenBeforeACrashAreTakenAfterIt() throws IOException {
        var file = data.resolve("spill");
        var before = PersistenceAdapters.spill(file);
        var written = List.of(record("p1"), record("p2"), record("p3"));
        written.forEach(before::write);
        // the process dies: nothing of it is closed or flushed; a new one opens the same file
        var after = PersistenceAdapters.spill(file);
        assertSameRecords(written, after.takeAll());
        assertEquals(List.of(), before.takeAll());
    }

    @Test
    void aWriteCutShortByACrashIsSetAsideAndTheNextRecordIsKept() throws IOException {
        var file = data.resolve("spill");
        PersistenceAdapters.spill(file).write(record("p1"));
        var line = FileSpill.encode(record("p2"));
        Files.writeString(file, line.substring(0, line.length() / 2), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        var after = PersistenceAdapters.spill(file);
        after.write(record("p3"));
        assertSameRecords(List.of(record("p1"), record("p3")), after.takeAll());
        assertEquals(line.substring(0, line.length() / 2) + "\n", Files.readString(data.resolve("spill.rejected")));
        assertEquals(0, Files.size(file));
    }

    @Test
    void aLineThatDoesNotParseIsSetAside() throws IOException {
        var file = data.resolve("spill");
        var spill = PersistenceAdapters.spill(file);
        spill.write(record("p1"));
        Files.writeString(file, "p1\tnot\ta record\n" + "p9\t" + FileSpill.encode(record("p2")).substring(3) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        spill.write(record("p3"));
        assertSameRecords(List.of(record("p1"), record("p3")), spill.takeAll());
        assertEquals(2, Files.readAllLines(data.resolve("spill.rejected")).size());
        assertEquals(List.of(), spill.takeAll());
    }

    @Test
    void concurrentWritesAndTakesLoseAndRepeatNothing() throws Exception {
        var spill = PersistenceAdapters.spill(data.resolve("spill"));
        var other = PersistenceAdapters.spill(data.resolve(".").resolve("spill")); // the same file through another path and instance
        int writers = 4, each = 250;
        var taken = new ArrayList<PredictionRecord>();
        var done = new AtomicBoolean();
        var taker = new Thread(() -> {
            while (!done.get()) taken.addAll(other.takeAll());
        });
        taker.start();
        StudyStoreContract.run(writers, t -> {
            for (int i = 0; i < each; i++) spill.write(record(t + "-" + i));
            return List.of();
        });
        done.set(true);
        taker.join();
        taken.addAll(spill.takeAll());
        var ids = taken.stream().map(PredictionRecord::predictionId).toList();
        assertEquals(writers * each, ids.size());
        assertEquals(IntStream.range(0, writers).boxed().flatMap(t -> IntStream.range(0, each).mapToObj(i -> t + "-" + i)).collect(Collectors.toSet()),
                new HashSet<>(ids));
        for (int t = 0; t < writers; t++) {
            String prefix = t + "-";
            var mine = ids.stream().filter(id -> id.startsWith(prefix)).toList();
            assertEquals(IntStream.range(0, each).mapToObj(i -> prefix + i).toList(), mine, "one writer's records in its order");
        }
    }

    @Test
    void aRecorderThatSpillsLosesNothing() throws Exception {
        var log = new InMemoryPredictionLog();
        PredictionLog slow = new PredictionLog() { // a database under load: the buffer fills
            @Override
            public void append(List<PredictionRecord> batch) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                log.append(batch);
            }

            @Override
            public List<ScoredPoint> scorePoints(Actuals actuals) {
                return log.scorePoints(actuals);
            }

            @Override
            public List<ScoredPoint> recentScored(String version, int limit) {
                return log.recentScored(version, limit);
            }

            @Override
            public List<ArmOutcomes> outcomes(String experiment) {
                return log.outcomes(experiment);
            }
        };
        var spill = PersistenceAdapters.spill(data.resolve("spill"));
        int n = 2_000;
        try (var recorder = new PredictionRecorder(slow, new PredictionRecorder.Settings(4, 16, Duration.ofMillis(5), PredictionRecorder.Overflow.SPILL),
                spill, Telemetry.NONE)) {
            for (int i = 0; i < n; i++) recorder.record(record("p" + i));
            recorder.flush();
            assertTrue(recorder.stats().spilled() > 0, "the small buffer overflowed: " + recorder.stats());
        }
        assertEquals(n, log.outcomes("exp").getFirst().requests());
        assertEquals(List.of(), spill.takeAll());
    }

    @Test
    void peekedRecordsStayUntilAcknowledgedAndLaterWritesSurviveTheAcknowledgement() {
        var spill = PersistenceAdapters.spill(data.resolve("acknowledged"));
        spill.write(record("p1"));
        spill.write(record("p2"));
        assertSameRecords(List.of(record("p1"), record("p2")), spill.peek());
        // as if the process died before the records reached the database: a new spill reads them again
        var reopened = PersistenceAdapters.spill(data.resolve("acknowledged"));
        assertSameRecords(List.of(record("p1"), record("p2")), reopened.peek());
        reopened.write(record("p3")); // written after the peek
        reopened.acknowledge();
        assertSameRecords(List.of(record("p3")), reopened.peek()); // only what was peeked is removed
        reopened.acknowledge();
        assertEquals(List.of(), reopened.peek());
    }

    /** A spill written before intervals were recorded (format p1, ten fields) is still read after an upgrade. */
    @Test
    void linesOfTheFormatBeforeIntervalsAreRead() throws IOException {
        var file = data.resolve("spill");
        var awkward = "p1\tid\\twith\\ttab\texp\txgboost_v7\t\\N\tmeter:42\t2024-05-01T09:00:00.123456789Z\t1234567\t"
                + "2024-05-01T10:00:00.123456789Z,2024-05-01T11:00:00.123456789Z\t10.5,NaN\n";
        var empty = "p1\tp2\texp\ta\tu\ts\t2024-05-01T09:00:00.123456789Z\t0\t\t\n";
        Files.writeString(file, awkward + empty, StandardCharsets.UTF_8);
        var spill = PersistenceAdapters.spill(file);
        spill.write(record("p3"));
        var read = spill.takeAll();
        assertSameRecords(List.of(new PredictionRecord("id\twith\ttab", "exp", "xgboost_v7", null, "meter:42", T0, 1_234_567,
                        List.of(T0.plusSeconds(3600), T0.plusSeconds(7200)), new double[] {10.5, Double.NaN}),
                new PredictionRecord("p2", "exp", "a", "u", "s", T0, 0, List.of(), new double[0]), record("p3")), read);
        assertTrue(Double.isNaN(read.get(0).level()));
        assertEquals(null, read.get(0).lower());
        assertTrue(Files.notExists(data.resolve("spill.rejected")), "nothing set aside");
    }

    @Test
    void aLineOfAFormatWithTheWrongNumberOfFieldsIsSetAside() throws IOException {
        var file = data.resolve("spill");
        var current = FileSpill.encode(record("p1"));
        var fields = current.split("\t", -1);
        var p2WithTenFields = String.join("\t", java.util.Arrays.copyOf(fields, 10));
        var p1WithThirteen = "p1" + current.substring(2);
        Files.writeString(file, p2WithTenFields + "\n" + p1WithThirteen + "\n" + current + "\n", StandardCharsets.UTF_8);
        assertSameRecords(List.of(record("p1")), PersistenceAdapters.spill(file).takeAll());
        assertEquals(List.of(p2WithTenFields, p1WithThirteen), Files.readAllLines(data.resolve("spill.rejected")));
    }
}
