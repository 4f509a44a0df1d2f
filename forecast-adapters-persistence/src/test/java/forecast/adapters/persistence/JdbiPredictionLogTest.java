package forecast.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.contract.ExperimentStoreContract;
import forecast.contract.PredictionLogContract;
import forecast.domain.experiment.Arm;
import forecast.domain.experiment.Experiment;
import forecast.domain.experiment.ExperimentAnalysis;
import forecast.domain.experiment.SignificanceTest;
import forecast.domain.recording.Actuals;
import forecast.domain.recording.PredictionLog;
import forecast.domain.recording.PredictionRecord;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The prediction log contract on an H2 file database, opened as the server opens it; restarts, volume, and what SQL readers see. */
class JdbiPredictionLogTest implements PredictionLogContract {
    private static final double TOLERANCE = 1e-9;

    @TempDir
    Path data;

    private final FileDatabases databases = new FileDatabases(() -> data);

    @Override
    public PredictionLog createLog() {
        return databases.fresh().predictionLog();
    }

    @AfterEach
    void close() {
        databases.close();
    }

    @Test
    void predictionsAndTheirErrorsSurviveClosingTheDatabase() {
        var log = databases.open("restart").predictionLog();
        var batch = List.of(PredictionLogContract.prediction("p1", "exp", "a", "u1", "s", 1_500_000, 10, 20),
                PredictionLogContract.prediction("p2", "exp", "b", "u2", "s", 2_500_000, 30));
        log.append(batch);
        assertEquals(2, log.score(PredictionLogContract.ofSeries("s", null, PredictionLogContract.at(1, 8))));
        var before = PredictionLogContract.outcomes(log, "exp");
        databases.closeLast();

        var reopened = databases.open("restart").predictionLog();
        var after = PredictionLogContract.outcomes(reopened, "exp");
        assertEquals(before.keySet(), after.keySet());
        before.forEach((version, o) -> PredictionLogContract.assertOutcome(version, o.requests(), o.latencyMillis(), o.ape(), o.ae(), after.get(version)));
        reopened.append(batch); // a spill replayed after a crash
        assertEquals(1, PredictionLogContract.outcomes(reopened, "exp").get("a").requests());
        assertEquals(1, reopened.score(PredictionLogContract.ofPrediction("p1", PredictionLogContract.at(2, 25))));
        PredictionLogContract.assertOutcome("a", 1, new double[] {1.5}, new double[] {(25 + 20) / 2.0}, new double[] {3.5},
                PredictionLogContract.outcomes(reopened, "exp").get("a"));
    }

    @Test
    void aBatchOfTenThousandPredictionsIsAppendedAndScored() {
        var log = databases.open("volume").predictionLog();
        int predictions = 10_000, horizon = 12, series = 4;
        var batch = new ArrayList<PredictionRecord>(predictions);
        for (int i = 0; i < predictions; i++) {
            double[] forecast = new double[horizon];
            for (int h = 0; h < horizon; h++) forecast[h] = 100 + h + (i % 2 == 0 ? 1 : -2);
            batch.add(PredictionLogContract.prediction("p" + i, "volume", i % 2 == 0 ? "a" : "b", "u" + i % 500, "s" + i % series, 1_000 + i, forecast));
        }
        log.append(batch);
        int scored = 0;
        for (int s = 0; s < series; s++) {
            var values = new ArrayList<Actuals.Observed>();
            for (int h = 0; h < horizon; h++) values.add(PredictionLogContract.at(h + 1, 100 + h));
            scored += log.score(new Actuals(null, "s" + s, null, values));
        }
        assertEquals(predictions * horizon, scored);
        var out = PredictionLogContract.outcomes(log, "volume");
        assertEquals(predictions / 2, out.get("a").requests());
        assertEquals(predictions / 2, out.get("b").ae().length);
        assertTrue(java.util.Arrays.stream(out.get("a").ae()).allMatch(x -> Math.abs(x - 1) < TOLERANCE));
        assertTrue(java.util.Arrays.stream(out.get("b").ae()).allMatch(x -> Math.abs(x - 2) < TOLERANCE));
    }

