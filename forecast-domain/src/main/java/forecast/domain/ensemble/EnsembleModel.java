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
 * A weighted average of member models' point forecasts. Intervals are not the members' but the
 * ensemble's own, calibrated on the combined backtest's residuals (so it has none natively).
 * Members without feature columns see the history without them.
 */
public final class EnsembleModel implements TrainedModel {
    /** One member: its algorithm, weight (the weights sum to 1) and model. */
    public record Member(String algorithm, double weight, TrainedModel model) {}

    private final List<Member> members;

    public EnsembleModel(List<Member> members) {
        if (members.isEmpty()) throw new IllegalArgumentException("an ensemble needs at least one member");
        double sum = members.stream().mapToDouble(Member::weight).sum();
        if (Math.abs(sum - 1) > 1e-9) throw new IllegalArgumentException("ensemble weights must sum to 1: " + sum);
        this.members = List.copyOf(members);
    }

    public List<Member> members() {
        return members;
    }

    @Override
    public String algorithm() {
        return EnsembleForecaster.ALGORITHM;
    }

    @Override
    public Forecast predict(ForecastQuery query) {
        double[] mean = null;
        List<java.time.Instant> times = null;
        for (var member : members) {
            var q = member.model().featureNames().isEmpty() && query.history().featureCount() > 0
                    ? new ForecastQuery(query.history().withoutFeatures(), query.horizon(), query.levels(), List.of())
                    : query;
            var f = member.model().predict(q);
            double[] m = f.means();
            if (mean == null) {
                mean = new double[m.length];
                times = f.times();
            }
            for (int i = 0; i < m.length; i++) mean[i] += member.weight() * m[i];
        }
        return Forecast.ofMeans(times, mean);
    }

    /** {@code members} and each member's {@code <member>.weight}, then what each member fitted as {@code <member>.<key>}. */
    @Override
    public Map<String, String> fitted() {
        var out = new LinkedHashMap<String, String>();
        out.put("members", String.join(",", members.stream().map(Member::algorithm).toList()));
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

    @Override
    public byte[] serialize() {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
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
