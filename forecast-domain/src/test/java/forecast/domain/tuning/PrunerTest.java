package forecast.domain.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.memory.InMemoryStudyStore;
import forecast.domain.testing.UniformSampler;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrunerTest {
    private final Studies studies = new Studies(new InMemoryStudyStore(), List.of(new UniformSampler()), Clock.systemUTC());

    private Study study(String pruner, Direction direction, Map<String, String> attributes) {
        return studies.create(new StudyDefinition("s-" + pruner, direction, "uniform", 1, pruner, Map.of(), null, attributes, Instant.now()));
    }

    /** Runs a trial that reports {@code curve} step by step and stops when told to. */
    private static Objective curve(double... values) {
        return t -> {
            for (int step = 0; step < values.length; step++) {
                t.report(values[step], step);
                if (t.shouldPrune()) throw new TrialPruned();
            }
            return values[values.length - 1];
        };
    }

    @Test
    void medianPrunesATrialWorseThanTheMedianAfterTheStartupTrials() {
        var study = study("median", Direction.MINIMIZE, Map.of("pruner.n_startup_trials", "3"));
        for (double base : new double[] {1, 2, 3}) study.optimize(curve(base, base, base), 1, null, 1, t -> {});
        study.optimize(curve(10, 10, 10), 1, null, 1, t -> {});
        study.optimize(curve(1.5, 1.5, 1.5), 1, null, 1, t -> {});
        var trials = study.trials();
        assertEquals(TrialState.PRUNED, trials.get(3).state());
        assertEquals(Map.of(0, 10.0), trials.get(3).intermediateValues(), "pruned at the first step");
        assertEquals(TrialState.COMPLETE, trials.get(4).state());
    }

    @Test
    void medianWaitsForStartupTrialsAndWarmupSteps() {
        var study = study("median", Direction.MINIMIZE, Map.of("pruner.n_startup_trials", "2", "pruner.n_warmup_steps", "2"));
        study.optimize(curve(10, 10, 10, 10), 1, null, 1, t -> {}); // nothing to compare with
        study.optimize(curve(1, 1, 1, 1), 1, null, 1, t -> {});
        study.optimize(curve(50, 50, 50, 50), 1, null, 1, t -> {});
        var third = study.trials().get(2);
        assertEquals(TrialState.PRUNED, third.state());
        assertEquals(3, third.intermediateValues().size(), "not before warm-up step 2");
        assertEquals(TrialState.COMPLETE, study.trials().get(0).state());
    }

    @Test
    void medianRespectsMaximize() {
        var study = study("median", Direction.MAXIMIZE, Map.of("pruner.n_startup_trials", "2"));
        study.optimize(curve(5, 5), 2, null, 1, t -> {});
        study.optimize(curve(1, 1), 1, null, 1, t -> {});
        study.optimize(curve(9, 9), 1, null, 1, t -> {});
        assertEquals(TrialState.PRUNED, study.trials().get(2).state());
        assertEquals(TrialState.COMPLETE, study.trials().get(3).state());
    }

    @Test
    void theMedianIsNumpysLinearPercentile() {
        assertEquals(2.5, forecast.domain.statistics.Percentiles.linear(new double[] {1.0, 2.0, 3.0, 4.0}, 50), 1e-12);
        assertEquals(2.0, forecast.domain.statistics.Percentiles.linear(new double[] {3.0, Double.NaN, 1.0, 2.0}, 50), 1e-12);
    }

    @Test
    void successiveHalvingKeepsTheTopQuarterAtEachRung() {
        var study = study("successive_halving", Direction.MINIMIZE, Map.of("pruner.min_resource", "1", "pruner.reduction_factor", "2"));
        // rung 0 is reached at step 1, rung 1 at step 2, rung 2 at step 4
        study.optimize(curve(5, 5, 5, 5, 5), 1, null, 1, t -> {}); // the first is alone at each rung: promoted
        study.optimize(curve(9, 9, 9, 9, 9), 1, null, 1, t -> {}); // worse than the first at rung 0
        study.optimize(curve(1, 1, 1, 1, 1), 1, null, 1, t -> {});
        var trials = study.trials();
        assertEquals(TrialState.COMPLETE, trials.get(0).state());
        assertEquals("5.0", trials.get(0).attributes().get("completed_rung_0"));
        assertEquals(TrialState.PRUNED, trials.get(1).state());
        assertEquals(2, trials.get(1).intermediateValues().size(), "stopped at rung 0 (step 1)");
        assertEquals(TrialState.COMPLETE, trials.get(2).state());
        assertTrue(trials.get(2).attributes().containsKey("completed_rung_2"));
    }

    @Test
    void successiveHalvingEstimatesItsMinimumResourceFromACompleteTrial() {
        var study = study("successive_halving", Direction.MINIMIZE, Map.of());
        var context = new Pruner.Context() {
            @Override
            public StudyDefinition study() {
                return study.definition();
            }

            @Override
            public List<FrozenTrial> trials() {
                return List.of();
            }

            @Override
            public FrozenTrial trial() {
                return FrozenTrial.started(0, TrialState.RUNNING, Instant.now(), Map.of()).withIntermediate(0, 1.0).withIntermediate(5, 100.0);
            }

            @Override
            public void note(String key, String value) {
                throw new AssertionError("nothing to note without a complete trial");
            }
        };
        assertFalse(Pruners.named("successive_halving", Map.of()).prune(context));
    }
}