    /** The per-arm and per-experiment views agree with what the API reports from {@link PredictionLog#outcomes}. */
    @Test
    void theSummaryViewsAgreeWithTheReport() throws SQLException {
        var persistence = databases.open("views");
        var store = persistence.experimentStore();
        var log = persistence.predictionLog();
        var t0 = ExperimentStoreContract.T0;
        var byMape = new Experiment("by-mape", List.of(new Arm("arima_v3", "v1", 0.5), new Arm("xgboost_v7", "v2", 0.3), new Arm("lstm_v1", "v3", 0.2)),
                "mape", 20, true, Duration.ofHours(1), null, Experiment.State.RUNNING, t0, "alice", null, null, null);
        var byMae = new Experiment("by-mae", List.of(new Arm("arima_v3", "v1", 0.5), new Arm("xgboost_v7", "v2", 0.5)), "mae", 20, true,
                Duration.ofHours(1), null, Experiment.State.RUNNING, t0.minusSeconds(7200), "alice", null, null, null);
        var quiet = new Experiment("quiet", List.of(new Arm("a", null, 0.5), new Arm("b", null, 0.5)), "mape", 5, false, Duration.ofHours(1),
                null, Experiment.State.RUNNING, t0.minusSeconds(9000), null, null, null, null);
        store.start(quiet);
        store.end("quiet", Experiment.State.STOPPED, t0.minusSeconds(8000), "bob", null);
        store.start(byMae);
        store.end("by-mae", Experiment.State.PROMOTED, t0.minusSeconds(100), "bob", "arima_v3");
        store.start(byMape);

        var random = new Random(7);
        var batch = new ArrayList<PredictionRecord>();
        var truths = new HashMap<String, double[]>();
        for (var e : List.of(byMape, byMae)) {
            for (int i = 0; i < 150; i++) {
                int arm = i % e.arms().size();
                double bias = e == byMape ? 0.05 + 0.1 * arm : 0.2 - 0.15 * arm; // by MAPE the control is best, by MAE the challenger
                double spread = 2.0;
                int steps = 1 + random.nextInt(6);
                double[] truth = new double[steps];
                double[] forecast = new double[steps];
                for (int h = 0; h < steps; h++) {
                    truth[h] = i % 25 == 0 ? 0 : 20 + 10 * random.nextDouble();
                    forecast[h] = truth[h] * (1 + bias) + spread * random.nextGaussian();
                }
                var id = e.name() + "-" + i;
                truths.put(id, truth);
                batch.add(PredictionLogContract.prediction(id, e.name(), e.arms().get(arm).version(), "u" + i, "s" + i % 3,
                        100_000 + random.nextInt(5_000_000), forecast));
            }
        }
        log.append(batch);
        for (var r : batch) {
            if (r.predictionId().endsWith("7")) continue; // not scored yet
            var truth = truths.get(r.predictionId());
            var values = new ArrayList<Actuals.Observed>();
            for (int h = 0; h < truth.length; h++) if (h != 2) values.add(new Actuals.Observed(r.times().get(h), truth[h]));
            log.score(new Actuals(r.predictionId(), null, null, values));
        }

        var url = persistence.jdbcUrl();
        for (var e : List.of(byMape, byMae, quiet)) {
            var report = ExperimentAnalysis.analyse(e, log.outcomes(e.name()), NO_STATISTICS, Instant.now());
            var rows = query(url, """
                    SELECT position, version, weight, requests, scored_predictions, mape, mae, latency_p50_ms, latency_p99_ms
                      FROM ab_test_arm_summary WHERE experiment = ? ORDER BY position
                    """, e.name());
            assertEquals(e.arms().size(), rows.size());
            String best = null;
            double bestValue = Double.NaN;
            double nextValue = Double.NaN;
            for (int i = 0; i < rows.size(); i++) {
                var row = rows.get(i);
                var arm = report.arms().get(i);
                assertEquals(i, ((Number) row.get(0)).intValue());
                assertEquals(arm.arm().version(), row.get(1));
                assertEquals(arm.arm().weight(), ((Number) row.get(2)).doubleValue());
                assertEquals(arm.requests(), ((Number) row.get(3)).longValue(), e.name() + " requests");
                assertEquals(arm.scored(), ((Number) row.get(4)).longValue(), e.name() + " scored");
                assertClose(arm.mape().value(), row.get(5), e.name() + " " + arm.arm().version() + " MAPE");
                assertClose(arm.mae().value(), row.get(6), e.name() + " " + arm.arm().version() + " MAE");
                assertClose(arm.latencyP50Millis(), row.get(7), "p50");
                assertClose(arm.latencyP99Millis(), row.get(8), "p99");
                double metric = e.metric().equals("mae") ? arm.mae().value() : arm.mape().value();
                if (Double.isNaN(metric)) continue;
                if (best == null || metric < bestValue) {
                    nextValue = bestValue;
                    best = arm.arm().version();
                    bestValue = metric;
                } else if (Double.isNaN(nextValue) || metric < nextValue) {
                    nextValue = metric;
                }
            }
            var summary = query(url, """
                    SELECT state, metric, arms, requests, scored_predictions, fewest_scored, best_version, best_value, lead, lead_pct, ends_at
                      FROM ab_test_summary WHERE experiment = ?
                    """, e.name()).getFirst();
            assertEquals(e.name().equals("by-mape") ? "RUNNING" : e.name().equals("by-mae") ? "PROMOTED" : "STOPPED", summary.get(0));
            assertEquals(e.metric(), summary.get(1));
            assertEquals(e.arms().size(), ((Number) summary.get(2)).intValue());
            assertEquals(report.arms().stream().mapToLong(a -> a.requests()).sum(), ((Number) summary.get(3)).longValue());
            assertEquals(report.arms().stream().mapToLong(a -> a.scored()).sum(), ((Number) summary.get(4)).longValue());
            assertEquals(report.arms().stream().mapToLong(a -> a.scored()).min().orElseThrow(), ((Number) summary.get(5)).longValue());
            assertEquals(best, summary.get(6), e.name() + " best arm");
            assertClose(bestValue, summary.get(7), "best value");
            assertClose(nextValue - bestValue, summary.get(8), "lead");
            assertClose(100 * (nextValue - bestValue) / nextValue, summary.get(9), "lead %");
            assertEquals(e.endsAt(), ((java.time.OffsetDateTime) summary.get(10)).toInstant());
        }
        assertEquals(List.of(List.of("by-mape", "arima_v3", "xgboost_v7"), List.of("by-mae", "xgboost_v7", "arima_v3")),
                query(url, "SELECT experiment, best_version, next_version FROM ab_test_summary WHERE requests > 0 ORDER BY started_at DESC"),
                "each experiment's arms ranked by its own metric");
        var quietRow = query(url, "SELECT requests, scored_predictions, best_version, lead FROM ab_test_summary WHERE experiment = 'quiet'").getFirst();
        assertEquals(0L, ((Number) quietRow.get(0)).longValue());
        assertNull(quietRow.get(2));
        assertNull(quietRow.get(3));
    }

