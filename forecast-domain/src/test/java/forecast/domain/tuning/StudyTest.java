package forecast.domain.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.memory.InMemoryStudyStore;
import forecast.domain.testing.UniformSampler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StudyTest {
    private final InMemoryStudyStore store = new InMemoryStudyStore();
    private final Studies studies = new Studies(store, List.of(new UniformSampler()), Clock.systemUTC());

    private StudyDefinition definition(String name, Direction direction, long seed, String pruner) {
        return new StudyDefinition(name, direction, "uniform", seed, pruner, Map.of(), null, Map.of(), Instant.now());
    }

    private static double quadratic(Trial t) {
        double x = t.suggestFloat("x", -5, 5);
        int n = t.suggestInt("n", 1, 9, 2);
        String kind = t.suggestCategorical("kind", List.of("a", "b"));
        return x * x + n + (kind.equals("a") ? 0 : 1);
    }

    @Test
    void recordsEveryTrialAndKnowsTheBest() {
        var study = studies.create(definition("q", Direction.MINIMIZE, 7, "none"));
        var ran = study.optimize(StudyTest::quadratic, 20, null, 1, t -> {});
        assertEquals(20, ran.size());
        var trials = study.trials();
        assertEquals(20, trials.size());
        for (var t : trials) {
            assertEquals(TrialState.COMPLETE, t.state());
            assertEquals(List.of("x", "n", "kind"), List.copyOf(t.params().keySet()), "suggestion order");
            assertTrue(((Integer) t.params().get("n")) % 2 == 1, "on the step grid");
            assertTrue(t.duration().isPresent());
        }
        double min = trials.stream().mapToDouble(FrozenTrial::value).min().orElseThrow();
        assertEquals(min, study.bestTrial().orElseThrow().value());
    }

    @Test
    void maximizingPicksTheHighestValue() {
        var study = studies.create(definition("max", Direction.MAXIMIZE, 7, "none"));
        study.optimize(t -> t.suggestFloat("x", 0, 1), 10, null, 1, t -> {});
        double max = study.trials().stream().mapToDouble(FrozenTrial::value).max().orElseThrow();
        assertEquals(max, study.bestTrial().orElseThrow().value());
    }

    @Test
    void aSeededStudyRepeatsExactlyAndAnotherSeedDoesNot() {
        var a = studies.create(definition("a", Direction.MINIMIZE, 42, "none"));
        var b = studies.create(definition("b", Direction.MINIMIZE, 42, "none"));
        var c = studies.create(definition("c", Direction.MINIMIZE, 43, "none"));
        for (var s : List.of(a, b, c)) s.optimize(StudyTest::quadratic, 5, null, 1, t -> {});
        assertEquals(params(a), params(b));
        assertNotEquals(params(a), params(c));
    }

    private static List<Map<String, Object>> params(Study s) {
        return s.trials().stream().map(FrozenTrial::params).toList();
    }

    @Test
    void aFailingObjectiveFailsItsTrialAndTheStudyGoesOn() {
        var study = studies.create(definition("f", Direction.MINIMIZE, 1, "none"));
        var count = new AtomicInteger();
        study.optimize(t -> {
            double x = t.suggestFloat("x", 0, 1);
            int k = count.getAndIncrement();
            if (k == 1) throw new IllegalStateException("boom");
            if (k == 2) return Double.NaN;
            return x;
        }, 5, null, 1, t -> {});
        var trials = study.trials();
        assertEquals(5, trials.size());
        assertEquals(TrialState.FAILED, trials.get(1).state());
        assertEquals("IllegalStateException: boom", trials.get(1).failReason().orElseThrow());
        assertEquals(TrialState.FAILED, trials.get(2).state());
        assertTrue(trials.get(2).failReason().orElseThrow().contains("NaN"));
        assertEquals(3, trials.stream().filter(t -> t.state() == TrialState.COMPLETE).count());
    }

    @Test
    void aPrunedTrialKeepsItsLastReportedValue() {
        var study = studies.create(definition("p", Direction.MINIMIZE, 1, "none"));
        study.optimize(t -> {
            t.report(3.0, 0);
            t.report(2.5, 1);
            throw new TrialPruned();
        }, 1, null, 1, t -> {});
        var trial = study.trials().get(0);
        assertEquals(TrialState.PRUNED, trial.state());
        assertEquals(2.5, trial.value());
        assertEquals(Map.of(0, 3.0, 1, 2.5), trial.intermediateValues());
        assertTrue(study.bestTrial().isEmpty(), "pruned trials are not candidates for best");
    }

    @Test
    void enqueuedParametersAreTriedFirstAndOthersAreSampled() {
        var study = studies.create(definition("warm", Direction.MINIMIZE, 1, "none"));
        study.enqueue(Map.of("x", 0.25, "kind", "b"));
        study.enqueue(Map.of("x", 9.0, "kind", "not a choice"));
        study.optimize(t -> {
            double x = t.suggestFloat("x", -5, 5);
            t.suggestCategorical("kind", List.of("a", "b"));
            t.suggestInt("n", 1, 3);
            return x;
        }, 3, null, 1, t -> {});
        var trials = study.trials();
        assertEquals(0.25, trials.get(0).params().get("x"));
        assertEquals("b", trials.get(0).params().get("kind"));
        assertEquals(9.0, trials.get(1).params().get("x"), "a number out of range is still used, as in Optuna");
        assertTrue(List.of("a", "b").contains(trials.get(1).params().get("kind")), "an impossible choice is sampled instead");
        assertEquals(3, trials.size());
    }

    @Test
    void askAndTellSuggestsTheDeclaredSpaceInOrder() {
        var space = new java.util.LinkedHashMap<String, Distribution>();
        space.put("x", FloatDistribution.of(-5, 10));
        space.put("depth", IntDistribution.stepped(2, 12, 1));
        space.put("booster", CategoricalDistribution.of("gbtree", "dart"));
        var study = studies.create(new StudyDefinition("ask", Direction.MAXIMIZE, "uniform", 3, null, space, null, Map.of(), Instant.now()));
        var trial = study.askSearchSpace();
        assertEquals(List.of("x", "depth", "booster"), List.copyOf(trial.params().keySet()));
        assertEquals(TrialState.RUNNING, study.trials().get(0).state());
        study.tell(trial.number(), 1.5);
        assertEquals(1.5, study.bestTrial().orElseThrow().value());
        assertThrows(TrialStateException.class, () -> study.tell(trial.number(), 2.0), "a trial is told once");
        assertThrows(TrialStateException.class, () -> study.tell(99, 2.0));
    }

    @Test
    void suggestingTheSameNameTwiceGivesTheSameValue() {
        var study = studies.create(definition("same", Direction.MINIMIZE, 1, "none"));
        var trial = study.ask();
        double x = trial.suggestFloat("x", 0, 1);
        assertEquals(x, trial.suggestFloat("x", 0, 1));
        assertThrows(IllegalArgumentException.class, () -> trial.suggestInt("x", 0, 1));
    }

    @Test
    void parallelTrialsGetDistinctNumbersAndAllFinish() {
        var study = studies.create(definition("par", Direction.MINIMIZE, 5, "none"));
        var ran = study.optimize(t -> {
            Thread.sleep(2);
            return t.suggestFloat("x", 0, 1);
        }, 30, null, 3, t -> {});
        assertEquals(30, ran.size());
        var numbers = new HashSet<Integer>();
        for (var t : study.trials()) {
            numbers.add(t.number());
            assertEquals(TrialState.COMPLETE, t.state());
        }
        assertEquals(30, numbers.size());
    }

    @Test
    void aTimeoutStopsStartingTrials() {
        var study = studies.create(definition("time", Direction.MINIMIZE, 5, "none"));
        var ran = study.optimize(t -> {
            Thread.sleep(20);
            return 1;
        }, null, Duration.ofMillis(100), 1, t -> {});
        assertTrue(ran.size() >= 1 && ran.size() < 100, "ran " + ran.size());
        assertThrows(IllegalArgumentException.class, () -> study.optimize(t -> 1, null, null, 1, t -> {}));
    }

    @Test
    void aResumedStudyGoesOnWhereItStopped() {
        var first = studies.create(definition("resume", Direction.MINIMIZE, 11, "none"));
        first.optimize(StudyTest::quadratic, 4, null, 1, t -> {});
        var again = new Studies(store, List.of(new UniformSampler()), Clock.systemUTC()).load("resume").orElseThrow();
        again.optimize(StudyTest::quadratic, 3, null, 1, t -> {});
        assertEquals(7, again.trials().size());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), again.trials().stream().map(FrozenTrial::number).toList());

        var straight = studies.create(definition("straight", Direction.MINIMIZE, 11, "none"));
        straight.optimize(StudyTest::quadratic, 7, null, 1, t -> {});
        assertEquals(params(straight), params(again), "resuming changes nothing about what is sampled");
    }

    @Test
    void theCallbackSeesEveryTrialAsItFinishes() {
        var study = studies.create(definition("cb", Direction.MINIMIZE, 5, "none"));
        var seen = new ArrayList<Integer>();
        study.optimize(t -> t.suggestFloat("x", 0, 1), 4, null, 1, t -> seen.add(t.number()));
        assertEquals(List.of(0, 1, 2, 3), seen);
    }

    @Test
    void unknownSamplerOrPrunerIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> studies.create(new StudyDefinition("bad", Direction.MINIMIZE, "nope", 1, null, Map.of(), null, Map.of(), Instant.now())));
        assertThrows(IllegalArgumentException.class, () -> studies.create(definition("bad2", Direction.MINIMIZE, 1, "nope")));
        assertTrue(store.find("bad").isEmpty(), "a refused study is not stored");
    }
}
