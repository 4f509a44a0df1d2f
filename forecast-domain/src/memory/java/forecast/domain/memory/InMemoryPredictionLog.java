package forecast.domain.memory;

import forecast.domain.recording.Actuals;
import forecast.domain.recording.PredictionLog;
import forecast.domain.recording.PredictionRecord;
import forecast.domain.recording.ScoredPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link PredictionLog} held in memory, for tests. Thread-safe. Errors: absolute
 * {@code |actual - forecast|}, percentage {@code 100 |actual - forecast| / |actual|} (none when the
 * actual is 0); a prediction's errors are the means over its scored points. Only finite actuals
 * score, and only points with a finite forecast.
 */
public final class InMemoryPredictionLog implements PredictionLog {
    private final Map<String, PredictionRecord> records = new LinkedHashMap<>(); // guarded by this
    private final Map<String, Map<Instant, Double>> actuals = new HashMap<>(); // by prediction id, guarded by this

    @Override
    public synchronized void append(List<PredictionRecord> batch) {
        for (var r : batch) records.putIfAbsent(r.predictionId(), r);
    }

    @Override
    public synchronized List<ScoredPoint> scorePoints(Actuals a) {
        var scored = new ArrayList<ScoredPoint>();
        for (var r : records.values()) {
            boolean matches = a.predictionId() != null ? r.predictionId().equals(a.predictionId())
                    : a.seriesId() != null ? a.seriesId().equals(r.seriesId()) && (a.unitId() == null || a.unitId().equals(r.unitId()))
                    : a.unitId().equals(r.unitId());
            if (!matches) continue;
            for (var o : a.values()) {
                int at = r.times().indexOf(o.time());
                // a NaN or infinite forecast (a diverged model) is not scored: its error would make the arm's mean NaN for good
                if (at >= 0 && Double.isFinite(r.forecast()[at]) && Double.isFinite(o.value())) {
                    var before = actuals.computeIfAbsent(r.predictionId(), k -> new HashMap<>()).put(o.time(), o.value());
                    scored.add(point(r, at, o.value(), before == null));
                }
            }
        }
        return scored;
    }

    @Override
    public synchronized List<ScoredPoint> recentScored(String version, int limit) {
        var out = new ArrayList<ScoredPoint>();
        for (var r : records.values()) {
            if (!r.version().equals(version)) continue;
            var seen = actuals.get(r.predictionId());
            if (seen == null) continue;
            for (int i = 0; i < r.times().size(); i++) {
                Double actual = seen.get(r.times().get(i));
                if (actual != null) out.add(point(r, i, actual, true));
            }
        }
        out.sort(java.util.Comparator.comparing(ScoredPoint::time).reversed());
        return List.copyOf(out.subList(0, Math.min(limit, out.size())));
    }

    /** The point {@code i} of {@code r} with its actual; a bound or level that is not finite is none (NaN), as a database keeps it. */
    private static ScoredPoint point(PredictionRecord r, int i, double actual, boolean first) {
        return new ScoredPoint(r.predictionId(), r.experiment(), r.version(), r.seriesId(), r.unitId(), r.times().get(i), r.forecast()[i], actual,
                r.hasIntervals() ? finite(r.lower()[i]) : Double.NaN, r.hasIntervals() ? finite(r.upper()[i]) : Double.NaN, finite(r.level()), first);
    }

    private static double finite(double x) {
        return Double.isFinite(x) ? x : Double.NaN;
    }

    @Override
    public synchronized List<ArmOutcomes> outcomes(String experiment) {
        var byVersion = new LinkedHashMap<String, List<PredictionRecord>>();
        for (var r : records.values()) if (experiment.equals(r.experiment())) byVersion.computeIfAbsent(r.version(), k -> new ArrayList<>()).add(r);
        var out = new ArrayList<ArmOutcomes>();
        byVersion.forEach((version, rs) -> {
            double[] latency = rs.stream().mapToDouble(r -> r.latencyNanos() / 1e6).toArray();
            var ape = new ArrayList<Double>();
            var ae = new ArrayList<Double>();
            for (var r : rs) {
                var seen = actuals.get(r.predictionId());
                if (seen == null) continue;
                double absSum = 0;
                double pctSum = 0;
                int n = 0;
                int pct = 0;
                for (int i = 0; i < r.times().size(); i++) {
                    Double actual = seen.get(r.times().get(i));
                    if (actual == null) continue;
                    double err = Math.abs(actual - r.forecast()[i]);
                    absSum += err;
                    n++;
                    if (actual != 0) {
                        pctSum += 100 * err / Math.abs(actual);
                        pct++;
                    }
                }
                if (n == 0) continue;
                ae.add(absSum / n);
                if (pct > 0) ape.add(pctSum / pct); // no percentage error against zeros
            }
            out.add(new ArmOutcomes(version, rs.size(), latency, ape.stream().mapToDouble(Double::doubleValue).toArray(),
                    ae.stream().mapToDouble(Double::doubleValue).toArray()));
        });
        return out;
    }
}
