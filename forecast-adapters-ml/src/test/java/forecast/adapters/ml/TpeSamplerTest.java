package forecast.adapters.ml;

import static forecast.adapters.ml.Trials.complete;
import static forecast.adapters.ml.Trials.context;
import static forecast.adapters.ml.Trials.finished;
import static forecast.adapters.ml.Trials.study;
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
import forecast.domain.tuning.Sampler;
import forecast.domain.tuning.Studies;
import forecast.domain.tuning.StudyDefinition;
import forecast.domain.tuning.Trial;
import forecast.domain.tuning.TrialState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class TpeSamplerTest {
    private static final FloatDistribution X = FloatDistribution.of(-10, 10);
    private static final DoubleUnaryOperator QUADRATIC = x -> (x - 3) * (x - 3);

    private final Sampler tpe = new TpeSampler();

    /** {@code n} complete trials of x from {@code d} (random values) scored by {@code objective}. */
    private static List<FrozenTrial> history(Distribution d, int n, DoubleUnaryOperator objective) {
        var random = new SplittableRandom(99);
        var trials = new ArrayList<FrozenTrial>();
        for (int i = 0; i < n; i++) {
            double x = RandomSampler.draw(d, random);
            trials.add(complete(i, objective.applyAsDouble(x), "x", d, x));
        }
        return trials;
    }

    private static double distanceMedian(double[] xs, int from, double optimum) {
        return Trials.median(Arrays.stream(xs, from, xs.length).map(x -> Math.abs(x - optimum)).toArray());
    }

    @Test
    void isNamedTpeBesideTheOtherSamplers() {
        assertEquals("tpe", tpe.name());
        assertEquals(List.of("auto", "gp", "tpe", "multivariate_tpe", "random"), MlAdapters.samplers().stream().map(Sampler::name).toList());
    }

    @Test
    void valuesAlwaysLieInTheirDistribution() {
        for (var d : RandomSamplerTest.EVERY_KIND) {
            // an objective that likes the low end, so that the kernels crowd against a bound
            var trials = history(d, 40, x -> d instanceof CategoricalDistribution ? (x == 2 ? 0 : 1) : x);
            for (long seed = 0; seed < 60; seed++) {
                double v = tpe.sample(context(study(Direction.MINIMIZE, seed), trials, "x", d));
                assertTrue(d.contains(v), v + " outside " + d.toJson());
            }
        }
    }

    @Test
    void samplesAtRandomUntilTenTrialsAreCompleteOrPruned() {
        var random = new RandomSampler();
        var trials = new ArrayList<>(history(X, 9, QUADRATIC));
        // failed and running trials do not count towards the start-up
        trials.add(finished(9, TrialState.FAILED, null, "x", X, 3.0));
        trials.add(Trials.running(10).withParam("x", X, 3.0));
        var ctx = context(study(Direction.MINIMIZE, 5), trials, "x", X);
        assertEquals(random.sample(ctx), tpe.sample(ctx));

        trials.add(finished(11, TrialState.PRUNED, 0.5, "x", X, 2.0));
        var afterTen = context(study(Direction.MINIMIZE, 5), trials, "x", X);
        assertNotEquals(random.sample(afterTen), tpe.sample(afterTen));
    }

    @Test
    void settingsCanBeVaried() {
        var d = TpeSettings.OPTUNA_DEFAULTS;
        var early = new TpeSampler(d.withStartupTrials(3));
        var trials = history(X, 3, QUADRATIC);
        var ctx = context(study(Direction.MINIMIZE, 5), trials, "x", X);
        assertNotEquals(new RandomSampler().sample(ctx), early.sample(ctx), "TPE from the fourth trial on");
        // from nothing at all: l(x) and g(x) are both the prior alone
        assertTrue(X.contains(new TpeSampler(d.withStartupTrials(0)).sample(context(study(Direction.MINIMIZE, 5), List.of(), "x", X))));

        var plain = new TpeSampler(new TpeSettings(false, 1.0, false, true, 10, 8, n -> Math.min(n / 4 + 1, 10), TpeSettings::defaultWeights, false));
        for (var dist : RandomSamplerTest.EVERY_KIND) {
            var history = history(dist, 30, x -> Math.abs(x - 1));
            for (long seed = 0; seed < 20; seed++)
                assertTrue(dist.contains(plain.sample(context(study(Direction.MINIMIZE, seed), history, "x", dist))));
        }
    }

    @Test
    void weightsRampUpOverTheOldestObservationsFromTwentyFiveOn() {
        assertEquals(List.of(1.0, 1.0, 1.0), Arrays.stream(TpeSettings.defaultWeights(3)).boxed().toList());
        double[] w = TpeSettings.defaultWeights(30); // numpy: concatenate([linspace(1/30, 1, 5), ones(25)])
        assertEquals(1.0 / 30, w[0], 1e-15);
        assertEquals(1.0 / 30 + (1 - 1.0 / 30) / 4, w[1], 1e-15);
        assertEquals(1.0, w[4], 1e-15);
        assertEquals(1.0, w[29]);
        assertEquals(25, Arrays.stream(TpeSettings.defaultWeights(25)).filter(v -> v == 1.0).count());
    }

    @Test
    void aSeedRepeatsTheStudyAndAnotherSeedDoesNot() {
        var a = Trials.optimize(tpe, Direction.MINIMIZE, 42, X, 30, QUADRATIC);
        var b = Trials.optimize(tpe, Direction.MINIMIZE, 42, X, 30, QUADRATIC);
        var c = Trials.optimize(tpe, Direction.MINIMIZE, 43, X, 30, QUADRATIC);
        assertEquals(Arrays.toString(a), Arrays.toString(b));
        assertNotEquals(Arrays.toString(a), Arrays.toString(c));
        for (int i = 10; i < 30; i++) assertNotEquals(a[i], c[i], "trial " + i + " after the start-up differs too");
    }

    /** The median over seeds 0..9 of each run's median distance to {@code optimum} in trials 20 to 39. */
    private static double distance(Sampler sampler, Direction direction, Distribution d, DoubleUnaryOperator objective,
                                   DoubleUnaryOperator position, double optimum) {
        double[] perSeed = new double[10];
        for (int seed = 0; seed < perSeed.length; seed++) {
            double[] xs = Trials.optimize(sampler, direction, seed, d, 40, objective);
            perSeed[seed] = distanceMedian(Arrays.stream(xs).map(position).toArray(), 20, optimum);
        }
        return Trials.median(perSeed);
    }

    @Test
    void concentratesNearTheOptimumOfAQuadraticMuchMoreThanRandom() {
        // after the random start-up; Optuna 5.0 (multivariate=False, constant_liar=False) gives 2.2 vs 4.9 here
        double tpeDistance = distance(tpe, Direction.MINIMIZE, X, QUADRATIC, x -> x, 3);
        double randomDistance = distance(new RandomSampler(), Direction.MINIMIZE, X, QUADRATIC, x -> x, 3);
        assertTrue(tpeDistance * 2 < randomDistance, "TPE " + tpeDistance + " vs random " + randomDistance);
    }

    @Test
    void maximizingConcentratesNearTheMaximum() {
        double tpeDistance = distance(tpe, Direction.MAXIMIZE, X, x -> -QUADRATIC.applyAsDouble(x), x -> x, 3);
        double randomDistance = distance(new RandomSampler(), Direction.MAXIMIZE, X, x -> -QUADRATIC.applyAsDouble(x), x -> x, 3);
        assertTrue(tpeDistance * 2 < randomDistance, "TPE " + tpeDistance + " vs random " + randomDistance);
    }

    @Test
    void integersAndLogScalesConcentrateToo() {
        var n = IntDistribution.stepped(0, 100, 5);
        var lr = FloatDistribution.logScale(1e-5, 1);
        var k = IntDistribution.logScale(1, 1000);
        DoubleUnaryOperator nObjective = x -> Math.abs(x - 35);
        DoubleUnaryOperator lrObjective = x -> Math.abs(Math.log10(x) + 3);
        DoubleUnaryOperator kObjective = x -> Math.abs(Math.log10(x) - 2);
        // medians here: stepped integer 10 vs 26, log float 0.53 vs 1.28 decades, log integer 0.35 vs 0.90 decades
        assertTrue(distance(tpe, Direction.MINIMIZE, n, nObjective, x -> x, 35) * 2
                < distance(new RandomSampler(), Direction.MINIMIZE, n, nObjective, x -> x, 35), "stepped integer");
        assertTrue(distance(tpe, Direction.MINIMIZE, lr, lrObjective, Math::log10, -3) * 2
                < distance(new RandomSampler(), Direction.MINIMIZE, lr, lrObjective, Math::log10, -3), "log-scale float");
        assertTrue(distance(tpe, Direction.MINIMIZE, k, kObjective, Math::log10, 2) * 2
                < distance(new RandomSampler(), Direction.MINIMIZE, k, kObjective, Math::log10, 2), "log-scale integer");
    }

    @Test
    void categoricalsConcentrateOnTheBestChoice() {
        var kind = CategoricalDistribution.of("a", "b", "c", "d", "e");
        int best = 0;
        for (long seed = 0; seed < 10; seed++)
            for (double c : Arrays.copyOfRange(Trials.optimize(tpe, Direction.MINIMIZE, seed, kind, 40, x -> x == 3 ? 0 : 1), 20, 40))
                if (c == 3) best++;
        // random chooses "d" 20% of the time; here 58%, as Optuna 5.0 (multivariate=False, constant_liar=False) does
        assertTrue(best > 0.4 * 200, "chose the best choice " + best + " of 200 times");
    }

    @Test
    void prunedTrialsFillTheGoodGroupByHowFarTheyGot() {
        var d = FloatDistribution.of(0, 1);
        var trials = new ArrayList<FrozenTrial>();
        trials.add(complete(0, 5.0, "x", d, 0.5));
        trials.add(pruned(1, 0.1, Map.of(1, 0.1)));
        trials.add(pruned(2, 0.9, Map.of(1, 3.0, 4, 2.0)));     // got furthest: first among pruned
        trials.add(pruned(3, 0.2, Map.of(4, 1.0)));              // as far, better value: before 2
        trials.add(pruned(4, 0.3, Map.of()));                    // no report: last
        trials.add(complete(5, 1.0, "x", d, 0.6));
        var split = TrialSplit.of(trials, 3, Direction.MINIMIZE);
        assertEquals(List.of(0, 3, 5), numbers(split.below()));
        assertEquals(List.of(1, 2, 4), numbers(split.above()));

        var maximize = TrialSplit.of(trials, 4, Direction.MAXIMIZE);
        assertEquals(List.of(0, 2, 3, 5), numbers(maximize.below()), "step first, then the higher value");
    }

    private static FrozenTrial pruned(int number, double x, Map<Integer, Double> reports) {
        var t = Trials.running(number).withParam("x", FloatDistribution.of(0, 1), x);
        for (var e : reports.entrySet()) t = t.withIntermediate(e.getKey(), e.getValue());
        Double last = t.lastStep().isPresent() ? t.intermediateValues().get(t.lastStep().getAsInt()) : null;
        return t.finished(TrialState.PRUNED, last, Instant.EPOCH);
    }

    private static List<Integer> numbers(List<FrozenTrial> trials) {
        return trials.stream().map(FrozenTrial::number).toList();
    }

    @Test
    void theGoodGroupIsTheBestTenPercentAndTiesKeepTheOlderTrial() {
        var d = FloatDistribution.of(0, 1);
        var trials = new ArrayList<FrozenTrial>();
        for (int i = 0; i < 30; i++) trials.add(complete(i, i % 10, "x", d, 0.5));
        // gamma(30) = ceil(0.1 * 30) = 3: the three 0s; then the oldest of the 1s
        var split = TrialSplit.of(trials, TpeSettings.defaultGamma(30), Direction.MINIMIZE);
        assertEquals(List.of(0, 10, 20), numbers(split.below()));
        assertEquals(List.of(0, 1, 10, 20), numbers(TrialSplit.of(trials, 4, Direction.MINIMIZE).below()));
        assertEquals(25, TpeSettings.defaultGamma(1000));
    }

    @Test
    void failedTrialsAreIgnored() {
        var trials = new ArrayList<>(history(X, 20, QUADRATIC));
        var ctx = context(study(Direction.MINIMIZE, 8), trials, "x", X);
        double without = tpe.sample(ctx);
        trials.add(finished(20, TrialState.FAILED, null, "x", X, -9.0));
        var withFailed = new Sampler.Context(ctx.study(), trials, ctx.trial(), "x", X);
        assertEquals(without, tpe.sample(withFailed));
    }

    @Test
    void trialsWithoutTheParameterAreLeftOutOfTheEstimators() {
        var y = FloatDistribution.of(0, 10);
        var trials = new ArrayList<FrozenTrial>();
        var random = new SplittableRandom(3);
        for (int i = 0; i < 40; i++) {
            if (i % 2 == 0) { // another branch of a define-by-run objective: no y, and the best values
                trials.add(complete(i, -1, "x", X, 0.0));
            } else {
                double v = RandomSampler.draw(y, random);
                trials.add(complete(i, Math.abs(v - 8), "y", y, v));
            }
        }
        // the good group holds only trials without y: l(x) is the prior alone, so y is sampled broadly
        double[] ys = new double[40];
        for (int s = 0; s < ys.length; s++) ys[s] = tpe.sample(context(study(Direction.MINIMIZE, s), trials, "y", y));
        for (double v : ys) assertTrue(y.contains(v));
        assertTrue(Arrays.stream(ys).max().orElseThrow() - Arrays.stream(ys).min().orElseThrow() > 3, Arrays.toString(ys));
        // a parameter no trial has yet is sampled from the priors
        assertTrue(X.contains(tpe.sample(context(study(Direction.MINIMIZE, 1), trials, "new", X))));
    }

    @Test
    void aParameterOnlySomeTrialsHaveStillConcentrates() {
        var y = FloatDistribution.of(0, 10);
        var trials = new ArrayList<FrozenTrial>();
        var random = new SplittableRandom(4);
        for (int i = 0; i < 40; i++) {
            double v = RandomSampler.draw(y, random);
            trials.add(i % 3 == 0 ? complete(i, 100 + i, "x", X, 0.0) : complete(i, Math.abs(v - 8), "y", y, v));
        }
        double[] ys = new double[40];
        for (int s = 0; s < ys.length; s++) ys[s] = tpe.sample(context(study(Direction.MINIMIZE, s), trials, "y", y));
        assertTrue(distanceMedian(ys, 0, 8) < 1.0, Arrays.toString(ys));
    }

    @Test
    void theParzenEstimatorSamplesFollowItsOwnDensity() {
        var d = IntDistribution.stepped(0, 20, 2);
        double[] observed = {4, 4, 6, 18, 10};
        var estimator = ParzenEstimator.of(observed, d, TpeSettings.OPTUNA_DEFAULTS);
        double[] draws = estimator.sample(new SplittableRandom(1), 50_000);
        double[] grid = new double[11];
        for (int k = 0; k < grid.length; k++) grid[k] = 2 * k;
        double[] mass = Arrays.stream(estimator.logPdf(grid)).map(Math::exp).toArray();
        assertEquals(1.0, Arrays.stream(mass).sum(), 1e-9, "the grid's masses add up to 1");
        for (int k = 0; k < grid.length; k++) {
            double value = grid[k];
            double share = Arrays.stream(draws).filter(v -> v == value).count() / (double) draws.length;
            assertEquals(mass[k], share, 0.01, "mass of " + value);
        }
    }

    @Test
    void truncatedNormalsStayAccurateFarInTheTails() {
        // references: scipy.stats truncnorm and scipy.special.log_ndtr
        assertEquals(-316.63940800802027, TruncatedNormal.logGaussMass(-30, -25), 1e-12);
        assertEquals(-316.63940800802027, TruncatedNormal.logGaussMass(25, 30), 1e-12);
        assertEquals(-0.38171514630212616, TruncatedNormal.logGaussMass(-1, 1), 1e-14);
        assertEquals(-1254.8313611394199, TruncatedNormal.logNdtr(-50), 1e-10);
        assertEquals(-1.8410216450092634, TruncatedNormal.logNdtr(-1), 1e-14);
        assertEquals(25.027666476956796, TruncatedNormal.ppf(0.5, 25, 30), 1e-12);
        assertEquals(-5.426933999562427, TruncatedNormal.ppf(0.1, -8, -5), 1e-12);
        assertEquals(0.31192491103812553, TruncatedNormal.ppf(0.9, -3, 0.5), 1e-12);
        assertEquals(-39.99989818070666, TruncatedNormal.ppf(0.1, -40, -39.999), 1e-10);
    }

    @Test
    void aSmallStudyRunsEndToEndAndRepeatsWithItsSeed() {
        var studies = new Studies(new InMemoryStudyStore(), MlAdapters.samplers(), Clock.systemUTC());
        assertEquals("auto", studies.defaultSampler());
        var first = studies.create(definition("first"));
        var again = studies.create(definition("again"));
        for (var s : List.of(first, again)) s.optimize(TpeSamplerTest::mixed, 40, null, 1, t -> {});
        assertEquals(first.trials().stream().map(FrozenTrial::params).toList(), again.trials().stream().map(FrozenTrial::params).toList());
        // x near 3 and n near 8 within 2.5 (the value's part besides kind's penalty of 2 for a and c).
        // It used to ask for < 1, i.e. also kind b: seed 11 found b with the exact density's scores
        // and not with Optuna 3.1's; over seeds 0-39 about half the studies (22 before, 21 now) have
        // not met b after 40 trials, so the bound was this seed's luck.
        var best = first.bestTrial().orElseThrow();
        assertTrue(best.value() < 2.5, "best " + best);
    }

    @Test
    void aStudyRebuiltFromItsStoredTrialsGoesOnAsIfUninterrupted() {
        // the sampler keeps no state: a new Studies (as after a restart) on the same store continues
        // with the same parameters as a study that never stopped, Optuna 3.1's scoring included
        var store = new InMemoryStudyStore();
        var first = new Studies(store, MlAdapters.samplers(), Clock.systemUTC()).create(definition("resumed"));
        first.optimize(TpeSamplerTest::mixed, 25, null, 1, t -> {});
        var resumed = new Studies(store, MlAdapters.samplers(), Clock.systemUTC()).load("resumed").orElseThrow();
        resumed.optimize(TpeSamplerTest::mixed, 15, null, 1, t -> {});
        var straight = new Studies(new InMemoryStudyStore(), MlAdapters.samplers(), Clock.systemUTC()).create(definition("straight"));
        straight.optimize(TpeSamplerTest::mixed, 40, null, 1, t -> {});
        assertEquals(40, resumed.trials().size());
        assertEquals(straight.trials().stream().map(FrozenTrial::params).toList(), resumed.trials().stream().map(FrozenTrial::params).toList());
    }

    private static StudyDefinition definition(String name) {
        return new StudyDefinition(name, Direction.MINIMIZE, "tpe", 11, "none", Map.of(), null, Map.of(), Instant.now());
    }

    private static double mixed(Trial t) {
        double x = t.suggestFloat("x", -10, 10);
        int n = t.suggestInt("n", 0, 20, 2);
        String kind = t.suggestCategorical("kind", List.of("a", "b", "c"));
        return (x - 3) * (x - 3) + Math.abs(n - 8) / 2.0 + (kind.equals("b") ? 0 : 2);
    }
}
