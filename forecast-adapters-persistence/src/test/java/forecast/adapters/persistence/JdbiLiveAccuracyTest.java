package forecast.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.contract.PredictionLogContract;
import forecast.contract.StudyStoreContract;
import forecast.domain.recording.Actuals;
import forecast.domain.recording.PredictionRecord;
import forecast.domain.recording.ScoredPoint;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The prediction log's monitoring side on an H2 file database: intervals across a restart, the live_accuracy view, and the upgrade from V4. */
class JdbiLiveAccuracyTest {
    private static final double TOLERANCE = 1e-9;

    @TempDir
    Path data;

    private final FileDatabases databases = new FileDatabases(() -> data);

    @AfterEach
    void close() {
        databases.close();
    }

    @Test
    void scoredPointsWithTheirIntervalsSurviveClosingTheDatabase() {
        var log = databases.open("restart").predictionLog();
        log.append(List.of(PredictionLogContract.withInterval("p1", null, "a", "u1", "s", 0.95, new double[] {5, 15}, new double[] {15, 25}, 10, 20),
                PredictionLogContract.prediction("p2", "exp", "a", "u2", "s", 1, 11, 21)));
        var scored = log.scorePoints(PredictionLogContract.ofSeries("s", null, PredictionLogContract.at(1, 9)));
        assertEquals(2, scored.size());
        var before = log.recentScored("a", 10);
        databases.closeLast();

        var reopened = databases.open("restart").predictionLog();
        assertEquals(before, reopened.recentScored("a", 10));
        var again = PredictionLogContract.byPrediction(reopened.scorePoints(PredictionLogContract.ofSeries("s", null, PredictionLogContract.at(1, 12),
                PredictionLogContract.at(2, 19))));
        assertEquals(List.of(false, true, false, true), again.stream().map(ScoredPoint::first).toList(), "what was scored before the restart is known");
        assertEquals(new ScoredPoint("p1", null, "a", "s", "u1", PredictionLogContract.hour(2), 20, 19, 15, 25, 0.95, true), again.get(1));
    }

