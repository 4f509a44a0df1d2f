package forecast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.adapters.web.AdminKeys;
import forecast.adapters.web.WebSettings;
import forecast.domain.jobs.JobWorkers;
import forecast.domain.monitoring.MonitoringSettings;
import forecast.testpostgres.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Work shared by replicas (issue 17): two whole servers in one JVM, each its own data directory
 * and port, on one PostgreSQL. Predictions recorded by either replica land in the one log, none
 * twice; actuals posted to both at once score each forecast point once (each point counts in the
 * live accuracy of exactly one replica); a job is run by exactly one of the polling replicas; and
 * a job whose replica stops while it runs is taken by the other once its lease expires.
 * Everything is polled with a generous overall timeout; speed is never asserted. Skipped without
 * PostgreSQL's binaries, failed under CI=true (see {@link TestPostgres}).
 */
class PostgresReplicaWorkTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** One worker per replica, a short lease: a job whose replica stopped is taken by the other within seconds. */
    private static final JobWorkers.Settings JOBS = new JobWorkers.Settings(1, Duration.ofMillis(1500), Duration.ofMillis(150), 3);

    @TempDir
    Path dataA;
    @TempDir
    Path dataB;

    private String url;
    private TestPostgres.Server server;

    @BeforeEach
    void database() {
        url = TestPostgres.createDatabase();
        server = TestPostgres.server();
    }

    @AfterEach
    void drop() throws InterruptedException {
        if (url != null) TestPostgres.dropDatabase(url);
    }

    /**
     * A replica's settings: every prediction naming a series or unit is recorded (no sampling limit),
     * live accuracy keeps every scored point (a window larger than the test's points), the short
     * job lease of {@link #JOBS}.
     */
    private ForecastConfig config(Path data, String replica) {
        Path home = Path.of("").toAbsolutePath().getParent();
        var web = new WebSettings("127.0.0.1", 0, 100, 10_000, 100_000, 10 * 1024 * 1024, AdminKeys.of(AdminKeys.hash(TestServer.ADMIN_KEY)));
        var d = MonitoringSettings.defaults();
        var monitoring = new MonitoringSettings(MonitoringSettings.Recording.IDENTIFIED, 0, d.referenceSeasons(), d.recentSeasons(), 100_000,
                d.minScored(), d.accuracyMargin(), d.coverageMargin(), d.changeDelta(), d.changeLambda(), d.checkInterval());
        return new ForecastConfig(home, data, web,
                new ForecastConfig.Bootstrap(home.resolve("test_data/time_series_train.csv"), home.resolve("test_data/model_config.json"), TestServer.FAST))
                .withDatabase(new ForecastConfig.Database(url, server.user(), server.password(), 8))
                .withCluster(new ForecastConfig.Cluster(replica, Duration.ofMillis(200), Duration.ofMillis(200)))
                .withWatching(ForecastConfig.Watching.defaults().withMonitoring(monitoring))
                .withJobs(JOBS);
    }

    private TestServer replica(Path data, String id) {
        return TestServer.start(config(data, id), System.out);
    }

    private Connection sql() throws SQLException {
        return DriverManager.getConnection(url, server.user(), server.password());
    }

    private long count(String query, Object... params) {
        try (var c = sql(); var st = c.prepareStatement(query)) {
            for (int i = 0; i < params.length; i++) st.setObject(i + 1, params[i]);
            try (var rs = st.executeQuery()) {
                assertTrue(rs.next(), query);
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(query + ": " + e.getMessage(), e);
        }
    }

    private List<String> strings(String query, Object... params) {
        try (var c = sql(); var st = c.prepareStatement(query)) {
            for (int i = 0; i < params.length; i++) st.setObject(i + 1, params[i]);
            var out = new ArrayList<String>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(query + ": " + e.getMessage(), e);
        }
    }

    private static void eventually(String what, Supplier<Boolean> condition) throws InterruptedException {
        Concurrently.eventually(what, PATIENCE, condition);
    }

    private static <T> List<T> together(List<Callable<T>> tasks) throws Exception {
        return Concurrently.together(tasks, PATIENCE);
    }

    /** A forecast of two hours after the training file's end (2024-05-01T00:00Z and 01:00Z) for {@code series} and {@code unit}; its body. */
    private static Map<String, Object> predict(TestServer s, String series, String unit) {
        try {
            var r = s.post("/predict", "{\"data\": " + ServeEndToEndTest.trainTail(200) + ", \"forecast_horizon\": 2, \"series_id\": \"" + series
                    + "\", \"unit_id\": \"" + unit + "\"}");
            assertEquals(200, r.status(), r.body());
            return r.json();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code count} predictions of {@code series} sent to {@code s} from {@code threads} threads at once; their prediction ids. */
    private List<String> predictions(TestServer s, String series, String unitPrefix, int count, int threads) throws Exception {
        var tasks = new ArrayList<Callable<List<String>>>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            tasks.add(() -> {
                var ids = new ArrayList<String>();
                for (int i = thread; i < count; i += threads) {
                    var p = predict(s, series, unitPrefix + i);
                    assertTrue(p.get("prediction_id") instanceof String, "recorded, so it has an id: " + p);
                    ids.add((String) p.get("prediction_id"));
                }
                return ids;
            });
        }
        return together(tasks).stream().flatMap(List::stream).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void predictionsRecordedByEveryReplicaLandInTheOneLogNoneTwice() throws Exception {
        try (var a = replica(dataA, "replica-a"); var b = replica(dataB, "replica-b")) {
            // an experiment started on A that B routes to, so that the A/B report counts what both recorded
            var trained = a.post("/models/train", "{\"algorithm\": \"seasonal_naive\", \"name\": \"naive\", \"wait\": true, \"data\": "
                    + ServeEndToEndTest.trainTail(1200) + "}");
            assertEquals(200, trained.status(), trained.body());
            String first = (String) a.get("/models/v1.2").json().get("id");
            var start = a.post("/ab-test/start", "{\"name\": \"recorded\", \"models\": [\"naive\", \"" + first + "\"], \"traffic_split\": [0.5, 0.5],"
                    + " \"duration_hours\": 1}");
            assertEquals(201, start.status(), start.body());
            eventually("B routes to the experiment started on A", () -> "recorded".equals(predict(b, "warm-up", "u").get("experiment")));

            int n = 60;
            int m = 45;
            // A and B at once, each from three threads
            var both = together(List.<Callable<List<String>>>of(() -> predictions(a, "meter", "a", n, 3), () -> predictions(b, "meter", "b", m, 3)));
            var sent = new ArrayList<String>();
            both.forEach(sent::addAll);
            assertEquals(n + m, sent.size());
            assertEquals(n + m, new HashSet<>(sent).size(), "every response names a prediction id of its own");

            eventually("both recorders wrote what they took", () -> count("SELECT COUNT(*) FROM ab_prediction WHERE series_id = ?", "meter") >= n + m);
            Thread.sleep(500); // a prediction written twice would arrive by now
            assertEquals(n + m, count("SELECT COUNT(*) FROM ab_prediction WHERE series_id = ?", "meter"), "N + M predictions, no more");
            assertEquals(0, count("SELECT COUNT(*) FROM (SELECT prediction_id FROM ab_prediction GROUP BY prediction_id HAVING COUNT(*) > 1) twice"));
            assertEquals(Set.copyOf(sent), Set.copyOf(strings("SELECT prediction_id FROM ab_prediction WHERE series_id = ?", "meter")),
                    "exactly the ids the replicas answered with");
            assertEquals(2L * (n + m), count("SELECT COUNT(*) FROM ab_forecast_point f JOIN ab_prediction p ON p.prediction_id = f.prediction_id "
                    + "WHERE p.series_id = ?", "meter"), "two points per prediction, each once");
            assertEquals(n, count("SELECT COUNT(*) FROM ab_prediction WHERE series_id = ? AND unit_id LIKE 'a%'", "meter"));
            assertEquals(m, count("SELECT COUNT(*) FROM ab_prediction WHERE series_id = ? AND unit_id LIKE 'b%'", "meter"));

            // the A/B report, on either replica, counts every prediction of the experiment once
            long warmUps = count("SELECT COUNT(*) FROM ab_prediction WHERE experiment = 'recorded' AND series_id = 'warm-up'");
            for (var s : List.of(a, b)) {
                var report = s.get("/ab-test/recorded");
                assertEquals(200, report.status(), report.body());
                var arms = (List<Map<String, Object>>) report.json().get("arms");
                long requests = arms.stream().mapToLong(arm -> ((Number) arm.get("requests")).longValue()).sum();
                assertEquals(n + m + warmUps, requests, report.body());
            }
        }
    }

    /** Live accuracy points by version, as {@code GET /drift} of {@code s} reports them. */
    @SuppressWarnings("unchecked")
    private static Map<String, Long> liveAccuracyPoints(TestServer s) {
        var r = s.get("/drift");
        assertEquals(200, r.status(), r.body());
        var out = new HashMap<String, Long>();
        for (var a : (List<Map<String, Object>>) r.json().get("live_accuracy"))
            out.put((String) a.get("version"), ((Number) a.get("points")).longValue());
        return out;
    }

    private static long points(Map<String, Long> byVersion) {
        return byVersion.values().stream().mapToLong(Long::longValue).sum();
    }

    private static final String ACTUALS = "[[\"2024-05-01T00:00:00Z\", 150.5], [\"2024-05-01T01:00:00Z\", 140.25]]";

    @Test
    void actualsPostedToTwoReplicasAtOnceScoreEachForecastPointOnce() throws Exception {
        try (var a = replica(dataA, "replica-a"); var b = replica(dataB, "replica-b")) {
            // round 0: one post, to A alone, as the reference
            var single = predictions(a, "round-0", "u", 10, 2);
            eventually("recorded", () -> count("SELECT COUNT(*) FROM ab_prediction WHERE series_id = 'round-0'") == single.size());
            var one = a.post("/actuals", "{\"series_id\": \"round-0\", \"data\": " + ACTUALS + "}");
            assertEquals(200, one.status(), one.body());
            assertEquals(20L, ((Number) one.json().get("scored_points")).longValue(), one.body());
            long alone = points(liveAccuracyPoints(a)) + points(liveAccuracyPoints(b));
            assertEquals(20, alone, "a single post counts each of the 10 × 2 points once");

            for (int round = 1; round <= 5; round++) {
                String series = "round-" + round;
                var ids = new ArrayList<String>();
                // recorded half by A, half by B
                ids.addAll(predictions(a, series, "a", 8, 2));
                ids.addAll(predictions(b, series, "b", 8, 2));
                int points = 2 * ids.size();
                eventually("both replicas wrote round " + series,
                        () -> count("SELECT COUNT(*) FROM ab_prediction WHERE series_id = ?", series) == ids.size());
                long before = points(liveAccuracyPoints(a)) + points(liveAccuracyPoints(b));
                String body = "{\"series_id\": \"" + series + "\", \"data\": " + ACTUALS + "}";
                // two posts to A and two to B, all started together
                var replies = together(List.<Callable<TestServer.Response>>of(() -> a.post("/actuals", body), () -> b.post("/actuals", body),
                        () -> a.post("/actuals", body), () -> b.post("/actuals", body)));
                for (var r : replies) {
                    assertEquals(200, r.status(), r.body());
                    // scored_points counts every point an actual matched, also one that had it already (a correction)
                    assertEquals(points, ((Number) r.json().get("scored_points")).longValue(), r.body());
                }
                long after = points(liveAccuracyPoints(a)) + points(liveAccuracyPoints(b));
                assertEquals(points, after - before, "round " + round + ": the live accuracy of the two replicas together counts each of the "
                        + points + " points once, as after a single post");
                assertEquals(points, count("SELECT COUNT(*) FROM ab_forecast_point f JOIN ab_prediction p ON p.prediction_id = f.prediction_id "
                        + "WHERE p.series_id = ? AND f.actual IS NOT NULL", series));
            }
        }
    }

    private static Map<String, Object> job(TestServer s, String id) {
        var r = s.get("/jobs/" + id);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    private static boolean ended(Map<String, Object> job) {
        return List.of("succeeded", "failed", "cancelled").contains(job.get("status"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachJobIsClaimedOnceWhenBothReplicasPoll() throws Exception {
        try (var a = replica(dataA, "replica-a"); var b = replica(dataB, "replica-b")) {
            var ids = new ArrayList<String>();
            var holders = new ConcurrentHashMap<String, String>();
            // rounds of jobs submitted through both replicas at once, until each replica has run some (at most 6 rounds)
            for (int round = 0; round < 6 && !(holders.values().stream().anyMatch(h -> h.startsWith("replica-a-"))
                    && holders.values().stream().anyMatch(h -> h.startsWith("replica-b-"))); round++) {
                var tasks = new ArrayList<Callable<String>>();
                for (int i = 0; i < 6; i++) {
                    var via = i % 2 == 0 ? a : b;
                    String label = "job-" + round + "-" + i;
                    tasks.add(() -> {
                        var r = via.post("/models/train", "{\"algorithm\": \"seasonal_naive\", \"name\": \"" + label + "\", \"data\": "
                                + DurableJobsTest.rows(100) + "}");
                        assertEquals(202, r.status(), r.body());
                        return (String) r.json().get("id");
                    });
                }
                var submitted = together(tasks);
                ids.addAll(submitted);
                for (var id : submitted) {
                    eventually("job " + id + " ends", () -> ended(job(a, id)));
                    // GET /jobs/{id} names the worker that ran it, as the table does
                    String heldBy = (String) job(a, id).get("held_by");
                    assertEquals(strings("SELECT holder FROM job WHERE id = ?", id).get(0), heldBy);
                    holders.put(id, heldBy);
                }
            }
            for (var id : ids) {
                var onA = job(a, id);
                assertEquals("succeeded", onA.get("status"), onA.toString());
                assertEquals(1L, ((Number) onA.get("attempts")).longValue(), "claimed once: " + onA);
                assertEquals(onA, job(b, id), "GET /jobs/" + id + " answers the same on both replicas");
                assertEquals(1, count("SELECT COUNT(*) FROM model_version WHERE job_id = ?", id), "one version for job " + id);
                String holder = holders.get(id);
                assertTrue(holder.startsWith("replica-a-") || holder.startsWith("replica-b-"), "a holder names its replica: " + holder);
            }
            assertTrue(holders.values().stream().anyMatch(h -> h.startsWith("replica-a-")), "A ran some: " + holders);
            assertTrue(holders.values().stream().anyMatch(h -> h.startsWith("replica-b-")), "B ran some: " + holders);
            var versions = (List<Map<String, Object>>) a.get("/models/default/versions").json().get("versions");
            for (var id : ids) {
                String label = (String) job(a, id).get("model_version");
                assertEquals(1, versions.stream().filter(v -> label.equals(v.get("id"))).count(), "one version per job: " + versions);
            }
            assertEquals(ids.size() + 1, versions.size(), "the bootstrap's and one per job");
        }
    }

    private static final int TRIALS = 15;

    @Test
    @SuppressWarnings("unchecked")
    void aJobWhoseReplicaStopsWhileItRunsIsFinishedByTheOther() throws Exception {
        var a = replica(dataA, "replica-a");
        var b = replica(dataB, "replica-b");
        try (a; b) {
            // small boosters in a small search space: each trial (a progress point) takes a moment, the study some seconds
            var r = a.post("/tuning/studies", "{\"name\": \"survives\", \"algorithm\": \"xgboost\", \"n_trials\": " + TRIALS + ", \"seed\": 7, "
                    + "\"search_space\": {\"rounds\": {\"type\": \"int\", \"low\": 20, \"high\": 40}, \"max_depth\": {\"type\": \"int\", \"low\": 2, \"high\": 3}, "
                    + "\"lags\": {\"type\": \"int\", \"low\": 12, \"high\": 24}}, \"data\": " + DurableJobsTest.rows(300) + "}");
            assertEquals(202, r.status(), r.body());
            String id = (String) r.json().get("id");
            eventually("a trial of the study completes, or the job ends", () -> completedTrials(a) >= 1 || ended(job(a, id)));
            var running = job(a, id);
            assertEquals("running", running.get("status"), "the job still runs: " + running);
            // submitted on A, it is most likely A's worker that took it; stop whichever replica holds it
            String holder = (String) running.get("held_by");
            assertTrue(holder.startsWith("replica-a-") || holder.startsWith("replica-b-"), holder);
            var stopped = holder.startsWith("replica-a-") ? a : b;
            var other = stopped == a ? b : a;
            String otherId = other == a ? "replica-a-" : "replica-b-";
            stopped.close(); // its workers stop renewing the lease and stop the job at its next progress point, as in a crash

            var done = job(other, id);
            long deadline = System.nanoTime() + PATIENCE.toNanos() * 3;
            while (!ended(done) && System.nanoTime() < deadline) {
                Thread.sleep(100);
                done = job(other, id);
            }
            assertEquals("succeeded", done.get("status"), done.toString());
            assertEquals(2L, ((Number) done.get("attempts")).longValue(), "taken again once, by the other replica: " + done);
            String finalHolder = (String) done.get("held_by");
            assertTrue(finalHolder.startsWith(otherId), "the other replica finished it: " + finalHolder);
            var trials = (List<Map<String, Object>>) other.get("/tuning/studies/survives").json().get("trials");
            assertEquals(TRIALS, trials.size(), "n_trials in all, the abandoned one counted: " + trials);
            assertTrue(trials.stream().allMatch(t -> List.of("complete", "pruned").contains(t.get("state"))
                    || String.valueOf(t.get("fail_reason")).startsWith("abandoned")), trials.toString());
            assertTrue(trials.stream().filter(t -> "failed".equals(t.get("state"))).count() <= 1, "at most the trial the stop cut short failed: " + trials);
        }
    }

    @SuppressWarnings("unchecked")
    private static long completedTrials(TestServer s) {
        var r = s.get("/tuning/studies/survives");
        if (r.status() != 200) return 0;
        var trials = (List<Map<String, Object>>) r.json().get("trials");
        return trials.stream().filter(t -> "complete".equals(t.get("state"))).count();
    }
}
