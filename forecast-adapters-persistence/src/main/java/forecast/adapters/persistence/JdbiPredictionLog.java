package forecast.adapters.persistence;

import forecast.domain.recording.Actuals;
import forecast.domain.recording.PredictionLog;
import forecast.domain.recording.PredictionRecord;
import forecast.domain.recording.ScoredPoint;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * The prediction log in the tables {@code ab_prediction} and {@code ab_forecast_point} of
 * {@code db/V4__experiments.sql} (with the experiment optional and the intervals of
 * {@code db/V5__monitoring.sql}). A batch is one transaction of two batched inserts; a prediction
 * id already stored is skipped, so a batch written again (a retry after a write that in fact
 * succeeded, a replayed spill) adds nothing. Non-finite forecasts, bounds and levels are stored as
 * NULL. Scoring is one transaction of one UPDATE per actual, each over every point it matches and
 * returning those points as they were; the outcomes are two grouped queries over the view
 * {@code ab_scored_prediction}, the same one SQL clients read.
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
        var points = h.prepareBatch("""
                INSERT INTO ab_forecast_point (prediction_id, step, ts, forecast, level, lower, upper)
                VALUES (:id, :step, :ts, :forecast, :level, :lower, :upper)
                """);
        for (var r : batch) {
            if (!stored.add(r.predictionId())) continue; // the first record of an id is kept
            predictions.bind("id", r.predictionId()).bind("experiment", r.experiment()).bind("version", r.version()).bind("unit", r.unitId())
                    .bind("series", r.seriesId()).bind("requested_at", Sql.utc(r.requestedAt())).bind("latency_ms", r.latencyNanos() / 1e6).add();
            Double level = finite(r.level());
            for (int i = 0; i < r.times().size(); i++) {
                points.bind("id", r.predictionId()).bind("step", i).bind("ts", Sql.utc(r.times().get(i))).bind("forecast", finite(r.forecast()[i]))
                        .bind("level", level).bind("lower", r.hasIntervals() ? finite(r.lower()[i]) : null)
                        .bind("upper", r.hasIntervals() ? finite(r.upper()[i]) : null).add();
            }
        }
        if (predictions.size() > 0) predictions.execute();
        if (points.size() > 0) points.execute();
    }

    /** NULL for a NaN or infinite number: such a forecast is never scored, such a bound or level is no interval. */
    private static Double finite(double x) {
        return Double.isFinite(x) ? x : null;
    }

    /** The ids of {@code batch} that are already stored. */
    private static Set<String> stored(Handle h, List<PredictionRecord> batch) {
        return new HashSet<>(predictions(h, batch.stream().map(PredictionRecord::predictionId).distinct().toList()).keySet());
    }

    @Override
    public List<ScoredPoint> scorePoints(Actuals actuals) {
        // Which predictions the actuals are about. Only these fixed fragments go into the SQL; every value is bound.
        String predictions = actuals.predictionId() != null ? "p.prediction_id = :prediction"
                : actuals.seriesId() != null ? "p.series_id = :series" + (actuals.unitId() == null ? "" : " AND p.unit_id = :unit")
                : "p.unit_id = :unit";
        var values = actuals.values().stream().filter(o -> Double.isFinite(o.value())).toList();
        if (values.isEmpty()) return List.of();
        return write(h -> {
            // One statement per actual, run in the order given, so that the last actual of a time wins.
            // Each returns the rows it changed as they were before (H2's OLD TABLE; on PostgreSQL an
            // UPDATE ... FROM a SELECT ... FOR UPDATE ... RETURNING), which tells whether a point
            // had an actual, atomically: a concurrent scoring of the same point waits for the row lock,
            // then changes and returns the row as this one left it.
            var query = Dialect.of(h) == Dialect.POSTGRESQL ? """
                    UPDATE ab_forecast_point f
                       SET actual = :actual,
                           abs_error = ABS(:actual - f.forecast),
                           pct_error = CASE WHEN :actual = 0 THEN NULL ELSE 100 * ABS(:actual - f.forecast) / ABS(:actual) END
                      FROM (SELECT b.prediction_id, b.step, b.actual
                              FROM ab_forecast_point b
                             WHERE b.ts = :ts
                               AND b.forecast IS NOT NULL
                               AND b.prediction_id IN (SELECT p.prediction_id FROM ab_prediction p WHERE %s)
                               FOR UPDATE OF b) was
                     WHERE f.prediction_id = was.prediction_id AND f.step = was.step
                    RETURNING f.prediction_id, f.ts, f.forecast, f.level, f.lower, f.upper, was.actual
                    """.formatted(predictions) : """
                    SELECT prediction_id, ts, forecast, level, lower, upper, actual
                      FROM OLD TABLE (
                           UPDATE ab_forecast_point f
                              SET actual = :actual,
                                  abs_error = ABS(:actual - f.forecast),
                                  pct_error = CASE WHEN :actual = 0 THEN NULL ELSE 100 * ABS(:actual - f.forecast) / ABS(:actual) END
                            WHERE f.ts = :ts
                              AND f.forecast IS NOT NULL
                              AND f.prediction_id IN (SELECT p.prediction_id FROM ab_prediction p WHERE %s))
                    """.formatted(predictions);
            var points = new ArrayList<Point>();
            var scoredBy = new ArrayList<Double>();
            for (var o : values) {
                var update = h.createQuery(query).bind("actual", o.value() + 0.0).bind("ts", Sql.utc(o.time())); // + 0.0: -0.0 is a zero actual too
                if (actuals.predictionId() != null) update.bind("prediction", actuals.predictionId());
                else if (actuals.seriesId() != null) update.bind("series", actuals.seriesId());
                if (actuals.predictionId() == null && actuals.unitId() != null) update.bind("unit", actuals.unitId());
                update.map(POINT).forEach(p -> {
                    points.add(p);
                    scoredBy.add(o.value());
                });
            }
            var about = predictions(h, points.stream().map(Point::predictionId).distinct().toList());
            var out = new ArrayList<ScoredPoint>(points.size());
            for (int i = 0; i < points.size(); i++) {
                var p = points.get(i);
                var r = about.get(p.predictionId());
                out.add(new ScoredPoint(p.predictionId(), r.experiment(), r.version(), r.seriesId(), r.unitId(), p.time(), p.forecast(), scoredBy.get(i),
                        p.lower(), p.upper(), p.level(), !p.scoredBefore()));
            }
            return out;
        });
    }

    /** The experiment, version, series and unit of each of {@code ids} that is stored, by id; asked {@value #IDS_PER_QUERY} at a time. */
    private static Map<String, About> predictions(Handle h, List<String> ids) {
        var out = new HashMap<String, About>();
        for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
            var some = ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY));
            h.createQuery("SELECT prediction_id, experiment, version, series_id, unit_id FROM ab_prediction WHERE prediction_id = ANY(:ids)")
                    .bind("ids", Sql.array(some))
                    .map((rs, ctx) -> new About(rs.getString("prediction_id"), rs.getString("experiment"), rs.getString("version"),
                            rs.getString("series_id"), rs.getString("unit_id")))
                    .forEach(a -> out.put(a.predictionId(), a));
        }
        return out;
    }

    @Override
    public List<ScoredPoint> recentScored(String version, int limit) {
        if (limit <= 0) return List.of();
        // Through the version's predictions (an index) to all their scored points, sorted: the cost
        // grows with the version's points, not the log's; it is paid once, when monitoring resumes.
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT p.prediction_id, p.experiment, p.version, p.series_id, p.unit_id, f.ts, f.forecast, f.actual, f.level, f.lower, f.upper
                  FROM ab_prediction p
                  JOIN ab_forecast_point f ON f.prediction_id = p.prediction_id
                 WHERE p.version = :version
                   AND f.actual IS NOT NULL
                 ORDER BY f.ts DESC, f.prediction_id DESC
                 FETCH FIRST :limit ROWS ONLY
                """).bind("version", version).bind("limit", limit)
                .map((rs, ctx) -> new ScoredPoint(rs.getString("prediction_id"), rs.getString("experiment"), rs.getString("version"),
                        rs.getString("series_id"), rs.getString("unit_id"), Sql.instant(rs, "ts"), rs.getDouble("forecast"), rs.getDouble("actual"),
                        Sql.orNaN(rs, "lower"), Sql.orNaN(rs, "upper"), Sql.orNaN(rs, "level"), true))
                .list());
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


    /** A point as it was before an actual scored it; {@code scoredBefore}: it had an actual. */
    private record Point(String predictionId, Instant time, double forecast, double level, double lower, double upper, boolean scoredBefore) {}

    private static final RowMapper<Point> POINT = (rs, ctx) -> new Point(rs.getString("prediction_id"), Sql.instant(rs, "ts"), rs.getDouble("forecast"),
            Sql.orNaN(rs, "level"), Sql.orNaN(rs, "lower"), Sql.orNaN(rs, "upper"), rs.getObject("actual") != null);

    /** What a scored point tells of its prediction. */
    private record About(String predictionId, String experiment, String version, String seriesId, String unitId) {}

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
