package forecast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.jobs.JobWorkers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs survive a stop of the real server over H2 on disk: a training and a tuning job interrupted
 * while they run, and a training still queued, are all taken again after the restart (once the
 * interrupted ones' leases expire) and end succeeded; no version is registered twice and the
 * study keeps every trial that finished before the stop.
 */
class DurableJobsTest {
    /** One worker, a lease of a second: an interrupted job is taken again a second after the restart. */
    static final JobWorkers.Settings JOBS = new JobWorkers.Settings(1, Duration.ofSeconds(1), Duration.ofMillis(100), 3);

    @TempDir
    Path data;

    /** {@code n} hourly rows of a daily cycle with noise, as JSON: small enough that a job takes seconds, not minutes. */
    static String rows(int n) {
        var random = new java.util.Random(15);
        var sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            double value = 100 + 20 * Math.sin(2 * Math.PI * i / 24) + random.nextGaussian() * 3;
            sb.append(i == 0 ? "" : ",").append("[").append(1_704_067_200L + 3600L * i).append(",").append(String.format(java.util.Locale.ROOT, "%.2f", value)).append("]");
        }
        return sb.append("]").toString();
    }

    static Map<String, Object> job(TestServer server, String id) {
        var r = server.get("/jobs/" + id);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    static Map<String, Object> awaitStatus(TestServer server, String id, List<String> statuses) throws InterruptedException {
        for (int i = 0; i < 6000; i++) {
            var job = job(server, id);
            if (statuses.contains(job.get("status"))) return job;
            Thread.sleep(50);
        }
        throw new AssertionError("job " + id + " never reached " + statuses + ": " + job(server, id));
    }

    @Test
    void aTrainingStoppedWhileItRunsIsTakenAgainAfterTheRestartAndRegistersOneVersion() throws Exception {
        String running;
        String queued;
        try (var server = TestServer.start(data, JOBS)) {
            var first = server.post("/models/train", "{\"algorithm\": \"xgboost\", \"name\": \"interrupted\", \"hyperparameters\": {\"rounds\": 3000}, \"data\": " + rows(300) + "}");
            assertEquals(202, first.status(), first.body());
            running = (String) first.json().get("id");
            var second = server.post("/models/train", "{\"algorithm\": \"seasonal_naive\", \"name\": \"waiting\", \"data\": " + rows(100) + "}");
            assertEquals(202, second.status(), second.body());
            queued = (String) second.json().get("id");
            awaitStatus(server, running, List.of("running"));
            var waiting = job(server, queued);
            assertEquals("queued", waiting.get("status"));
            assertEquals(0L, ((Number) waiting.get("queue_position")).longValue(), "next in line");
        }
        try (var server = TestServer.start(data, JOBS)) {
            var before = job(server, running);
            assertTrue(List.of("running", "succeeded").contains(before.get("status")), "read back from the database: " + before);
            var done = awaitStatus(server, running, List.of("succeeded", "failed", "cancelled"));
            assertEquals("succeeded", done.get("status"), done.toString());
            assertEquals(2L, ((Number) done.get("attempts")).longValue(), done.toString());
            var next = awaitStatus(server, queued, List.of("succeeded", "failed", "cancelled"));
            assertEquals("succeeded", next.get("status"), next.toString());
            @SuppressWarnings("unchecked")
            var versions = (List<Map<String, Object>>) server.get("/models/default/versions").json().get("versions");
            assertEquals(1, versions.stream().filter(v -> "interrupted".equals(v.get("label"))).count(), "one version for the interrupted job: " + versions);
            assertEquals(3, versions.size(), "the bootstrap's and one per job");
            @SuppressWarnings("unchecked")
            var listed = (List<Map<String, Object>>) server.get("/jobs").json().get("jobs");
            assertEquals(List.of(queued, running), listed.stream().map(j -> j.get("id")).toList());
        }
    }

    @Test
    void aTuningStoppedWhileItRunsContinuesItsStudyAfterTheRestart() throws Exception {
        String id;
        List<Map<String, Object>> before;
        try (var server = TestServer.start(data, JOBS)) {
            var r = server.post("/tuning/studies", "{\"name\": \"durable\", \"algorithm\": \"xgboost\", \"n_trials\": 6, \"seed\": 7, "
                    + "\"hyperparameters\": {\"rounds\": 30}, \"data\": " + rows(300) + "}");
            assertEquals(202, r.status(), r.body());
            id = (String) r.json().get("id");
            for (int i = 0; i < 6000 && completed(server) < 2; i++) Thread.sleep(50);
            assertTrue(completed(server) >= 2);
            before = finished(server);
        }
        try (var server = TestServer.start(data, JOBS)) {
            var done = awaitStatus(server, id, List.of("succeeded", "failed", "cancelled"));
            assertEquals("succeeded", done.get("status"), done.toString());
            assertEquals(2L, ((Number) done.get("attempts")).longValue(), done.toString());
            @SuppressWarnings("unchecked")
            var trials = (List<Map<String, Object>>) server.get("/tuning/studies/durable").json().get("trials");
            // as in Optuna, n_trials counts every trial: one the stop cut short is failed (abandoned) and counts
            assertEquals(6, trials.size(), "the job ran only the trials it still owed: " + trials);
            for (var kept : before) assertTrue(trials.contains(kept), "a trial finished before the stop is kept as it was: " + kept);
            assertTrue(trials.stream().allMatch(t -> "complete".equals(t.get("state"))
                    || String.valueOf(t.get("fail_reason")).startsWith("abandoned")), trials.toString());
        }
    }

    @Test
    void aQueuedJobIsCancelledAtOnceARunningOneAtItsNextProgressPoint() throws Exception {
        try (var server = TestServer.start(data, JOBS)) {
            var r = server.post("/tuning/studies", "{\"name\": \"long\", \"algorithm\": \"xgboost\", \"n_trials\": 200, \"hyperparameters\": {\"rounds\": 30}, \"data\": " + rows(300) + "}");
            String tuning = (String) r.json().get("id");
            var q = server.post("/models/train", "{\"algorithm\": \"seasonal_naive\", \"data\": " + rows(100) + "}");
            String queued = (String) q.json().get("id");
            awaitStatus(server, tuning, List.of("running"));
            var cancelled = server.post("/jobs/" + queued + "/cancel", "");
            assertEquals(200, cancelled.status(), cancelled.body());
            assertEquals("cancelled", cancelled.json().get("status"));
            // a retraining run waits in the same queue, behind the tuning: listed with its kind, not cancelled by hand
            var run = server.post("/pipeline/run", "{\"reason\": \"queued behind a tuning\", \"n_trials\": 0}");
            assertEquals(202, run.status(), run.body());
            String pipelineJob = "pipeline-" + run.json().get("id");
            var waiting = job(server, pipelineJob);
            assertEquals("pipeline", waiting.get("kind"));
            assertEquals("queued", waiting.get("status"));
            assertEquals(0L, ((Number) waiting.get("queue_position")).longValue());
            assertEquals("/pipeline/runs/" + run.json().get("id"), waiting.get("run"));
            @SuppressWarnings("unchecked")
            var listed = (List<Map<String, Object>>) server.get("/jobs").json().get("jobs");
            assertEquals(List.of("pipeline", "training", "tuning"), listed.stream().map(j -> j.get("kind")).toList());
            assertEquals(409, server.post("/jobs/" + pipelineJob + "/cancel", "").status());
            var asked = server.post("/jobs/" + tuning + "/cancel", "");
            assertEquals(202, asked.status(), asked.body());
            var ended = awaitStatus(server, tuning, List.of("succeeded", "failed", "cancelled"));
            assertEquals("cancelled", ended.get("status"), ended.toString());
            assertEquals(404, server.post("/jobs/job-none/cancel", "").status());
            assertEquals(405, server.get("/jobs/" + tuning + "/cancel").status());
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> finished(TestServer server) {
        var trials = (List<Map<String, Object>>) server.get("/tuning/studies/durable").json().get("trials");
        return trials.stream().filter(t -> "complete".equals(t.get("state"))).toList();
    }

    @SuppressWarnings("unchecked")
    private static long completed(TestServer server) {
        var r = server.get("/tuning/studies/durable");
        if (r.status() != 200) return 0;
        var trials = (List<Map<String, Object>>) r.json().get("trials");
        return trials.stream().filter(t -> "complete".equals(t.get("state"))).count();
    }
}
