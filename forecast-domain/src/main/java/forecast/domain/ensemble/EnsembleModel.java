package forecast.domain.ensemble;

import forecast.domain.forecasting.Forecast;
import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.TrainedModel;
import forecast.domain.series.Frequency;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A combination of member models' point forecasts: their weighted average, or their median at each
 * step ({@link Combination}). Intervals are not the members' but the ensemble's own, calibrated on
 * the combined backtest's residuals (so it has none natively). Members without feature columns see
 * the history without them.
 */
public final class EnsembleModel implements TrainedModel {
    /** One member: its algorithm, weight (the weights sum to 1) and model. */
    public record Member(String algorithm, double weight, TrainedModel model) {}

    /** Marks serialized bytes that name their combination; older bytes start with the member count and are weighted averages. */
    private static final int WITH_COMBINATION = -1;

    private final List<Member> members;
    private final Combination combination;
    private final double[] weights;

    /** A weighted average of {@code members}. */
    public EnsembleModel(List<Member> members) {
        this(members, Combination.INVERSE_MASE);
    }

    /** {@code members} combined by {@code combination} (the median ignores the weights). */
    public EnsembleModel(List<Member> members, Combination combination) {
        if (members.isEmpty()) throw new IllegalArgumentException("an ensemble needs at least one member");
        double sum = members.stream().mapToDouble(Member::weight).sum();
        if (Math.abs(sum - 1) > 1e-9) throw new IllegalArgumentException("ensemble weights must sum to 1: " + sum);
        this.members = List.copyOf(members);
        this.combination = combination;
        this.weights = members.stream().mapToDouble(Member::weight).toArray();
    }

    public List<Member> members() {
        return members;
    }

    public Combination combination() {
        return combination;
    }

    @Override
    public String algorithm() {
        return EnsembleForecaster.ALGORITHM;
    }

    @Override
    public Forecast predict(ForecastQuery query) {
        double[][] byMember = new double[members.size()][];
        List<java.time.Instant> times = null;
        for (int k = 0; k < byMember.length; k++) {
            var member = members.get(k);
            var q = member.model().featureNames().isEmpty() && query.history().featureCount() > 0
                    ? new ForecastQuery(query.history().withoutFeatures(), query.horizon(), query.levels(), List.of())
                    : query;
            var f = member.model().predict(q);
            byMember[k] = f.means();
            if (times == null) times = f.times();
        }
        double[] mean = new double[byMember[0].length];
        double[] at = new double[byMember.length];
        for (int i = 0; i < mean.length; i++) {
            for (int k = 0; k < at.length; k++) at[k] = byMember[k][i];
            mean[i] = combination.apply(at, weights);
        }
        return Forecast.ofMeans(times, mean);
    }

    /** {@code members} and each member's {@code <member>.weight}, then what each member fitted as {@code <member>.<key>}. */
    @Override
    public Map<String, String> fitted() {
        var out = new LinkedHashMap<String, String>();
        out.put("members", String.join(",", members.stream().map(Member::algorithm).toList()));
        out.put("combination", combination.id());
        for (var m : members) out.put(m.algorithm() + ".weight", String.format(Locale.ROOT, "%.4f", m.weight()));
        for (var m : members) m.model().fitted().forEach((k, v) -> out.put(m.algorithm() + "." + k, v));
        return java.util.Collections.unmodifiableMap(out);
    }

    @Override
    public int minHistory() {
        return members.stream().mapToInt(m -> m.model().minHistory()).max().orElse(1);
    }

    @Override
    public Frequency frequency() {
        return members.get(0).model().frequency();
    }

    @Override
    public List<String> featureNames() {
        return members.stream().map(m -> m.model().featureNames()).filter(n -> !n.isEmpty()).findFirst().orElse(List.of());
    }

    /** Reads {@link #serialize()}'s bytes (and those of versions from before combinations), restoring each member with {@code restore}. */
    static EnsembleModel read(byte[] bytes, java.util.function.BiFunction<String, byte[], TrainedModel> restore) {
        try (var in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            int n = in.readInt();
            var combination = Combination.INVERSE_MASE;
            if (n == WITH_COMBINATION) {
                combination = Combination.parse(in.readUTF());
                n = in.readInt();
            }
            var members = new java.util.ArrayList<Member>(n);
            for (int i = 0; i < n; i++) {
                String algorithm = in.readUTF();
                double weight = in.readDouble();
                byte[] inner = in.readNBytes(in.readInt());
                members.add(new Member(algorithm, weight, restore.apply(algorithm, inner)));
            }
            return new EnsembleModel(members, combination);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated ensemble artifact", e);
        }
    }

    @Override
    public byte[] serialize() {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            out.writeInt(WITH_COMBINATION);
            out.writeUTF(combination.id());
            out.writeInt(members.size());
            for (var m : members) {
                out.writeUTF(m.algorithm());
                out.writeDouble(m.weight());
                byte[] inner = m.model().serialize();
                out.writeInt(inner.length);
                out.write(inner);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
