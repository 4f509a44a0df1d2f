package forecast.adapters.persistence;

import forecast.domain.experiment.Actuals;
import forecast.domain.experiment.PredictionLog;
import forecast.domain.experiment.PredictionRecord;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * The prediction log in the tables {@code ab_prediction} and {@code ab_forecast_point} of
 * {@code db/V4__experiments.sql}. A batch is one transaction of two batched inserts; a prediction
 * id already stored is skipped, so a batch written again (a retry after a write that in fact
 * succeeded, a replayed spill) adds nothing. Scoring is one UPDATE per actual, each over every
 * point it matches; the outcomes are two grouped queries over the view {@code ab_scored_prediction},
 * the same one SQL clients read.
 */
final class JdbiPredictionLog implements PredictionLog {
    /** Ids asked about at once when looking for those already stored. */
    private static final int IDS_PER_QUERY = 1_000;

    private final Jdbi jdbi;

    JdbiPredictionLog(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void append(List<PredictionRecord> batch) {
        if (batch.isEmpty()) return;
        // Ids are fresh UUIDs, so the first attempt inserts without looking (a lookup of 500 ids in a
        // growing table cost the recorder most of its time). Only when a replayed or retried batch
        // hits an id already stored does the next attempt look them up and skip them.
        var lookUp = new boolean[] {false};
        write(h -> {
            try {
                append(h, batch, lookUp[0]);
                return null;
            } catch (JdbiException e) {
                lookUp[0] = true;
                throw e;
            }
        });
    }

    private static void append(Handle h, List<PredictionRecord> batch, boolean lookUp) {
        var stored = lookUp ? stored(h, batch) : new HashSet<String>();
        var predictions = h.prepareBatch("""
                INSERT INTO ab_prediction (prediction_id, experiment, version, unit_id, series_id, requested_at, latency_ms)
                VALUES (:id, :experiment, :version, :unit, :series, :requested_at, :latency_ms)
                """);
        var points = h.prepareBatch("INSERT INTO ab_forecast_point (prediction_id, step, ts, forecast) VALUES (:id, :step, :ts, :forecast)");
        for (var r : batch) {
            if (!stored.add(r.predictionId())) continue; // the first record of an id is kept
            predictions.bind("id", r.predictionId()).bind("experiment", r.experiment()).bind("version", r.version()).bind("unit", r.unitId())
                    .bind("series", r.seriesId()).bind("requested_at", Sql.utc(r.requestedAt())).bind("latency_ms", r.latencyNanos() / 1e6).add();
            for (int i = 0; i < r.times().size(); i++) {
                double f = r.forecast()[i];
                points.bind("id", r.predictionId()).bind("step", i).bind("ts", Sql.utc(r.times().get(i)))
                        .bind("forecast", Double.isFinite(f) ? f : null).add();
            }
        }
        if (predictions.size() > 0) predictions.execute();
        if (points.size() > 0) points.execute();
    }

    /** The ids of {@code batch} that are already stored. */
    private static Set<String> stored(Handle h, List<PredictionRecord> batch) {
        var ids = batch.stream().map(PredictionRecord::predictionId).distinct().toList();
        var stored = new HashSet<String>();
        for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
            var some = ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY));
            stored.addAll(h.createQuery("SELECT prediction_id FROM ab_prediction WHERE prediction_id = ANY(:ids)")
                    .bind("ids", Sql.array(some)).mapTo(String.class).list());
        }
        return stored;
    }

    @Override
    public int score(Actuals actuals) {
        // Which predictions the actuals are about. Only these fixed fragments go into the SQL; every value is bound.
        String predictions = actuals.predictionId() != null ? "p.prediction_id = :prediction"
                : actuals.seriesId() != null ? "p.series_id = :series" + (actuals.unitId() == null ? "" : " AND p.unit_id = :unit")
                : "p.unit_id = :unit";
        var values = actuals.values().stream().filter(o -> Double.isFinite(o.value())).toList();
        if (values.isEmpty()) return 0;
        return write(h -> {
            // One statement per actual, run in the order given, so that the last actual of a time wins.
            var update = h.prepareBatch("""
                    UPDATE ab_forecast_point f
                       SET actual = :actual,
                           abs_error = ABS(:actual - f.forecast),
                           pct_error = CASE WHEN :actual = 0 THEN NULL ELSE 100 * ABS(:actual - f.forecast) / ABS(:actual) END
                     WHERE f.ts = :ts
                       AND f.forecast IS NOT NULL
                       AND f.prediction_id IN (SELECT p.prediction_id FROM ab_prediction p WHERE %s)
                    """.formatted(predictions));
            for (var o : values) {
                update.bind("actual", o.value() + 0.0).bind("ts", Sql.utc(o.time())); // + 0.0: -0.0 is a zero actual too
                if (actuals.predictionId() != null) update.bind("prediction", actuals.predictionId());
                else if (actuals.seriesId() != null) update.bind("series", actuals.seriesId());
                if (actuals.predictionId() == null && actuals.unitId() != null) update.bind("unit", actuals.unitId());
                update.add();
            }
            int scored = 0;
            for (int n : update.execute()) scored += n;
            return scored;
        });
    }

    @Override
    public List<ArmOutcomes> outcomes(String experiment) {
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
            var errors = new HashMap<String, double[][]>();
            h.createQuery("""
                    SELECT version,
                           ARRAY_AGG(mape ORDER BY requested_at, prediction_id) FILTER (WHERE mape IS NOT NULL) AS ape,
                           ARRAY_AGG(mae ORDER BY requested_at, prediction_id) AS ae
                      FROM ab_scored_prediction
                     WHERE experiment = :experiment
                     GROUP BY version
                    """).bind("experiment", experiment)
                    .map((rs, ctx) -> Map.entry(rs.getString("version"), new double[][] {doubles(rs, "ape"), doubles(rs, "ae")}))
                    .forEach(e -> errors.put(e.getKey(), e.getValue()));
            return h.createQuery("""
                    SELECT version, COUNT(*) AS requests, ARRAY_AGG(latency_ms ORDER BY requested_at, prediction_id) AS latency_ms
                      FROM ab_prediction
                     WHERE experiment = :experiment
                     GROUP BY version
                     ORDER BY MIN(requested_at), version
                    """).bind("experiment", experiment)
                    .map((rs, ctx) -> {
                        var version = rs.getString("version");
                        var e = errors.getOrDefault(version, new double[][] {new double[0], new double[0]});
                        return new ArmOutcomes(version, rs.getLong("requests"), doubles(rs, "latency_ms"), e[0], e[1]);
                    })
                    .list();
        });
    }

    /** Runs {@code work} in a transaction, again when it lost a race with another one (which left nothing behind). */
    private <T> T write(HandleCallback<T, RuntimeException> work) {
        return Sql.writeRetrying(jdbi, work);
    }


    /** An array of numbers as doubles; empty when NULL (an aggregate of no rows). */
    private static double[] doubles(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        if (array == null) return new double[0];
        try {
            var values = (Object[]) array.getArray();
            double[] out = new double[values.length];
            for (int i = 0; i < values.length; i++) out[i] = ((Number) values[i]).doubleValue();
            return out;
        } finally {
            array.free();
        }
    }
}
