package forecast.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import forecast.contract.PipelineStoreContract;
import forecast.domain.pipeline.PipelineRun;
import forecast.domain.pipeline.PipelineStep;
import forecast.domain.pipeline.PipelineStore;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline store contract on an H2 file database, opened as the server opens it; restarts, readers during saves, and the summary view. */
class JdbiPipelineStoreTest implements PipelineStoreContract {
    @TempDir
    Path data;

    private final FileDatabases databases = new FileDatabases(() -> data);

    @Override
    public PipelineStore createStore() {
        return databases.fresh().pipelineStore();
    }

    @AfterEach
    void close() {
        databases.close();
    }

    @Test
    void runsSurviveClosingTheDatabase() {
        var store = databases.open("restart").pipelineStore();
        var interrupted = PipelineStoreContract.canary("r1", 0);
        var done = PipelineStoreContract.canary("r2", 100).finished(PipelineRun.Outcome.CANARY_STOPPED, PipelineStoreContract.second(200), "stopped");
        store.save(interrupted);
        store.save(done);
        databases.closeLast();

        var reopened = databases.open("restart").pipelineStore();
        assertEquals(List.of(done, interrupted), reopened.list(10));
        assertEquals(List.of(interrupted), reopened.running(), "after a crash: the runs it interrupted");
        assertEquals(Optional.of(done), reopened.find("r2"));
    }

    /** A reader never sees a run between the delete and the insert of a save, nor with the steps of one save and the run of another. */
    @Test
    void aReaderSeesARunWholeWhileItIsSaved() throws Exception {
        var persistence = databases.open("whole");
        var writer = persistence.pipelineStore();
        var reader = databases.open("whole").pipelineStore(); // another replica
        writer.save(numbered(1));
        var done = new AtomicBoolean();
        var seen = java.util.Collections.synchronizedList(new ArrayList<String>());
        var read = new Thread(() -> {
            try {
                do {
                    var run = reader.find("r1");
                    // every save below gives a run with n steps the reason "n"
                    if (run.isEmpty()) seen.add("no run");
                    else if (!run.get().reason().equals(Integer.toString(run.get().steps().size())))
                        seen.add(run.get().reason() + " with " + run.get().steps().size() + " steps");
                } while (!done.get());
            } catch (RuntimeException e) {
                seen.add(e.toString());
            }
        });
        read.start();
        for (int n = 0; n < 60; n++) writer.save(numbered(n % 7));
        done.set(true);
        read.join();
        assertEquals(List.of(), seen);
    }

    /** Run r1 with {@code n} steps and the reason "n". */
    private static PipelineRun numbered(int n) {
        var run = new PipelineRun("r1", PipelineRun.Trigger.MANUAL, Integer.toString(n), PipelineRun.State.RUNNING, null, null, null, null, null,
                PipelineStoreContract.second(0), null, null, List.of(), List.of());
        for (int i = 0; i < n; i++) run = run.withStep(PipelineStep.started(i, "step" + i, PipelineStoreContract.second(i)));
        return run;
    }

    @Test
    void theSummaryViewShowsEachRunWithItsStepsAndMase() throws SQLException {
        var persistence = databases.open("view");
        var store = persistence.pipelineStore();
        var canary = PipelineStoreContract.canary("canary", 0);
        var failed = PipelineStoreContract.started("failed", 100)
                .withStep(PipelineStep.started(0, "history", PipelineStoreContract.second(100)).ended(PipelineStep.State.SUCCEEDED,
                        PipelineStoreContract.second(101), null))
                .withStep(PipelineStep.started(1, "train", PipelineStoreContract.second(101)).ended(PipelineStep.State.FAILED,
                        PipelineStoreContract.second(103), "diverged"))
                .finished(PipelineRun.Outcome.FAILED, PipelineStoreContract.second(104).plusMillis(500), "diverged");
        store.save(canary);
        store.save(failed);
        try (var c = DriverManager.getConnection(persistence.jdbcUrl(), "sa", ""); var s = c.createStatement();
             var rs = s.executeQuery("""
                     SELECT id, state, outcome, steps, failed_step, duration_ms, candidate_mase, live_mase, baseline_mase, mase_improvement_pct
                       FROM pipeline_run_summary ORDER BY started_at DESC
                     """)) {
            rs.next();
            assertEquals(List.of("failed", "FAILED", "FAILED", 2, "train", 4500L),
                    List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5), rs.getLong(6)));
            assertNull(rs.getObject(7));
            rs.next();
            assertEquals(List.of("canary", "RUNNING", "CANARY_STARTED", 8), List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4)));
            assertNull(rs.getObject(5), "no step failed");
            assertNull(rs.getObject(6), "still running");
            assertEquals(0.81, rs.getDouble(7));
            assertEquals(0.97, rs.getDouble(8));
            assertNull(rs.getObject(9), "the baseline's NaN MASE is NULL");
            assertEquals(100 * (0.97 - 0.81) / 0.97, rs.getDouble(10), 1e-9);
        }
        try (var c = DriverManager.getConnection(persistence.jdbcUrl(), "sa", ""); var s = c.createStatement();
             var rs = s.executeQuery("SELECT name, state, duration_ms FROM pipeline_step WHERE run_id = 'failed' ORDER BY position")) {
            rs.next();
            assertEquals(List.of("history", "SUCCEEDED", 1000L), List.of(rs.getString(1), rs.getString(2), rs.getLong(3)));
            rs.next();
            assertEquals(List.of("train", "FAILED", 2000L), List.of(rs.getString(1), rs.getString(2), rs.getLong(3)));
        }
    }
}