    @Test
    void theLiveAccuracyViewAgreesWithTheScoredPoints() throws SQLException {
        var persistence = databases.open("view");
        var log = persistence.predictionLog();
        var random = new Random(11);
        var batch = new ArrayList<PredictionRecord>();
        for (int i = 0; i < 200; i++) {
            int steps = 1 + random.nextInt(6);
            double[] forecast = new double[steps], lower = new double[steps], upper = new double[steps];
            for (int h = 0; h < steps; h++) {
                forecast[h] = 20 + 5 * random.nextGaussian();
                lower[h] = forecast[h] - 4;
                upper[h] = forecast[h] + 4;
            }
            String version = i % 3 == 0 ? "arima_v3" : "xgboost_v7";
            String experiment = i % 4 == 0 ? "exp" : null;
            batch.add(i % 5 == 0 ? PredictionLogContract.prediction("p" + i, experiment, version, "u" + i, "s" + i % 4, 1_000, forecast)
                    : PredictionLogContract.withInterval("p" + i, experiment, version, "u" + i, "s" + i % 4, i % 2 == 0 ? 0.9 : 0.8, lower, upper, forecast));
        }
        log.append(batch);
        var points = new ArrayList<ScoredPoint>();
        for (int s = 0; s < 4; s++) {
            var values = new ArrayList<Actuals.Observed>();
            for (int h = 1; h <= 5; h++) values.add(PredictionLogContract.at(h, h == 3 && s == 0 ? 0 : 20 + 5 * random.nextGaussian()));
            points.addAll(log.scorePoints(new Actuals(null, "s" + s, null, values)));
        }
        for (var version : List.of("arima_v3", "xgboost_v7")) {
            var mine = points.stream().filter(p -> p.version().equals(version)).toList();
            var intervals = mine.stream().filter(ScoredPoint::hasInterval).toList();
            try (var c = DriverManager.getConnection(persistence.jdbcUrl(), "sa", ""); var st = c.prepareStatement("""
                    SELECT scored_points, scored_predictions, experiment_points, mape, mae, interval_points, coverage, nominal_coverage,
                           first_scored_ts, last_scored_ts
                      FROM live_accuracy WHERE version = ?
                    """)) {
                st.setString(1, version);
                try (var rs = st.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(mine.size(), rs.getLong(1));
                    assertEquals(mine.stream().map(ScoredPoint::predictionId).distinct().count(), rs.getLong(2));
                    assertEquals(mine.stream().filter(p -> p.experiment() != null).count(), rs.getLong(3));
                    assertEquals(mine.stream().mapToDouble(ScoredPoint::percentageError).filter(Double::isFinite).average().orElseThrow(), rs.getDouble(4),
                            TOLERANCE);
                    assertEquals(mine.stream().mapToDouble(ScoredPoint::absoluteError).average().orElseThrow(), rs.getDouble(5), TOLERANCE);
                    assertEquals(intervals.size(), rs.getLong(6));
                    assertEquals(intervals.stream().filter(ScoredPoint::covered).count() / (double) intervals.size(), rs.getDouble(7), TOLERANCE);
                    assertEquals(intervals.stream().mapToDouble(ScoredPoint::level).average().orElseThrow(), rs.getDouble(8), TOLERANCE);
                    assertEquals(PredictionLogContract.hour(1), rs.getObject(9, OffsetDateTime.class).toInstant());
                    assertEquals(PredictionLogContract.hour(5), rs.getObject(10, OffsetDateTime.class).toInstant());
                }
            }
        }
        try (var c = DriverManager.getConnection(persistence.jdbcUrl(), "sa", ""); var s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) FROM ab_scored_prediction WHERE experiment IS NULL")) {
            rs.next();
            assertTrue(rs.getLong(1) > 0, "the V4 view keeps predictions outside experiments; the arm views join them to no arm");
        }
    }

    /**
     * Two Persistence objects on one file stand for two replicas receiving actuals for the same
     * points at once: each point is scored first exactly once, whoever got there first.
     */
    @Test
    void replicasScoringTheSamePointsAtOnceScoreEachFirstOnce() throws Exception {
        var logs = List.of(databases.open("shared").predictionLog(), databases.open("shared").predictionLog());
        int predictions = 20, horizon = 6, threads = 6, rounds = 4;
        var batch = new ArrayList<PredictionRecord>();
        for (int i = 0; i < predictions; i++) batch.add(PredictionLogContract.prediction("p" + i, null, "a", "u" + i, "s", 1, 1, 2, 3, 4, 5, 6));
        logs.get(0).append(batch);
        var scored = StudyStoreContract.run(threads, t -> {
            var mine = new ArrayList<ScoredPoint>();
            for (int r = 0; r < rounds; r++) {
                var values = new ArrayList<Actuals.Observed>();
                for (int h = 1; h <= horizon; h++) values.add(PredictionLogContract.at((h + t + r) % horizon + 1, 10 * t + r));
                mine.addAll(logs.get((t + r) % 2).scorePoints(new Actuals(null, "s", null, values)));
            }
            return mine;
        });
        assertEquals(threads * rounds * predictions * horizon, scored.size());
        var firsts = scored.stream().filter(ScoredPoint::first).map(p -> p.predictionId() + "@" + p.time()).toList();
        assertEquals(predictions * horizon, firsts.size(), "each point first once");
        assertEquals(predictions * horizon, new java.util.HashSet<>(firsts).size());
        assertEquals(predictions * horizon, logs.get(1).recentScored("a", 1_000).size());
    }

    /** A database written before V5: its predictions all have an experiment and no interval, and they go on being scored. */
    @Test
    void aDatabaseOfV4IsUpgradedWithItsPredictions() {
        var folder = data.resolve("upgrade");
        var url = "jdbc:h2:file:" + folder.toAbsolutePath().normalize().resolve("forecast") + ";WRITE_DELAY=0";
        var jdbi = Jdbi.create(url, "sa", "");
        Migrations.apply(MigrationsTest.h2(url), Dialect.H2, "4");
        jdbi.useHandle(h -> {
            h.execute("INSERT INTO ab_prediction (prediction_id, experiment, version, unit_id, series_id, requested_at, latency_ms) "
                    + "VALUES ('old', 'exp', 'a', 'u1', 's', TIMESTAMP WITH TIME ZONE '2024-05-01 09:00:00.000001Z', 1.5)");
            h.execute("INSERT INTO ab_forecast_point (prediction_id, step, ts, forecast) "
                    + "VALUES ('old', 0, TIMESTAMP WITH TIME ZONE '2024-05-01 10:00:00.000001Z', 10)");
        });

        var log = databases.open("upgrade").predictionLog();
        log.append(List.of(PredictionLogContract.withInterval("new", null, "a", "u2", "s", 0.9, new double[] {8}, new double[] {12}, 11)));
        var scored = PredictionLogContract.byPrediction(log.scorePoints(PredictionLogContract.ofSeries("s", null, PredictionLogContract.at(1, 9))));
        assertEquals(List.of(new ScoredPoint("new", null, "a", "s", "u2", PredictionLogContract.hour(1), 11, 9, 8, 12, 0.9, true),
                new ScoredPoint("old", "exp", "a", "s", "u1", PredictionLogContract.hour(1), 10, 9, Double.NaN, Double.NaN, Double.NaN, true)), scored);
        var outcomes = PredictionLogContract.outcomes(log, "exp");
        PredictionLogContract.assertOutcome("a", 1, new double[] {1.5}, new double[] {100.0 / 9}, new double[] {1}, outcomes.get("a"));
        assertNull(PredictionLogContract.outcomes(log, "exp").get("b"));
    }
}
