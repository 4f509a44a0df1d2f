package forecast.domain.forecasting;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bytes of a {@link Portfolio}: an envelope around {@link ModelArtifact}s, one per series
 * (local) or one shared with the series' scales (global).
 */
public final class PortfolioArtifact {
    private static final int MAGIC = 0x46435046; // "FCPF"
    private static final int FORMAT = 1;
    private static final byte LOCAL = 1;
    private static final byte GLOBAL = 2;

    private PortfolioArtifact() {}

    /** Whether {@code bytes} hold a portfolio rather than one model. */
    public static boolean isPortfolio(byte[] bytes) {
        return bytes.length >= 4 && ((bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff)) == MAGIC;
    }

    public static byte[] write(Portfolio p) {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            switch (p) {
                case Portfolio.Local local -> {
                    out.writeByte(LOCAL);
                    out.writeInt(local.models().size());
                    for (String id : local.series()) {
                        out.writeUTF(id);
                        writeBytes(out, ModelArtifact.write(local.models().get(id)));
                    }
                }
                case Portfolio.Global global -> {
                    out.writeByte(GLOBAL);
                    writeBytes(out, ModelArtifact.write(global.shared()));
                    out.writeInt(global.scales().size());
                    for (String id : global.series()) {
                        out.writeUTF(id);
                        out.writeDouble(global.scales().get(id));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * @throws IllegalArgumentException when the bytes are not a portfolio, or of an algorithm none
     *                                  of {@code forecasters} knows
     */
    public static Portfolio read(byte[] bytes, Map<String, Forecaster> forecasters) {
        try (var in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != MAGIC) throw new IllegalArgumentException("not a Forecast portfolio artifact");
            int format = in.readInt();
            if (format != FORMAT) throw new IllegalArgumentException("unsupported portfolio artifact format " + format);
            byte kind = in.readByte();
            if (kind == LOCAL) {
                int n = in.readInt();
                var models = new LinkedHashMap<String, CalibratedModel>();
                for (int i = 0; i < n; i++) models.put(in.readUTF(), ModelArtifact.read(readBytes(in), forecasters));
                return new Portfolio.Local(models);
            }
            if (kind == GLOBAL) {
                var shared = ModelArtifact.read(readBytes(in), forecasters);
                int n = in.readInt();
                var scales = new LinkedHashMap<String, Double>();
                for (int i = 0; i < n; i++) scales.put(in.readUTF(), in.readDouble());
                return new Portfolio.Global(shared, scales);
            }
            throw new IllegalArgumentException("unknown portfolio kind " + kind);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated portfolio artifact", e);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        return in.readNBytes(in.readInt());
    }
}