    private static void assertClose(double expected, Object actual, String what) {
        if (Double.isNaN(expected)) {
            assertNull(actual, what);
            return;
        }
        assertEquals(expected, ((Number) actual).doubleValue(), TOLERANCE * Math.max(1, Math.abs(expected)), what);
    }

    /** Every row of {@code sql} with one text parameter, through plain JDBC as a SQL client would read it. */
    private static List<List<Object>> query(String url, String sql, String... parameters) throws SQLException {
        try (var c = DriverManager.getConnection(url, "sa", ""); var s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) s.setString(i + 1, parameters[i]);
            try (var rs = s.executeQuery()) {
                var rows = new ArrayList<List<Object>>();
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    var row = new ArrayList<Object>();
                    for (int i = 1; i <= columns; i++) row.add(rs.getObject(i));
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    /** Only the means matter here: every test is "no answer". */
    private static final SignificanceTest NO_STATISTICS = new SignificanceTest() {
        @Override
        public double welchPValue(double[] a, double[] b) {
            return Double.NaN;
        }

        @Override
        public double mannWhitneyPValue(double[] a, double[] b) {
            return Double.NaN;
        }

        @Override
        public double chiSquarePValue(double[] expected, long[] observed) {
            return Double.NaN;
        }

        @Override
        public double tQuantile(double p, double degreesOfFreedom) {
            return 1.96;
        }
    };

}
