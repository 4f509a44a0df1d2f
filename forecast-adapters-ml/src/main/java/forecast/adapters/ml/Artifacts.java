package forecast.adapters.ml;

import forecast.domain.forecasting.Hyperparameters;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The envelope shared by this module's model artifacts: a magic number, the algorithm's name and
 * its format version, then the algorithm's own fields. Helpers read and write the common field
 * kinds with {@link DataOutputStream}.
 */
final class Artifacts {
    private static final int MAGIC = 0x46434d4c; // "FCML"

    private Artifacts() {}

    interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    interface Reader<T> {
        T read(DataInputStream in, int version) throws IOException;
    }

    /** {@code sizeHint}: the expected length, so that large artifacts are not copied while growing. */
    static byte[] write(String algorithm, int version, int sizeHint, Writer body) {
        var bytes = new ByteArrayOutputStream(Math.max(256, sizeHint));
        try (var out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeUTF(algorithm);
            out.writeInt(version);
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads an artifact of {@code algorithm} in a format version up to {@code latest}.
     *
     * @throws IllegalArgumentException when the bytes are not such an artifact
     */
    static <T> T read(byte[] bytes, String algorithm, int latest, Reader<T> body) {
        try (var in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != MAGIC) throw new IllegalArgumentException("not a model artifact of this module");
            String found = in.readUTF();
            if (!found.equals(algorithm)) throw new IllegalArgumentException("artifact holds a " + found + " model, not " + algorithm);
            int version = in.readInt();
            if (version < 1 || version > latest)
                throw new IllegalArgumentException(algorithm + " artifact format " + version + " is not supported (latest " + latest + ")");
            T result = body.read(in, version);
            if (in.read() != -1) throw new IllegalArgumentException(algorithm + " artifact has trailing bytes");
            return result;
        } catch (IOException | DateTimeException e) {
            throw new IllegalArgumentException("truncated or corrupt " + algorithm + " artifact: " + e.getMessage(), e);
        }
    }

    static void writeStrings(DataOutputStream out, List<String> values) throws IOException {
        out.writeInt(values.size());
        for (String v : values) out.writeUTF(v);
    }

    static List<String> readStrings(DataInputStream in) throws IOException {
        int n = count(in);
        var out = new ArrayList<String>(n);
        for (int i = 0; i < n; i++) out.add(in.readUTF());
        return List.copyOf(out);
    }

    static void writeInts(DataOutputStream out, int[] values) throws IOException {
        out.writeInt(values.length);
        for (int v : values) out.writeInt(v);
    }

    static int[] readInts(DataInputStream in) throws IOException {
        int[] out = new int[count(in)];
        for (int i = 0; i < out.length; i++) out[i] = in.readInt();
        return out;
    }

    static void writeHyperparameters(DataOutputStream out, Hyperparameters params) throws IOException {
        var sorted = params.sorted();
        out.writeInt(sorted.size());
        for (var e : sorted.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
        }
    }

    static Hyperparameters readHyperparameters(DataInputStream in) throws IOException {
        int n = count(in);
        var m = new TreeMap<String, String>();
        for (int i = 0; i < n; i++) m.put(in.readUTF(), in.readUTF());
        return new Hyperparameters(m);
    }

    static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) throw new IOException("byte block of " + n + " exceeds the artifact");
        return in.readNBytes(n);
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 100_000) throw new IOException("implausible count " + n);
        return n;
    }
}
