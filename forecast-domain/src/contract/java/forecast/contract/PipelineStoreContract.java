package forecast.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.evaluation.BacktestMetrics;
import forecast.domain.pipeline.Contender;
import forecast.domain.pipeline.PipelineRun;
import forecast.domain.pipeline.PipelineRun.Outcome;
import forecast.domain.pipeline.PipelineRun.Trigger;
import forecast.domain.pipeline.PipelineStep;
import forecast.domain.pipeline.PipelineStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PipelineStore} promises. An implementation's test implements this interface
 * and {@link #createStore()}; each test calls it once. Steps are given in position order, as
 * {@link PipelineRun#withStep} keeps them.
 */
public interface PipelineStoreContract {
    /** A new, empty store. */
    PipelineStore createStore();

    // ---- samples

    /** Microseconds, which every database keeps. */
    Instant T0 = Instant.parse("2024-05-01T09:30:00.123456Z");

    static Instant second(int s) {
        return T0.plus(Duration.ofSeconds(s));
    }

    /** A run that started at {@code second(start)}, with no steps. */
    static PipelineRun started(String id, int start) {
        return PipelineRun.started(id, Trigger.SCHEDULE, "nightly", "meter:42", "arima_v3", second(start));
    }

    /**
     * A run that went through its steps to a canary: a skipped step, a step whose text needs
     * quoting, contenders in the run's order (not alphabetical) with a NaN figure and a baseline
     * without a version.
     */
    static PipelineRun canary(String id, int start) {
        var run = PipelineRun.started(id, Trigger.ALERT, "accuracy:arima_v3 — live MAPE 12.5% > 8%", "meter:42", "arima_v3", second(start));
        var steps = List.of("history", "validate", "tune", "train", "backtest", "register", "decide", "canary");
        for (int i = 0; i < steps.size(); i++) {
            var step = PipelineStep.started(i, steps.get(i), second(start + i));
            var state = steps.get(i).equals("tune") ? PipelineStep.State.SKIPPED : PipelineStep.State.SUCCEEDED;
            run = run.withStep(step.ended(state, second(start + i).plusMillis(250 * i + 1), i == 6 ? "candidate MASE 0.81 < live 0.97 ✓ 'by 16%'" : null));
        }
        return run.withContenders(List.of(
                        new Contender("candidate", null, "xgboost", new BacktestMetrics(4.2, 4.1, 0.81, 12.5, 0.79, 0.94, 5.5, 1.25, 2.5, 3, 30, 24)),
                        new Contender("live", "arima_v3", "arima", new BacktestMetrics(5.0, Double.NaN, 0.97, 14.0, Double.NaN, Double.NaN, 3, 30, 24)),
                        new Contender("seasonal_naive", null, "seasonal_naive", BacktestMetrics.NONE)))
                .withCandidate("xgboost_v8").withExperiment("canary-xgboost_v8").pending(Outcome.CANARY_STARTED, "canary running");
    }

    static List<String> ids(List<PipelineRun> runs) {
        return runs.stream().map(PipelineRun::id).toList();
    }

    // ---- saving and finding

    @Test
    default void aSavedRunIsFoundAsSaved() {
        var store = createStore();
        assertEquals(Optional.empty(), store.find("r1"));
        var started = started("r1", 0);
        store.save(started);
        assertEquals(Optional.of(started), store.find("r1"));
        var canary = canary("r2", 10);
        store.save(canary);
        assertEquals(Optional.of(canary), store.find("r2"), "steps, contenders and NaN figures come back as saved");
        assertEquals(8, store.find("r2").orElseThrow().steps().size());
        assertEquals(Duration.ofMillis(1001), store.find("r2").orElseThrow().step("backtest").orElseThrow().duration());
        assertTrue(Double.isNaN(store.find("r2").orElseThrow().contenders().get(1).metrics().smape()));
        assertEquals(Optional.empty(), store.find("r3"));
    }

    @Test
    default void aFinishedRunComesBackFinished() {
        var store = createStore();
        var failed = started("r1", 0).withStep(PipelineStep.started(0, "history", second(1)))
                .withStep(PipelineStep.started(0, "history", second(1)).ended(PipelineStep.State.FAILED, second(2), "no history for meter:42"))
                .finished(Outcome.FAILED, second(3), "no history for meter:42");
        store.save(failed);
        assertEquals(Optional.of(failed), store.find("r1"));
        var rejected = canary("r2", 10).finished(Outcome.REJECTED, second(30), null);
        store.save(rejected);
        assertEquals(Optional.of(rejected), store.find("r2"));
    }

    @Test
    default void aSaveReplacesTheRunWithItsStepsAndContenders() {
        var store = createStore();
        var canary = canary("r1", 0);
        store.save(canary);
        var fewer = new PipelineRun("r1", Trigger.MANUAL, "again", PipelineRun.State.RUNNING, null, "meter:7", null, null, null, second(5), null, null,
                List.of(PipelineStep.started(0, "history", second(5))), List.of(new Contender("live", "arima_v3", "arima", BacktestMetrics.NONE)));
        store.save(fewer);
        assertEquals(Optional.of(fewer), store.find("r1"), "steps and contenders the new save lacks are gone");
        var none = fewer.withContenders(List.of()).finished(Outcome.DEPLOYED, second(9), "deployed");
        store.save(none);
        assertEquals(Optional.of(none), store.find("r1"));
        store.save(canary);
        assertEquals(Optional.of(canary), store.find("r1"));
        assertEquals(List.of(canary), store.list(10));
    }

    @Test
    default void aRunWhoseStepsOrContendersCollideIsRefused() {
        var store = createStore();
        var run = started("r1", 0);
        var twoAtZero = new PipelineRun("r1", Trigger.MANUAL, null, PipelineRun.State.RUNNING, null, null, null, null, null, second(0), null, null,
                List.of(PipelineStep.started(0, "history", second(0)), PipelineStep.started(0, "validate", second(1))), List.of());
        assertThrows(IllegalArgumentException.class, () -> store.save(twoAtZero));
        assertThrows(IllegalArgumentException.class, () -> store.save(run.withContenders(List.of(
                new Contender("live", "a", "arima", BacktestMetrics.NONE), new Contender("live", "b", "arima", BacktestMetrics.NONE)))));
        assertEquals(Optional.empty(), store.find("r1"), "nothing of a refused save is stored");
    }

    // ---- listing

    @Test
    default void runsAreListedNewestStartedFirst() {
        var store = createStore();
        assertEquals(List.of(), store.list(10));
        store.save(started("b", 20));
        store.save(canary("a", 30).finished(Outcome.CANARY_PROMOTED, second(90), "promoted"));
        store.save(started("c", 10));
        store.save(canary("d", 40));
        assertEquals(List.of("d", "a", "b", "c"), ids(store.list(10)));
        assertEquals(List.of("d", "a"), ids(store.list(2)));
        assertEquals(List.of(), store.list(0));
        assertEquals(canary("d", 40), store.list(1).getFirst(), "listed runs have their steps and contenders");
    }

    @Test
    default void onlyRunningRunsAreRunning() {
        var store = createStore();
        store.save(started("r1", 0));
        store.save(canary("r2", 10));
        store.save(started("r3", 20).finished(Outcome.FAILED, second(21), "interrupted"));
        store.save(canary("r4", 30).finished(Outcome.DEPLOYED, second(40), "deployed"));
        assertEquals(List.of("r2", "r1"), ids(store.running()));
        assertEquals(canary("r2", 10), store.running().getFirst());
        store.save(started("r1", 0).finished(Outcome.FAILED, second(50), "interrupted by a restart"));
        assertEquals(List.of("r2"), ids(store.running()));
    }

    @Test
    default void aRunStartsOnlyWhenNoneIsRunning() {
        var store = createStore();
        assertEquals(Optional.empty(), store.startIfIdle(started("r1", 0)));
        assertEquals(Optional.of(started("r1", 0)), store.startIfIdle(started("r2", 5)), "the running one is told");
        assertEquals(Optional.empty(), store.find("r2"), "nothing was saved");
        store.save(started("r1", 0).finished(Outcome.FAILED, second(1), "failed"));
        assertEquals(Optional.empty(), store.startIfIdle(started("r3", 10)));
        assertEquals(List.of("r3"), ids(store.running()));
        assertThrows(IllegalArgumentException.class, () -> store.startIfIdle(started("r4", 20).finished(Outcome.FAILED, second(21), "done")));
    }

    @Test
    default void ofRunsStartingAtOnceExactlyOneStarts() throws Exception {
        var store = createStore();
        var started = StudyStoreContract.run(8, t -> List.of(store.startIfIdle(started("c" + t, t)).isEmpty()));
        assertEquals(1, started.stream().filter(b -> b).count());
        assertEquals(1, store.running().size());
    }
}
