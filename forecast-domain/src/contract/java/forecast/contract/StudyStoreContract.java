package forecast.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.tuning.CategoricalDistribution;
import forecast.domain.tuning.Direction;
import forecast.domain.tuning.Distribution;
import forecast.domain.tuning.DistributionJson;
import forecast.domain.tuning.FloatDistribution;
import forecast.domain.tuning.FrozenTrial;
import forecast.domain.tuning.IntDistribution;
import forecast.domain.tuning.StudyDefinition;
import forecast.domain.tuning.StudyExistsException;
import forecast.domain.tuning.StudyStore;
import forecast.domain.tuning.TrialState;
import forecast.domain.tuning.TrialStateException;
import forecast.domain.tuning.UnknownStudyException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StudyStore} promises. An implementation's test implements this interface and
 * {@link #createStore()}; each test calls it once.
 */
public interface StudyStoreContract {
    /** A new, empty store. */
    StudyStore createStore();

    // ---- samples

    /** Microseconds, which every database keeps. */
    Instant T0 = Instant.parse("2024-05-01T09:30:00.123456Z");

    /** One distribution of every kind, in an order that is neither alphabetical nor by kind. */
    static Map<String, Distribution> searchSpace() {
        var space = new LinkedHashMap<String, Distribution>();
        space.put("learning_rate", FloatDistribution.logScale(1e-5, 0.3));
        space.put("subsample", FloatDistribution.stepped(0.5, 1.0, 0.1));
        space.put("alpha", FloatDistribution.of(-1.5, 2.25));
        space.put("max_depth", IntDistribution.of(2, 12));
        space.put("n_estimators", IntDistribution.stepped(50, 1000, 50));
        space.put("min_child_weight", IntDistribution.logScale(1, 256));
        space.put("booster", CategoricalDistribution.of("gbtree", "dart", "say \"hi\" \\ naïve ✓"));
        space.put("mixed", mixed());
        return space;
    }

    /** Text, a boolean, an integral number (kept as a Long), fractions and null. */
    static CategoricalDistribution mixed() {
        return CategoricalDistribution.of("a", true, 3L, 0.5, null, 2.0);
    }

    static StudyDefinition definition(String name, Instant created) {
        return new StudyDefinition(name, Direction.MAXIMIZE, StudyDefinition.TPE, -1_234_567_890_123L, "median", searchSpace(), "xgboost",
                Map.of("series", "default", "metric", "mape", "budget", "", "note", "ünïcode, 'quotes' \"too\""), created);
    }

    /** A study with nothing optional: no search space (define-by-run), no algorithm, no attributes. */
    static StudyDefinition bare(String name, Instant created) {
        return new StudyDefinition(name, Direction.MINIMIZE, StudyDefinition.RANDOM, Long.MIN_VALUE, "none", Map.of(), null, Map.of(), created);
    }

    /** Same definition, with the search space in the same order. */
    static void assertSameDefinition(StudyDefinition expected, StudyDefinition actual) {
        assertEquals(expected, actual);
        assertEquals(List.copyOf(expected.searchSpace().entrySet()), List.copyOf(actual.searchSpace().entrySet()), "search space order");
    }

    /** Same trial, with parameters in the same order and values of the same types. */
    static void assertSameTrial(FrozenTrial expected, FrozenTrial actual) {
        assertEquals(expected, actual);
        assertEquals(List.copyOf(expected.params().keySet()), List.copyOf(actual.params().keySet()), "parameter order");
        assertEquals(List.copyOf(expected.distributions().keySet()), List.copyOf(actual.distributions().keySet()), "distribution order");
        expected.params().forEach((name, v) -> assertEquals(type(v), type(actual.params().get(name)), "type of " + name));
        assertEquals(json(expected.fixedParams()), json(actual.fixedParams()), "fixed parameters");
    }

    /**
     * Fixed parameters as JSON, in order: a store may hand back an {@code Integer} as a
     * {@code Long}, as the HTTP API reads it (the trial converts it through the distribution).
     */
    static List<String> json(Map<String, Object> params) {
        return params.entrySet().stream().map(e -> e.getKey() + "=" + DistributionJson.value(e.getValue())).toList();
    }

    private static Class<?> type(Object v) {
        return v == null ? null : v.getClass();
    }

    // ---- studies

    @Test
    default void createdStudyIsFoundAsDefined() {
        var store = createStore();
        var study = definition("xgb-default", T0);
        store.create(study);
        assertSameDefinition(study, store.find("xgb-default").orElseThrow());
        assertEquals(Optional.empty(), store.find("xgb-other"));
    }

    @Test
    default void definitionsRoundTripExactly() {
        var store = createStore();
        var full = definition("full", T0);
        var bare = bare("bare.1_x", T0.plusNanos(1000));
        var widest = new StudyDefinition("w", Direction.MINIMIZE, "tpe", Long.MAX_VALUE, "successive_halving",
                Map.of("only", CategoricalDistribution.of((Object) null)), "arima", Map.of("k", "v"), Instant.parse("1999-12-31T23:59:59Z"));
        store.create(full);
        store.create(bare);
        store.create(widest);
        assertSameDefinition(full, store.find("full").orElseThrow());
        assertSameDefinition(bare, store.find("bare.1_x").orElseThrow());
        assertSameDefinition(widest, store.find("w").orElseThrow());
        var choices = ((CategoricalDistribution) store.find("full").orElseThrow().searchSpace().get("mixed")).choices();
        assertEquals(Arrays.asList(String.class, Boolean.class, Long.class, Double.class, null, Double.class),
                choices.stream().map(StudyStoreContract::type).toList(), "choice types");
    }

    @Test
    default void listHasEveryStudyOldestFirst() {
        var store = createStore();
        assertEquals(List.of(), store.list());
        var names = List.of("zeta", "alpha", "mid");
        for (int i = 0; i < names.size(); i++) store.create(i == 1 ? bare(names.get(i), T0.plusSeconds(i)) : definition(names.get(i), T0.plusSeconds(i)));
        var listed = store.list();
        assertEquals(names, listed.stream().map(StudyDefinition::name).toList());
        assertSameDefinition(definition("zeta", T0), listed.getFirst());
        assertSameDefinition(bare("alpha", T0.plusSeconds(1)), listed.get(1));
    }

    @Test
    default void aTakenNameIsRefusedAndTheStudyIsKept() {
        var store = createStore();
        var first = definition("taken", T0);
        store.create(first);
        assertThrows(StudyExistsException.class, () -> store.create(bare("taken", T0.plusSeconds(5))));
        assertSameDefinition(first, store.find("taken").orElseThrow());
        assertEquals(1, store.list().size());
    }

    @Test
    default void anUnknownStudyIsRefused() {
        var store = createStore();
        store.create(bare("known", T0));
        assertThrows(UnknownStudyException.class, () -> store.startTrial("unknown", T0));
        assertThrows(UnknownStudyException.class, () -> store.enqueue("unknown", Map.of("x", 1.0)));
        assertThrows(UnknownStudyException.class, () -> store.trials("unknown"));
        assertEquals(List.of(), store.trials("known"));
        assertEquals(Optional.empty(), store.trial("known", 0));
    }

    // ---- starting and enqueueing trials

    @Test
    default void trialsAreNumberedFromZero() {
        var store = createStore();
        store.create(bare("s", T0));
        for (int n = 0; n < 3; n++) {
            var at = T0.plusSeconds(10 + n);
            var trial = store.startTrial("s", at);
            assertEquals(n, trial.number());
            assertEquals(TrialState.RUNNING, trial.state());
            assertEquals(at, trial.started());
            assertNull(trial.completed());
            assertNull(trial.value());
            assertEquals(Map.of(), trial.params());
            assertEquals(Map.of(), trial.fixedParams());
            assertSameTrial(trial, store.trial("s", n).orElseThrow());
        }
        assertEquals(List.of(0, 1, 2), store.trials("s").stream().map(FrozenTrial::number).toList());
        assertEquals(Optional.empty(), store.trial("s", 3));
        assertEquals(Optional.empty(), store.trial("s", -1));
    }

    @Test
    default void eachStudyNumbersItsOwnTrials() {
        var store = createStore();
        store.create(bare("a", T0));
        store.create(bare("b", T0.plusSeconds(1)));
        store.startTrial("a", T0);
        store.startTrial("a", T0);
        assertEquals(0, store.startTrial("b", T0).number());
        store.saveParam("b", 0, "x", FloatDistribution.of(0, 1), 0.5);
        assertEquals(2, store.startTrial("a", T0).number());
        assertEquals(Map.of(), store.trial("a", 0).orElseThrow().params());
        assertEquals(3, store.trials("a").size());
        assertEquals(1, store.trials("b").size());
    }

    @Test
    default void anEnqueuedTrialWaitsWithItsFixedParams() {
        var store = createStore();
        store.create(definition("s", T0));
        var fixed = new LinkedHashMap<String, Object>();
        fixed.put("max_depth", 7);
        fixed.put("learning_rate", 0.05);
        fixed.put("booster", "dart");
        fixed.put("mixed", null);
        fixed.put("flag", true);
        fixed.put("n_estimators", 300L);
        var waiting = store.enqueue("s", fixed);
        assertEquals(0, waiting.number());
        assertEquals(TrialState.WAITING, waiting.state());
        assertNull(waiting.started());
        assertNull(waiting.completed());
        assertEquals(Map.of(), waiting.params());
        assertEquals(json(fixed), json(waiting.fixedParams()));
        assertSameTrial(waiting, store.trial("s", 0).orElseThrow());
        assertEquals(List.of(TrialState.WAITING), store.trials("s").stream().map(FrozenTrial::state).toList());
        var fetched = store.trial("s", 0).orElseThrow().fixedParams();
        assertEquals(Double.class, fetched.get("learning_rate").getClass());
        assertEquals(String.class, fetched.get("booster").getClass());
        assertEquals(Boolean.class, fetched.get("flag").getClass());
        assertTrue(fetched.containsKey("mixed"), "a null value is a fixed value too");
        assertEquals(7, ((Number) fetched.get("max_depth")).intValue());
    }

    @Test
    default void startTrialTakesTheOldestWaitingTrialFirst() {
        var store = createStore();
        store.create(definition("s", T0));
        store.startTrial("s", T0);
        store.enqueue("s", Map.of("max_depth", 3));
        store.enqueue("s", Map.of("max_depth", 9));
        store.enqueue("s", Map.of());

        var first = store.startTrial("s", T0.plusSeconds(1));
        assertEquals(1, first.number());
        assertEquals(TrialState.RUNNING, first.state());
        assertEquals(T0.plusSeconds(1), first.started());
        assertEquals(List.of("max_depth=3"), json(first.fixedParams()));
        assertSameTrial(first, store.trial("s", 1).orElseThrow());

        assertEquals(List.of("max_depth=9"), json(store.startTrial("s", T0.plusSeconds(2)).fixedParams()));
        assertEquals(3, store.startTrial("s", T0.plusSeconds(3)).number());
        var fresh = store.startTrial("s", T0.plusSeconds(4));
        assertEquals(4, fresh.number());
        assertEquals(Map.of(), fresh.fixedParams());
        assertTrue(store.trials("s").stream().allMatch(t -> t.state() == TrialState.RUNNING));
    }

    // ---- what a running trial records

    @Test
    default void paramsRoundTripWithTheirTypesInSuggestionOrder() {
        var store = createStore();
        store.create(definition("s", T0));
        var space = searchSpace();
        var values = new LinkedHashMap<String, Object>();
        values.put("learning_rate", 0.012345678901234567);
        values.put("subsample", 0.7);
        values.put("alpha", -1.5);
        values.put("max_depth", 7);
        values.put("n_estimators", 350);
        values.put("min_child_weight", 256);
        values.put("booster", "say \"hi\" \\ naïve ✓");
        values.put("mixed", null);
        var trial = store.startTrial("s", T0);
        // suggested in an order of its own: not the search space's, nor alphabetical
        var order = List.of("mixed", "max_depth", "booster", "subsample", "learning_rate", "n_estimators", "alpha", "min_child_weight");
        var expected = trial;
        for (var name : order) {
            store.saveParam("s", trial.number(), name, space.get(name), values.get(name));
            expected = expected.withParam(name, space.get(name), values.get(name));
        }
        var stored = store.trial("s", 0).orElseThrow();
        assertSameTrial(expected, stored);
        assertEquals(order, List.copyOf(stored.params().keySet()));
        assertEquals(Double.class, stored.params().get("learning_rate").getClass());
        assertEquals(0.012345678901234567, stored.params().get("learning_rate"));
        assertEquals(Integer.class, stored.params().get("max_depth").getClass());
        assertNull(stored.params().get("mixed"));
        assertTrue(stored.params().containsKey("mixed"));
        assertEquals(space.get("booster"), stored.distributions().get("booster"));
        assertEquals(0.7, stored.internal("subsample"));
        assertEquals(4.0, stored.internal("mixed"), "the index of the choice");
        assertSameTrial(stored, store.trials("s").getFirst());
    }

    @Test
    default void everyKindOfChoiceComesBackAsItsType() {
        var store = createStore();
        store.create(bare("s", T0));
        var mixed = mixed();
        List<Object> given = Arrays.asList("a", true, 3L, 0.5, null, 2.0, 3, 2.0f);
        List<Object> stored = Arrays.asList("a", true, 3L, 0.5, null, 2.0, 3L, 2.0);
        for (int i = 0; i < given.size(); i++) {
            store.startTrial("s", T0);
            store.saveParam("s", i, "mixed", mixed, given.get(i));
        }
        var trials = store.trials("s");
        for (int i = 0; i < given.size(); i++) {
            var value = trials.get(i).params().get("mixed");
            assertEquals(stored.get(i), value, "choice " + given.get(i));
            assertEquals(type(stored.get(i)), type(value), "type of choice " + given.get(i));
        }
    }

    @Test
    default void numbersAreStoredAsTheirDistributionsHoldThem() {
        var store = createStore();
        store.create(bare("s", T0));
        var trial = store.startTrial("s", T0);
        store.saveParam("s", trial.number(), "x", FloatDistribution.of(0, 10), 3);
        store.saveParam("s", trial.number(), "n", IntDistribution.of(0, 10), 4L);
        store.saveParam("s", trial.number(), "outside", FloatDistribution.of(0, 1), 1e300);
        var params = store.trial("s", 0).orElseThrow().params();
        assertEquals(3.0, params.get("x"));
        assertEquals(4, params.get("n"));
        assertEquals(1e300, params.get("outside"), "a value fixed outside the range is kept, as Optuna keeps it");
    }

    @Test
    default void aParameterIsSavedOnce() {
        var store = createStore();
        store.create(bare("s", T0));
        store.startTrial("s", T0);
        store.saveParam("s", 0, "x", FloatDistribution.of(0, 1), 0.25);
        assertThrows(TrialStateException.class, () -> store.saveParam("s", 0, "x", FloatDistribution.of(0, 1), 0.75));
        assertEquals(Map.of("x", 0.25), store.trial("s", 0).orElseThrow().params());
    }

    @Test
    default void onlyARunningTrialTakesParamsAndReports() {
        var store = createStore();
        store.create(bare("s", T0));
        store.startTrial("s", T0);
        store.startTrial("s", T0);
        store.finish("s", 0, TrialState.COMPLETE, 1.0, T0);
        var d = FloatDistribution.of(0, 1);
        for (int number : new int[] {0, 2}) {
            assertThrows(TrialStateException.class, () -> store.saveParam("s", number, "x", d, 0.5), "trial " + number);
            assertThrows(TrialStateException.class, () -> store.saveIntermediate("s", number, 0, 0.5), "trial " + number);
        }
        store.enqueue("s", Map.of());
        assertThrows(TrialStateException.class, () -> store.saveParam("s", 2, "x", d, 0.5), "a waiting trial");
        assertThrows(TrialStateException.class, () -> store.saveIntermediate("s", 2, 0, 0.5), "a waiting trial");
        store.saveParam("s", 1, "x", d, 0.5);
        assertEquals(Map.of(), store.trial("s", 0).orElseThrow().params());
        assertEquals(Map.of(), store.trial("s", 0).orElseThrow().intermediateValues());
    }

    @Test
    default void intermediateValuesAreKeptByStepAndALaterReportReplacesIt() {
        var store = createStore();
        store.create(bare("s", T0));
        store.startTrial("s", T0);
        store.saveIntermediate("s", 0, 2, 0.2);
        store.saveIntermediate("s", 0, 0, Double.POSITIVE_INFINITY);
        store.saveIntermediate("s", 0, 1, 0.1);
        store.saveIntermediate("s", 0, 1, 0.15);
        store.saveIntermediate("s", 0, 10, Double.NaN);
        store.saveIntermediate("s", 0, 11, Double.NEGATIVE_INFINITY);
        store.saveIntermediate("s", 0, 12, 1e-300);
        var expected = new TreeMap<Integer, Double>(Map.of(0, Double.POSITIVE_INFINITY, 1, 0.15, 2, 0.2, 10, Double.NaN,
                11, Double.NEGATIVE_INFINITY, 12, 1e-300));
        var trial = store.trial("s", 0).orElseThrow();
        assertEquals(expected, trial.intermediateValues());
        assertEquals(List.of(0, 1, 2, 10, 11, 12), List.copyOf(trial.intermediateValues().keySet()));
        assertEquals(12, trial.lastStep().orElseThrow());
        assertEquals(expected, store.trials("s").getFirst().intermediateValues());
    }

    @Test
    default void attributesAreSetInAnyStateAndReplaced() {
        var store = createStore();
        store.create(bare("s", T0));
        store.startTrial("s", T0);
        store.startTrial("s", T0);
        store.finish("s", 1, TrialState.FAILED, null, T0);
        store.enqueue("s", Map.of());
        store.saveAttribute("s", 0, "pruner.rung", "0");
        store.saveAttribute("s", 0, "pruner.rung", "1");
        store.saveAttribute("s", 0, "a", "");
        store.saveAttribute("s", 1, FrozenTrial.FAIL_REASON, "IllegalStateException: boom");
        store.saveAttribute("s", 2, "source", "warm start");
        assertEquals(List.of("a", "pruner.rung"), List.copyOf(store.trial("s", 0).orElseThrow().attributes().keySet()));
        assertEquals("1", store.trials("s").getFirst().attributes().get("pruner.rung"));
        assertEquals(Optional.of("IllegalStateException: boom"), store.trial("s", 1).orElseThrow().failReason());
        assertEquals(Map.of("source", "warm start"), store.trial("s", 2).orElseThrow().attributes());
        assertEquals(TrialState.WAITING, store.trial("s", 2).orElseThrow().state());
        assertThrows(TrialStateException.class, () -> store.saveAttribute("s", 3, "k", "v"), "no trial 3");
    }

    // ---- finishing

    @Test
    default void finishRecordsTheStateValueAndTime() {
        var store = createStore();
        store.create(definition("s", T0));
        var cases = new ArrayList<Map.Entry<TrialState, Double>>();
        cases.add(Map.entry(TrialState.COMPLETE, 0.125));
        cases.add(Map.entry(TrialState.PRUNED, 3.5));
        cases.add(Map.entry(TrialState.COMPLETE, Double.POSITIVE_INFINITY));
        cases.add(Map.entry(TrialState.COMPLETE, Double.NEGATIVE_INFINITY));
        cases.add(Map.entry(TrialState.COMPLETE, -1e308));
        for (int n = 0; n < cases.size(); n++) {
            var started = store.startTrial("s", T0.plusSeconds(n));
            store.saveParam("s", n, "max_depth", IntDistribution.of(2, 12), n + 2);
            store.saveIntermediate("s", n, 0, n);
            var at = T0.plusSeconds(100 + n).plusNanos(7000);
            var done = store.finish("s", n, cases.get(n).getKey(), cases.get(n).getValue(), at);
            var expected = started.withParam("max_depth", IntDistribution.of(2, 12), n + 2).withIntermediate(0, n)
                    .finished(cases.get(n).getKey(), cases.get(n).getValue(), at);
            assertSameTrial(expected, done);
            assertSameTrial(expected, store.trial("s", n).orElseThrow());
        }
        var failed = store.startTrial("s", T0);
        store.saveAttribute("s", failed.number(), FrozenTrial.FAIL_REASON, "the objective returned NaN");
        var done = store.finish("s", failed.number(), TrialState.FAILED, null, T0.plusSeconds(200));
        assertEquals(TrialState.FAILED, done.state());
        assertNull(done.value());
        assertEquals(T0.plusSeconds(200), done.completed());
        assertEquals(Optional.of("the objective returned NaN"), done.failReason());
        var states = store.trials("s").stream().map(FrozenTrial::state).toList();
        assertEquals(List.of(TrialState.COMPLETE, TrialState.PRUNED, TrialState.COMPLETE, TrialState.COMPLETE, TrialState.COMPLETE,
                TrialState.FAILED), states);
        assertEquals(Double.NEGATIVE_INFINITY, store.trials("s").get(3).value());
    }

    @Test
    default void aTrialFinishesOnce() {
        var store = createStore();
        store.create(bare("s", T0));
        store.startTrial("s", T0);
        var done = store.finish("s", 0, TrialState.COMPLETE, 2.0, T0.plusSeconds(1));
        assertThrows(TrialStateException.class, () -> store.finish("s", 0, TrialState.COMPLETE, 1.0, T0.plusSeconds(2)));
        assertThrows(TrialStateException.class, () -> store.finish("s", 0, TrialState.FAILED, null, T0.plusSeconds(2)));
        assertThrows(TrialStateException.class, () -> store.saveIntermediate("s", 0, 3, 1.0));
        assertSameTrial(done, store.trial("s", 0).orElseThrow());
    }

    @Test
    default void onlyARunningTrialCanFinish() {
        var store = createStore();
        store.create(bare("s", T0));
        store.enqueue("s", Map.of());
        assertThrows(TrialStateException.class, () -> store.finish("s", 0, TrialState.COMPLETE, 1.0, T0), "a waiting trial");
        assertThrows(TrialStateException.class, () -> store.finish("s", 5, TrialState.COMPLETE, 1.0, T0), "no trial 5");
        store.startTrial("s", T0);
        assertThrows(IllegalArgumentException.class, () -> store.finish("s", 0, TrialState.RUNNING, 1.0, T0));
        assertThrows(IllegalArgumentException.class, () -> store.finish("s", 0, TrialState.WAITING, null, T0));
        assertEquals(TrialState.RUNNING, store.trial("s", 0).orElseThrow().state());
    }

    @Test
    default void trialsReadTogetherEqualTrialsReadOneByOne() {
        var store = createStore();
        store.create(definition("s", T0));
        var space = searchSpace();
        store.enqueue("s", Map.of("max_depth", 4));
        for (int n = 0; n < 12; n++) {
            var trial = store.startTrial("s", T0.plusSeconds(n));
            store.saveParam("s", trial.number(), "max_depth", space.get("max_depth"), 2 + n % 10);
            store.saveParam("s", trial.number(), "booster", space.get("booster"), n % 2 == 0 ? "gbtree" : "dart");
            for (int step = 0; step < n % 4; step++) store.saveIntermediate("s", trial.number(), step, 1.0 / (step + 1));
            if (n % 3 == 0) store.saveAttribute("s", trial.number(), "n", Integer.toString(n));
            if (n % 5 != 4) store.finish("s", trial.number(), n % 5 == 3 ? TrialState.PRUNED : TrialState.COMPLETE, (double) n, T0.plusSeconds(60 + n));
        }
        store.enqueue("s", Map.of("booster", "dart"));
        var all = store.trials("s");
        assertEquals(IntStream.range(0, 13).boxed().toList(), all.stream().map(FrozenTrial::number).toList());
        for (var trial : all) assertSameTrial(store.trial("s", trial.number()).orElseThrow(), trial);
        assertEquals(List.of("max_depth=4"), json(all.getFirst().fixedParams()));
    }

    // ---- several threads at once

    @Test
    default void concurrentStartsGetDistinctNumbers() throws Exception {
        var store = createStore();
        store.create(bare("s", T0));
        int threads = 4, each = 50;
        var numbers = run(threads, t -> {
            var mine = new ArrayList<Integer>();
            for (int i = 0; i < each; i++) mine.add(store.startTrial("s", T0.plusSeconds(i)).number());
            return mine;
        });
        assertEquals(threads * each, numbers.size());
        assertEquals(IntStream.range(0, threads * each).boxed().collect(Collectors.toSet()), new HashSet<>(numbers));
        var trials = store.trials("s");
        assertEquals(threads * each, trials.size());
        assertTrue(trials.stream().allMatch(t -> t.state() == TrialState.RUNNING));
    }

    @Test
    default void concurrentStartsTakeEachWaitingTrialOnce() throws Exception {
        var store = createStore();
        store.create(bare("s", T0));
        int waiting = 20, threads = 4, each = 10;
        for (int i = 0; i < waiting; i++) store.enqueue("s", Map.of("i", i));
        var taken = run(threads, t -> {
            var mine = new ArrayList<FrozenTrial>();
            for (int i = 0; i < each; i++) mine.add(store.startTrial("s", T0));
            return mine;
        });
        assertEquals(IntStream.range(0, threads * each).boxed().collect(Collectors.toSet()),
                taken.stream().map(FrozenTrial::number).collect(Collectors.toSet()));
        for (var trial : taken) {
            var expected = trial.number() < waiting ? List.of("i=" + trial.number()) : List.<String>of();
            assertEquals(expected, json(trial.fixedParams()), "trial " + trial.number());
        }
        assertTrue(store.trials("s").stream().allMatch(t -> t.state() == TrialState.RUNNING));
    }

    @Test
    default void concurrentFinishOfOneTrialSucceedsOnce() throws Exception {
        var store = createStore();
        store.create(bare("s", T0));
        int threads = 4, rounds = 10;
        for (int round = 0; round < rounds; round++) {
            int number = store.startTrial("s", T0).number();
            var outcomes = run(threads, t -> {
                try {
                    return List.of(store.finish("s", number, t % 2 == 0 ? TrialState.COMPLETE : TrialState.PRUNED, (double) t, T0.plusSeconds(t)));
                } catch (TrialStateException e) {
                    return List.<FrozenTrial>of();
                }
            });
            assertEquals(1, outcomes.size(), "round " + round + ": one finish succeeds");
            assertSameTrial(outcomes.getFirst(), store.trial("s", number).orElseThrow());
        }
    }

    @Test
    default void concurrentTrialsOfAStudyKeepTheirOwnRecords() throws Exception {
        var store = createStore();
        store.create(definition("s", T0));
        var d = IntDistribution.of(0, 1000);
        int threads = 4, each = 15;
        var finished = run(threads, t -> {
            var mine = new ArrayList<FrozenTrial>();
            for (int i = 0; i < each; i++) {
                int n = store.startTrial("s", T0).number();
                store.saveParam("s", n, "n", d, n);
                store.saveParam("s", n, "thread", d, t);
                for (int step = 0; step < 3; step++) store.saveIntermediate("s", n, step, n + step / 10.0);
                store.saveAttribute("s", n, "thread", Integer.toString(t));
                mine.add(store.finish("s", n, TrialState.COMPLETE, (double) n, T0));
            }
            return mine;
        });
        var stored = store.trials("s");
        assertEquals(threads * each, stored.size());
        for (var trial : finished) {
            var s = stored.get(trial.number());
            assertSameTrial(trial, s);
            assertEquals(trial.number(), s.params().get("n"));
            assertEquals(s.attributes().get("thread"), s.params().get("thread").toString());
            assertEquals(Set.of(0, 1, 2), s.intermediateValues().keySet());
        }
    }

    /** Runs {@code task} on {@code threads} threads at once and gathers what they return. */
    static <T> List<T> run(int threads, ThreadTask<T> task) throws Exception {
        var pool = Executors.newFixedThreadPool(threads);
        try {
            var start = new CountDownLatch(1);
            var futures = new ArrayList<Future<List<T>>>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Callable<List<T>> c = () -> {
                    start.await();
                    return task.run(id);
                };
                futures.add(pool.submit(c));
            }
            start.countDown();
            var out = new ArrayList<T>();
            for (var f : futures) out.addAll(f.get());
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The work of one thread of {@link #run}. */
    interface ThreadTask<T> {
        List<T> run(int thread) throws Exception;
    }
}
