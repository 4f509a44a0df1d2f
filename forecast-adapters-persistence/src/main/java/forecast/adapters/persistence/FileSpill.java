package forecast.adapters.persistence;

import forecast.domain.recording.PredictionRecord;
import forecast.domain.recording.PredictionRecorder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The recorder's overflow in a file: one line per record, appended with one write each that goes
 * straight to the operating system (no buffer in this process), so a record whose {@link #write}
 * returned is taken after the process dies and starts again. It is not forced to the disk on each
 * write: a power cut can lose the last seconds. The recorder {@link #peek}s and, once the records
 * are in the database, {@link #acknowledge}s, which removes just the bytes it read: a crash in
 * between leaves them to be read again (the log ignores ids it has). Each step holds this process's
 * lock for the file and an OS lock against other processes.
 *
 * <p>A line is thirteen tab-separated fields: the format {@code p2}, prediction id, experiment,
 * version, unit, series, requested at (ISO-8601), latency in nanoseconds, the times (ISO-8601,
 * comma-separated), the forecasts ({@link Double#toString}, comma-separated), the interval's
 * level ({@link Double#toString}, {@code NaN} for none) and its lower and upper bounds (as the
 * forecasts; {@code \N} when the record has no interval). Text escapes {@code \\}, tab, CR and LF
 * with a backslash; {@code \N} is null. Lines of the format {@code p1}, the first ten fields of
 * {@code p2} written before intervals were recorded, are read as records without an interval: a
 * spill may outlive an upgrade. A line that does not parse (the end of a write cut short by a
 * crash) is moved to {@code <file>.rejected} rather than lost silently or retried for ever.
 */
final class FileSpill implements PredictionRecorder.Spill {
    private static final String FORMAT = "p2";
    /** The format before intervals: its lines are still read. */
    private static final String FORMAT_1 = "p1";
    private static final String NULL = "\\N";
    /** One lock per file in this process: an OS file lock cannot be taken twice by one process. */
    private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final Path rejected;
    private final ReentrantLock lock;

    FileSpill(Path file) {
        this.file = file.toAbsolutePath().normalize();
        this.rejected = this.file.resolveSibling(this.file.getFileName() + ".rejected");
        this.lock = LOCKS.computeIfAbsent(this.file, f -> new ReentrantLock());
        locked(() -> {
            Files.createDirectories(this.file.getParent());
            try (var channel = FileChannel.open(this.file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                 var ignored = channel.lock()) {
                // A crash in the middle of a write leaves a line without its end: end it, so that the next record starts a line of its own.
                long size = channel.size();
                var last = ByteBuffer.allocate(1);
                if (size > 0 && channel.read(last, size - 1) == 1 && last.get(0) != '\n') writeFully(channel, ByteBuffer.wrap(new byte[] {'\n'}), size);
            }
            return null;
        });
    }

    @Override
    public void write(PredictionRecord record) {
        var line = ByteBuffer.wrap((encode(record) + "\n").getBytes(StandardCharsets.UTF_8));
        locked(() -> {
            try (var channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                 var ignored = channel.lock()) {
                while (line.hasRemaining()) channel.write(line);
            }
            return null;
        });
    }

    /** Bytes at the start of the file that the last {@link #peek} read, and the lines of them that did not parse. */
    private long peekedBytes;
    private String peekedBad = "";

    @Override
    public List<PredictionRecord> peek() {
        if (empty()) return List.of();
        return locked(() -> {
            try (var channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                 var ignored = channel.lock()) {
                var read = read(channel);
                peekedBytes = read.bytes();
                peekedBad = read.bad();
                return read.records();
            }
        });
    }

    /** Removes the peeked bytes from the start of the file, keeping what was written since; rejected lines go to their file. */
    @Override
    public void acknowledge() {
        locked(() -> {
            if (peekedBytes == 0) return null;
            try (var channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                 var ignored = channel.lock()) {
                if (!peekedBad.isEmpty()) Files.writeString(rejected, peekedBad, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                var rest = ByteBuffer.allocate(Math.toIntExact(channel.size() - peekedBytes));
                while (rest.hasRemaining()) if (channel.read(rest, peekedBytes + rest.position()) < 0) break;
                rest.flip();
                writeFully(channel, rest, 0);
                channel.truncate(rest.limit());
            }
            peekedBytes = 0;
            peekedBad = "";
            return null;
        });
    }

    /** Whether nothing is spilled, without taking a lock: the writer asks often, and a record written meanwhile is read next time. */
    private boolean empty() {
        try {
            return Files.size(file) == 0;
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the spill " + file, e);
        }
    }

    private record Read(List<PredictionRecord> records, String bad, long bytes) {}

    private static Read read(FileChannel channel) throws IOException {
        var bytes = ByteBuffer.allocate(Math.toIntExact(channel.size()));
        while (bytes.hasRemaining()) if (channel.read(bytes, bytes.position()) < 0) break;
        var records = new ArrayList<PredictionRecord>();
        var bad = new StringBuilder();
        for (var line : new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8).split("\n", -1)) {
            if (line.isEmpty()) continue;
            try {
                records.add(decode(line));
            } catch (RuntimeException e) {
                bad.append(line).append('\n');
            }
        }
        return new Read(records, bad.toString(), bytes.position());
    }

    /**
     * Reads and empties the file as one step for this process: a peek and its acknowledgement under
     * the file's lock, so that two consumers never remove each other's records. Another process's
     * writes in between survive, since an acknowledgement removes only the bytes that were read.
     */
    @Override
    public List<PredictionRecord> takeAll() {
        return locked(() -> {
            var records = peek();
            acknowledge();
            return records;
        });
    }

    // ---- lines

    static String encode(PredictionRecord r) {
        var times = new StringBuilder();
        for (var t : r.times()) times.append(times.isEmpty() ? "" : ",").append(t);
        return String.join("\t", FORMAT, escape(r.predictionId()), escape(r.experiment()), escape(r.version()), escape(r.unitId()),
                escape(r.seriesId()), r.requestedAt() == null ? NULL : r.requestedAt().toString(), Long.toString(r.latencyNanos()),
                times.toString(), numbers(r.forecast()), Double.toString(r.level()), numbers(r.lower()), numbers(r.upper()));
    }

    static PredictionRecord decode(String line) {
        var f = line.split("\t", -1);
        boolean intervals = f.length == 13 && f[0].equals(FORMAT);
        if (!intervals && !(f.length == 10 && f[0].equals(FORMAT_1))) throw new IllegalArgumentException("not a spilled record: " + line);
        var times = f[8].isEmpty() ? List.<Instant>of() : Arrays.stream(f[8].split(",")).map(Instant::parse).toList();
        double[] forecast = numbers(f[9]);
        return new PredictionRecord(unescape(f[1]), unescape(f[2]), unescape(f[3]), unescape(f[4]), unescape(f[5]),
                f[6].equals(NULL) ? null : Instant.parse(f[6]), Long.parseLong(f[7]), times, forecast,
                intervals ? Double.parseDouble(f[10]) : Double.NaN, intervals ? numbers(f[11]) : null, intervals ? numbers(f[12]) : null);
    }

    /** Comma-separated, as {@link Double#toString} writes them; {@code \N} for null. */
    private static String numbers(double[] values) {
        if (values == null) return NULL;
        var out = new StringBuilder();
        for (double v : values) out.append(out.isEmpty() ? "" : ",").append(v);
        return out.toString();
    }

    private static double[] numbers(String field) {
        if (field.equals(NULL)) return null;
        return field.isEmpty() ? new double[0] : Arrays.stream(field.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    private static String escape(String s) {
        if (s == null) return NULL;
        var out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String unescape(String s) {
        if (s.equals(NULL)) return null;
        var out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i == s.length()) throw new IllegalArgumentException("a backslash at the end of a field");
            out.append(switch (s.charAt(i)) {
                case '\\' -> '\\';
                case 't' -> '\t';
                case 'n' -> '\n';
                case 'r' -> '\r';
                default -> throw new IllegalArgumentException("unknown escape \\" + s.charAt(i));
            });
        }
        return out.toString();
    }

    // ---- locking

    private interface FileWork<T> {
        T run() throws IOException;
    }

    private <T> T locked(FileWork<T> work) {
        lock.lock();
        try {
            return work.run();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the spill " + file, e);
        } finally {
            lock.unlock();
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer bytes, long at) throws IOException {
        while (bytes.hasRemaining()) at += channel.write(bytes, at);
    }
}
