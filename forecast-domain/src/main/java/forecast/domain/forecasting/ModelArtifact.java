package forecast.domain.forecasting;

import forecast.domain.preprocessing.Imputation;
import forecast.domain.series.Frequency;
import forecast.domain.series.TimeSeries;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bytes of a {@link CalibratedModel}: a versioned envelope holding the preprocessing, the
 * calibration residuals and the context, around the forecaster's own serialized model. Reading
 * needs the forecaster of the stored algorithm.
 */
public final class ModelArtifact {
    private static final int MAGIC = 0x46435354; // "FCST"
    // 2 added the calibration of forecasts with future features, 3 a model without context, 4 the
    // source of its intervals (older artifacts serve a model's own intervals where it has them)
    private static final int FORMAT = 4;

    private ModelArtifact() {}

    public static byte[] write(CalibratedModel m) {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeUTF(m.algorithm());
            out.writeUTF(m.imputation().id());
            writeCalibration(out, m.calibration());
            writeCalibration(out, m.featureCalibration());
            out.writeBoolean(m.context() != null); // a global model of a portfolio has none: its series are not one
            if (m.context() != null) writeSeries(out, m.context());
            out.writeBoolean(m.intervals() == IntervalSource.CONFORMAL);
            byte[] inner = m.model().serialize();
            out.writeInt(inner.length);
            out.write(inner);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * @throws IllegalArgumentException when the bytes are not a model artifact, or of an algorithm
     *                                  none of {@code forecasters} knows
     */
    public static CalibratedModel read(byte[] bytes, Map<String, Forecaster> forecasters) {
        try (var in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != MAGIC) throw new IllegalArgumentException("not a Forecast model artifact");
            int format = in.readInt();
            if (format < 1 || format > FORMAT) throw new IllegalArgumentException("unsupported model artifact format " + format);
            String algorithm = in.readUTF();
            Forecaster forecaster = forecasters.get(algorithm);
            if (forecaster == null) throw new IllegalArgumentException("no forecaster for algorithm " + algorithm);
            Imputation imputation = Imputation.parse(in.readUTF());
            var calibration = readCalibration(in);
            var featureCalibration = format >= 2 ? readCalibration(in) : ResidualCalibration.none();
            TimeSeries context = format < 3 || in.readBoolean() ? readSeries(in) : null;
            var intervals = format >= 4 && in.readBoolean() ? IntervalSource.CONFORMAL : IntervalSource.MODEL;
            byte[] inner = in.readNBytes(in.readInt());
            return new CalibratedModel(forecaster.restore(inner), calibration, featureCalibration, imputation, context, intervals);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated model artifact", e);
        }
    }

    private static void writeCalibration(DataOutputStream out, ResidualCalibration c) throws IOException {
        var steps = c.byStep();
        out.writeInt(steps.size());
        for (double[] r : steps) writeDoubles(out, r);
    }

    private static ResidualCalibration readCalibration(DataInputStream in) throws IOException {
        int steps = in.readInt();
        var byStep = new ArrayList<double[]>(steps);
        for (int i = 0; i < steps; i++) byStep.add(readDoubles(in));
        return ResidualCalibration.of(byStep);
    }

    private static void writeDoubles(DataOutputStream out, double[] d) throws IOException {
        out.writeInt(d.length);
        for (double x : d) out.writeDouble(x);
    }

    private static double[] readDoubles(DataInputStream in) throws IOException {
        double[] d = new double[in.readInt()];
        for (int i = 0; i < d.length; i++) d[i] = in.readDouble();
        return d;
    }

    private static void writeSeries(DataOutputStream out, TimeSeries s) throws IOException {
        out.writeUTF(s.frequency() == null ? "" : s.frequency().toString());
        out.writeInt(s.featureCount());
        for (String name : s.featureNames()) out.writeUTF(name);
        out.writeInt(s.size());
        for (int i = 0; i < s.size(); i++) {
            out.writeLong(s.time(i).getEpochSecond());
            out.writeInt(s.time(i).getNano());
            out.writeDouble(s.value(i));
            for (int k = 0; k < s.featureCount(); k++) out.writeDouble(s.feature(i, k));
        }
    }

    private static TimeSeries readSeries(DataInputStream in) throws IOException {
        String frequency = in.readUTF();
        int k = in.readInt();
        var names = new ArrayList<String>(k);
        for (int i = 0; i < k; i++) names.add(in.readUTF());
        int n = in.readInt();
        var times = new ArrayList<Instant>(n);
        double[] values = new double[n];
        double[][] features = new double[n][k];
        for (int i = 0; i < n; i++) {
            times.add(Instant.ofEpochSecond(in.readLong(), in.readInt()));
            values[i] = in.readDouble();
            for (int j = 0; j < k; j++) features[i][j] = in.readDouble();
        }
        return TimeSeries.of(times, values, List.copyOf(names), features, frequency.isEmpty() ? null : Frequency.parse(frequency));
    }
}
