package forecast.adapters.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.memory.InMemoryStudyStore;
import forecast.domain.tuning.CategoricalDistribution;
import forecast.domain.tuning.Direction;
import forecast.domain.tuning.Distribution;
import forecast.domain.tuning.FloatDistribution;
import forecast.domain.tuning.FrozenTrial;
import forecast.domain.tuning.IntDistribution;
import forecast.domain.tuning.Objective;
import forecast.domain.tuning.RelativeSearchSpace;
import forecast.domain.tuning.Sampler;
import forecast.domain.tuning.Studies;
import forecast.domain.tuning.Study;
import forecast.domain.tuning.StudyDefinition;
import forecast.domain.tuning.Trial;
import forecast.domain.tuning.TrialState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GpSamplerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final GpSampler gp = new GpSampler();

    private static Study study(Sampler sampler, String name, Direction direction, long seed) {
        return study(new InMemoryStudyStore(), sampler, name, direction, seed);
    }

    private static Study study(InMemoryStudyStore store, Sampler sampler, String name, Direction direction, long seed) {
        var studies = new Studies(store, List.of(sampler), Clock.systemUTC());
        return studies.load(name).orElseGet(() -> studies.create(
                new StudyDefinition(name, direction, sampler.name(), seed, "none", Map.of(), null, Map.of(), T0)));
    }

    private static double mixed(Trial t) {
        double lr = t.suggestFloat("lr", 1e-5, 1, true);
        int units = t.suggestInt("units", 16, 256, 16);
        int width = t.suggestInt("width", 1, 1000, true);
        double dropout = t.suggestFloat("dropout", 0, 0.5, 0.05);
        String kind = t.suggestCategorical("kind", List.of("a", "b", "c"));
        return Math.pow(Math.log10(lr) + 2.5, 2) + Math.abs(units - 128) / 64.0 + Math.abs(Math.log10(width) - 2) + Math.abs(dropout - 0.2)
                + (kind.equals("b") ? 0 : 1);
    }

    @Test
    void isNamedGpAndTheDefaultProposesWithIt() {
        assertEquals("gp", gp.name());
        assertTrue(MlAdapters.samplers().stream().anyMatch(s -> s instanceof GpSampler && s.name().equals("gp")));
        assertEquals("auto", new Studies(new InMemoryStudyStore(), MlAdapters.samplers(), Clock.systemUTC()).defaultSampler());
        var auto = (AutoSampler) MlAdapters.samplers().getFirst();
        assertTrue(auto.chosen(List.of()) instanceof GpSampler, "a new study's default proposes by the GP");
    }

    @Test
    void samplesAtRandomUntilFiveTrialsAreCompleteThenOverTheirIntersection() {
        var x = FloatDistribution.of(0, 1);
        var y = FloatDistribution.of(0, 1);
        var trials = new ArrayList<FrozenTrial>();
        for (int i = 0; i < 4; i++) trials.add(Trials.running(i).withParam("x", x, 0.1 * i).withParam("y", y, 0.5).finished(TrialState.COMPLETE, (double) i, T0));
        // pruned, failed and running trials do not count
        trials.add(Trials.running(4).withParam("x", x, 0.9).finished(TrialState.PRUNED, 1.0, T0));
        trials.add(Trials.running(5).withParam("x", x, 0.9).finished(TrialState.FAILED, null, T0));
        trials.add(Trials.running(6).withParam("x", x, 0.9));
        var definition = Trials.study(Direction.MINIMIZE, 1);
        assertEquals(Map.of(), gp.relativeSearchSpace(definition, trials));
        // the fifth complete trial lacks y: only x is proposed jointly (a pruned trial's lack of y would not matter)
        trials.add(Trials.running(7).withParam("x", x, 0.7).finished(TrialState.COMPLETE, 3.0, T0));
        assertEquals(Map.of("x", x), gp.relativeSearchSpace(definition, trials));
        assertEquals(RelativeSearchSpace.intersection(trials, false), gp.relativeSearchSpace(definition, trials));
        // and independent sampling is random sampling
        var ctx = Trials.context(definition, trials, "z", y);
        assertEquals(new RandomSampler().sample(ctx), gp.sample(ctx));
    }

    @Test
    void aSeedRepeatsTheStudyAndAStoppedStudyResumesAsIfUninterrupted() {
        var first = study(gp, "first", Direction.MINIMIZE, 7);
        var again = study(gp, "again", Direction.MINIMIZE, 7);
        var other = study(gp, "other", Direction.MINIMIZE, 8);
        for (var s : List.of(first, again, other)) s.optimize(GpSamplerTest::mixed, 20, null, 1, t -> {});
        assertEquals(params(first), params(again));
        assertNotEquals(params(first).subList(10, 20), params(other).subList(10, 20));

        var store = new InMemoryStudyStore();
        study(store, gp, "resumed", Direction.MINIMIZE, 7).optimize(GpSamplerTest::mixed, 12, null, 1, t -> {});
        // a new sampler and a new Studies on the same store, as after a restart
        var resumed = study(store, new GpSampler(), "resumed", Direction.MINIMIZE, 7);
        resumed.optimize(GpSamplerTest::mixed, 8, null, 1, t -> {});
        assertEquals(params(first), params(resumed));
    }

    private static List<Map<String, Object>> params(Study s) {
        return s.trials().stream().map(FrozenTrial::params).toList();
    }

    @Test
    void proposalsLieOnGridsInLogRangesAndAmongTheChoices() {
        Map<String, Distribution> space = new LinkedHashMap<>();
        space.put("lr", FloatDistribution.logScale(1e-5, 1));
        space.put("units", IntDistribution.stepped(16, 256, 16));
        space.put("width", IntDistribution.logScale(1, 1000));
        space.put("dropout", FloatDistribution.stepped(0, 0.5, 0.05));
        space.put("kind", CategoricalDistribution.of("a", "b", "c"));
        space.put("odd", IntDistribution.stepped(-7, 7, 7));
        var random = new SplittableRandom(5);
        var trials = new ArrayList<FrozenTrial>();
        for (int i = 0; i < 15; i++) {
            var t = Trials.running(i);
            double value = 0;
            for (var e : space.entrySet()) {
                double v = RandomSampler.draw(e.getValue(), random);
                t = t.withParam(e.getKey(), e.getValue(), e.getValue().toExternal(v));
                // favour the ends of every range, where rounding and clipping could go astray
                value -= Math.abs(e.getValue() instanceof FloatDistribution f && f.log() ? Math.log(v) : v);
            }
            trials.add(t.finished(TrialState.COMPLETE, value, T0));
        }
        for (var direction : Direction.values()) {
            for (long seed = 0; seed < 8; seed++) {
                var definition = Trials.study(direction, seed);
                var proposal = gp.sampleRelative(new Sampler.RelativeContext(definition, trials, Trials.running(15), space));
                assertEquals(space.keySet(), proposal.keySet());
                for (var e : proposal.entrySet())
                    assertTrue(space.get(e.getKey()).contains(e.getValue()), e + " outside " + space.get(e.getKey()).toJson());
            }
        }
        // through a study: every trial after the start-up has values the trial accepted from the proposal
        var s = study(gp, "mixed", Direction.MINIMIZE, 3);
        s.optimize(GpSamplerTest::mixed, 15, null, 1, t -> {});
        for (var t : s.trials()) for (var name : t.params().keySet()) assertTrue(t.distributions().get(name).contains(t.internal(name)));
    }

    @Test
    void copesWithOnlyCategoricalsEqualValuesAndInfiniteLosses() {
        var kind = CategoricalDistribution.of("a", "b", "c", "d");
        var x = FloatDistribution.of(0, 1);
        Map<String, Distribution> space = Map.of("kind", kind, "x", x);
        double[][] cases = {{1, 1, 1, 1, 1, 1}, {3, Double.POSITIVE_INFINITY, 2, 5, Double.NEGATIVE_INFINITY, 4}};
        for (double[] values : cases) {
            var trials = new ArrayList<FrozenTrial>();
            for (int i = 0; i < values.length; i++)
                trials.add(Trials.running(i).withParam("kind", kind, "abcd".substring(i % 3, i % 3 + 1)).withParam("x", x, 0.1 * i)
                        .finished(TrialState.COMPLETE, values[i], T0));
            for (var s : List.of(space, Map.<String, Distribution>of("kind", kind))) {
                var proposal = gp.sampleRelative(new Sampler.RelativeContext(Trials.study(Direction.MINIMIZE, 1), trials, Trials.running(6), s));
                assertEquals(s.keySet(), proposal.keySet(), java.util.Arrays.toString(values));
                proposal.forEach((name, v) -> assertTrue(s.get(name).contains(v), name + " = " + v));
            }
        }
    }

    @Test
    void maximizingIsMinimizingTheNegatedValue() {
        Objective minimize = t -> branin(t.suggestFloat("x1", -5, 10), t.suggestFloat("x2", 0, 15));
        Objective maximize = t -> -minimize.evaluate(t);
        var low = study(gp, "low", Direction.MINIMIZE, 4);
        var high = study(gp, "high", Direction.MAXIMIZE, 4);
        low.optimize(minimize, 20, null, 1, t -> {});
        high.optimize(maximize, 20, null, 1, t -> {});
        assertEquals(params(low), params(high), "the GP sees the same losses");
        // and the fitted part of the study (after five random trials) climbed: its maximum is -0.398
        double startUp = high.trials().subList(0, 5).stream().mapToDouble(FrozenTrial::value).max().orElseThrow();
        double best = high.bestTrial().orElseThrow().value();
        assertTrue(best > startUp && best > -1, "best of the start-up " + startUp + ", after 20 trials " + best);
    }

    @Test
    void findsBetterValuesThanRandomSamplingOnBraninAndHartmann6() {
        Objective braninObjective = t -> branin(t.suggestFloat("x1", -5, 10), t.suggestFloat("x2", 0, 15));
        Objective hartmannObjective = t -> {
            double[] x = new double[6];
            for (int i = 0; i < 6; i++) x[i] = t.suggestFloat("x" + i, 0, 1);
            return hartmann6(x);
        };
        // medians of the best value after 25 trials over seeds 0-4
        double gpBranin = medianBest(gp, braninObjective, 25);
        double randomBranin = medianBest(new RandomSampler(), braninObjective, 25);
        double gpHartmann = medianBest(gp, hartmannObjective, 25);
        double randomHartmann = medianBest(new RandomSampler(), hartmannObjective, 25);
        System.out.printf("GpSamplerTest: median best after 25 trials, seeds 0-4: Branin gp %.4f random %.4f; Hartmann-6 gp %.4f random %.4f%n",
                gpBranin, randomBranin, gpHartmann, randomHartmann);
        // the global minima are 0.397887 and -3.32237
        assertTrue(gpBranin < 0.5 && gpBranin < randomBranin, "Branin: gp " + gpBranin + ", random " + randomBranin);
        assertTrue(gpHartmann < -2.3 && gpHartmann < randomHartmann, "Hartmann-6: gp " + gpHartmann + ", random " + randomHartmann);
    }

    private static double medianBest(Sampler sampler, Objective objective, int n) {
        double[] best = new double[5];
        for (int seed = 0; seed < best.length; seed++) {
            var s = study(sampler, "s" + seed, Direction.MINIMIZE, seed);
            s.optimize(objective, n, null, 1, t -> {});
            best[seed] = s.bestTrial().orElseThrow().value();
        }
        return Trials.median(best);
    }

    private static final FloatDistribution X1 = FloatDistribution.of(-5, 10);
    private static final FloatDistribution X2 = FloatDistribution.of(0, 15);
    private static final Map<String, Distribution> BRANIN_SPACE = Map.of("x1", X1, "x2", X2);

    /** {@code n} complete Branin trials at random points drawn from {@code seed}, numbered from 0. */
    private static ArrayList<FrozenTrial> randomBranin(int n, long seed) {
        var random = new SplittableRandom(seed);
        var trials = new ArrayList<FrozenTrial>();
        for (int i = 0; i < n; i++) {
            double a = RandomSampler.draw(X1, random);
            double b = RandomSampler.draw(X2, random);
            trials.add(Trials.running(i).withParam("x1", X1, a).withParam("x2", X2, b).finished(TrialState.COMPLETE, branin(a, b), T0));
        }
        return trials;
    }

    /** Trial {@code number}, running, at {@code point} of the Branin space. */
    private static FrozenTrial runningAt(int number, Map<String, Double> point) {
        return Trials.running(number).withParam("x1", X1, point.get("x1")).withParam("x2", X2, point.get("x2"));
    }

    @Test
    void anotherWorkersRunningTrialPushesTheProposalAwayFromItsPoint() {
        var trials = randomBranin(10, 11);
        var definition = Trials.study(Direction.MINIMIZE, 2);
        var current = Trials.running(11);
        var alone = gp.sampleRelative(new Sampler.RelativeContext(definition, withCurrent(trials, current), current, BRANIN_SPACE));
        // worker A's trial 10 is running at the point trial 11 would otherwise get
        var busy = new ArrayList<>(trials);
        busy.add(runningAt(10, alone));
        var beside = gp.sampleRelative(new Sampler.RelativeContext(definition, withCurrent(busy, current), current, BRANIN_SPACE));
        double dx = (beside.get("x1") - alone.get("x1")) / 15;
        double dy = (beside.get("x2") - alone.get("x2")) / 15;
        assertTrue(Math.hypot(dx, dy) > 0.05, "proposed " + beside + " next to the running trial's " + alone);

        // a running trial that has not got every parameter yet is not a liar
        var partial = new ArrayList<>(trials);
        partial.add(Trials.running(10).withParam("x1", X1, alone.get("x1")));
        assertEquals(alone, gp.sampleRelative(new Sampler.RelativeContext(definition, withCurrent(partial, current), current, BRANIN_SPACE)));
    }

    @Test
    void aPrunedTrialsPointIsNotProposedAgain() {
        // Optuna's GPSampler leaves pruned trials out and proposed one pruned point five times running
        var trials = randomBranin(8, 5);
        var definition = Trials.study(Direction.MINIMIZE, 3);
        var first = gp.sampleRelative(new Sampler.RelativeContext(definition, withCurrent(trials, Trials.running(8)), Trials.running(8), BRANIN_SPACE));
        trials.add(runningAt(8, first).finished(TrialState.PRUNED, null, T0));
        var next = gp.sampleRelative(new Sampler.RelativeContext(definition, withCurrent(trials, Trials.running(9)), Trials.running(9), BRANIN_SPACE));
        double apart = Math.hypot((next.get("x1") - first.get("x1")) / 15, (next.get("x2") - first.get("x2")) / 15);
        assertTrue(apart > 0.05, "proposed " + next + " again beside the pruned trial's " + first);
    }

    private static List<FrozenTrial> withCurrent(List<FrozenTrial> trials, FrozenTrial current) {
        var all = new ArrayList<>(trials);
        all.add(current);
        return all;
    }

    @Test
    void printsTheSamplingTimePerTrialOverAHundredTrialsOfHartmann6() {
        // no bound is asserted (wall-clock time depends on the machine and its load); the issue asks for < 100 ms
        Objective hartmannObjective = t -> {
            double[] x = new double[6];
            for (int i = 0; i < 6; i++) x[i] = t.suggestFloat("x" + i, 0, 1);
            return hartmann6(x);
        };
        var timed = new Timed(gp);
        var s = study(timed, "timed", Direction.MINIMIZE, 0);
        s.optimize(hartmannObjective, 100, null, 1, t -> {});
        double best = s.bestTrial().orElseThrow().value();
        long[] nanos = timed.perTrial();
        System.out.printf("GpSamplerTest: Hartmann-6, 100 trials: sampling %.1f ms per trial on average, %.1f ms in trials 90-99, best %.4f%n",
                java.util.Arrays.stream(nanos).average().orElseThrow() / 1e6, java.util.Arrays.stream(nanos, 90, 100).average().orElseThrow() / 1e6, best);
        // random sampling's median best after 100 trials is about -2.3; the minimum is -3.32237
        assertTrue(best < -2.5, "100 trials of the GP: " + best);
    }

    /** Adds up the time each trial spends in the sampler (one trial at a time). */
    private static final class Timed implements Sampler {
        private final Sampler sampler;
        private final long[] nanos = new long[1000];

        Timed(Sampler sampler) {
            this.sampler = sampler;
        }

        long[] perTrial() {
            return java.util.Arrays.copyOf(nanos, 100);
        }

        @Override
        public String name() {
            return sampler.name();
        }

        @Override
        public double sample(Context context) {
            long start = System.nanoTime();
            double v = sampler.sample(context);
            nanos[context.trial().number()] += System.nanoTime() - start;
            return v;
        }

        @Override
        public Map<String, Distribution> relativeSearchSpace(StudyDefinition study, List<FrozenTrial> trials) {
            return sampler.relativeSearchSpace(study, trials);
        }

        @Override
        public Map<String, Double> sampleRelative(RelativeContext context) {
            long start = System.nanoTime();
            var v = sampler.sampleRelative(context);
            nanos[context.trial().number()] += System.nanoTime() - start;
            return v;
        }
    }

    /** Branin-Hoo (as bench/TuningFunctions): minimum 0.397887. */
    static double branin(double x1, double x2) {
        double b = 5.1 / (4 * Math.PI * Math.PI);
        double c = 5 / Math.PI;
        double t = 1 / (8 * Math.PI);
        double u = x2 - b * x1 * x1 + c * x1 - 6;
        return u * u + 10 * (1 - t) * Math.cos(x1) + 10;
    }

    private static final double[] ALPHA = {1.0, 1.2, 3.0, 3.2};
    private static final double[][] A = {{10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14}, {3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14}};
    private static final double[][] P = {
            {1312, 1696, 5569, 124, 8283, 5886}, {2329, 4135, 8307, 3736, 1004, 9991}, {2348, 1451, 3522, 2883, 3047, 6650}, {4047, 8828, 8732, 5743, 1091, 381}};

    /** Hartmann-6 on [0, 1]^6 (as bench/TuningFunctions): minimum -3.32237. */
    static double hartmann6(double[] x) {
        double sum = 0;
        for (int i = 0; i < 4; i++) {
            double inner = 0;
            for (int j = 0; j < 6; j++) {
                double d = x[j] - P[i][j] * 1e-4;
                inner += A[i][j] * d * d;
            }
            sum += ALPHA[i] * Math.exp(-inner);
        }
        return -sum;
    }
}
