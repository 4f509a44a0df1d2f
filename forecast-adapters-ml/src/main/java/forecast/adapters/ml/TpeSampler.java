package forecast.adapters.ml;

import forecast.domain.tuning.CategoricalDistribution;
import forecast.domain.tuning.Distribution;
import forecast.domain.tuning.FloatDistribution;
import forecast.domain.tuning.FrozenTrial;
import forecast.domain.tuning.IntDistribution;
import forecast.domain.tuning.RelativeSearchSpace;
import forecast.domain.tuning.Sampler;
import forecast.domain.tuning.StudyDefinition;
import forecast.domain.tuning.TrialState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Optuna's {@code TPESampler} (a port of {@code optuna/samplers/_tpe/sampler.py},
 * {@code parzen_estimator.py}, {@code probability_distributions.py} and {@code _truncnorm.py},
 * Optuna 4.x for the univariate estimator, 3.1 for the multivariate one), whose default scores
 * candidates as Optuna 3.1 does (see {@link TpeSettings#equalHeightKernels()}); with that flag off
 * the univariate path is Optuna 3.5-4.x's. bench/tuning-tpe-notes.md compares the two.
 *
 * <p>Until {@code nStartupTrials} trials are complete or pruned it samples as
 * {@link RandomSampler}. Then it splits those trials into the best {@code gamma(n)} and the rest
 * (with the constant liar, the other running trials join the rest: {@link TrialSplit}), fits a
 * Parzen estimator l(x) to the parameter's values in the good trials and g(x) to the others
 * (trials without the parameter, as in define-by-run branches, are left out of both), draws
 * {@code nEiCandidates} candidates from l(x) and returns the one with the largest
 * {@code log l(x) - log g(x)}.
 *
 * <p>With {@link TpeSettings#multivariate()} it does the same for several parameters at once
 * (relative sampling, {@link MultivariateParzenEstimator}): the relative search space is the group
 * decomposition of the complete and pruned trials' parameters ({@link TpeSettings#group()}) or
 * their intersection, each group proposed jointly from the trials that have all its parameters.
 * Parameters outside it (new ones, or ones whose distribution changed) are sampled one at a time.
 *
 * <p>Stateless: all randomness comes from the contexts' {@code random()}.
 */
final class TpeSampler implements Sampler {
    /** The name of the multivariate TPE in {@link MlAdapters#samplers()}. */
    static final String MULTIVARIATE_TPE = "multivariate_tpe";

    private final String name;
    private final TpeSettings settings;

    TpeSampler() {
        this(StudyDefinition.TPE, TpeSettings.TPE);
    }

    TpeSampler(TpeSettings settings) {
        this(StudyDefinition.TPE, settings);
    }

    TpeSampler(String name, TpeSettings settings) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a sampler needs a name");
        this.name = name;
        this.settings = settings;
    }

    @Override
    public String name() {
        return name;
    }

    TpeSettings settings() {
        return settings;
    }

    @Override
    public double sample(Context context) {
        var random = context.random();
        var distribution = context.distribution();
        int finished = finished(context.trials());
        if (finished < settings.nStartupTrials()) return RandomSampler.draw(distribution, random);

        var split = split(context.trials(), finished, context.study(), context.trial());
        if (settings.multivariate()) {
            // Optuna's estimator parameters are shared: one parameter alone gets the multivariate bandwidth too
            var space = Map.of(context.name(), distribution);
            return compare(space, split, random).get(context.name());
        }
        var below = ParzenEstimator.of(observations(split.below(), context), distribution, settings);
        var above = ParzenEstimator.of(observations(split.above(), context), distribution, settings);
        double[] candidates = below.sample(random, settings.nEiCandidates());
        double[] logBelow = below.logPdf(candidates);
        double[] logAbove = above.logPdf(candidates);
        return inRange(distribution, candidates[argmax(logBelow, logAbove)]);
    }

    /**
     * Optuna's {@code infer_relative_search_space}: nothing for univariate TPE; else the parameters of
     * every group of the complete and pruned trials (with {@code group}) or those all of them have,
     * leaving out single-valued ones.
     */
    @Override
    public Map<String, Distribution> relativeSearchSpace(StudyDefinition study, List<FrozenTrial> trials) {
        if (!settings.multivariate()) return Map.of();
        if (!settings.group()) return RelativeSearchSpace.intersection(trials, true);
        var space = new LinkedHashMap<String, Distribution>();
        for (var g : RelativeSearchSpace.groups(trials, true)) space.putAll(g);
        return space;
    }

    /**
     * Optuna's {@code sample_relative}: nothing before the start-up is over (the parameters are then
     * sampled one at a time, at random); else one joint proposal per group (or for the whole
     * intersection), each group's parameters in name order.
     */
    @Override
    public Map<String, Double> sampleRelative(RelativeContext context) {
        if (!settings.multivariate() || context.searchSpace().isEmpty()) return Map.of();
        int finished = finished(context.trials());
        if (finished < settings.nStartupTrials()) return Map.of();
        var random = context.random();
        var split = split(context.trials(), finished, context.study(), context.trial());
        var subspaces = new ArrayList<Map<String, Distribution>>();
        if (settings.group()) {
            for (var g : RelativeSearchSpace.groups(context.trials(), true)) {
                var sub = new TreeMap<String, Distribution>();
                g.forEach((n, d) -> {
                    if (d.equals(context.searchSpace().get(n))) sub.put(n, d);
                });
                if (!sub.isEmpty()) subspaces.add(sub);
            }
        } else {
            subspaces.add(new TreeMap<>(context.searchSpace()));
        }
        var proposed = new LinkedHashMap<String, Double>();
        for (var sub : subspaces) proposed.putAll(compare(sub, split, random));
        return proposed;
    }

    private static int finished(List<FrozenTrial> trials) {
        return (int) trials.stream().filter(t -> t.state() == TrialState.COMPLETE || t.state() == TrialState.PRUNED).count();
    }

    private TrialSplit split(List<FrozenTrial> trials, int finished, StudyDefinition study, FrozenTrial current) {
        return TrialSplit.of(trials, settings.gamma().applyAsInt(finished), study.direction(), settings.constantLiar(), current.number());
    }

    // Multivariate TPE over space: l(x) and g(x) from the trials of each group that have every
    // parameter, nEiCandidates joint draws from l(x), the one with the largest log l - log g.
    private Map<String, Double> compare(Map<String, Distribution> space, TrialSplit split, java.util.SplittableRandom random) {
        var below = MultivariateParzenEstimator.of(observations(split.below(), space), space, settings);
        var above = MultivariateParzenEstimator.of(observations(split.above(), space), space, settings);
        var candidates = below.sample(random, settings.nEiCandidates());
        int best = argmax(below.logPdf(candidates), above.logPdf(candidates));
        var out = new LinkedHashMap<String, Double>();
        space.forEach((n, d) -> out.put(n, inRange(d, candidates.get(n)[best])));
        return out;
    }

    // The internal values of the trials that have every parameter of space (with a comparable
    // distribution and, on a log scale, a positive value), oldest first, by parameter. Finished trials
    // have all or none of a group's parameters; a running one may have only some so far, and is left
    // out until it has them all.
    private static Map<String, double[]> observations(List<FrozenTrial> trials, Map<String, Distribution> space) {
        var kept = trials.stream().filter(t -> space.entrySet().stream().allMatch(e -> usable(t, e.getKey(), e.getValue()))).toList();
        var out = new LinkedHashMap<String, double[]>();
        space.forEach((n, d) -> out.put(n, kept.stream().mapToDouble(t -> t.internal(n)).toArray()));
        return out;
    }

    private static boolean usable(FrozenTrial t, String name, Distribution d) {
        return t.params().containsKey(name) && comparable(t.distributions().get(name), d) && (!needsPositive(d) || t.internal(name) > 0);
    }

    // The parameter's internal values in these trials, oldest first. Optuna refuses to store a
    // parameter under a second kind of distribution (or other choices); the domain does not, so
    // such values are skipped here rather than read with the wrong meaning.
    private static double[] observations(List<FrozenTrial> trials, Context context) {
        return trials.stream()
                .filter(t -> t.params().containsKey(context.name()) && comparable(t.distributions().get(context.name()), context.distribution()))
                .mapToDouble(t -> t.internal(context.name()))
                .filter(v -> !needsPositive(context.distribution()) || v > 0)
                .toArray();
    }

    private static boolean comparable(Distribution past, Distribution now) {
        if (past.getClass() != now.getClass()) return false;
        return !(now instanceof CategoricalDistribution c) || c.choices().equals(((CategoricalDistribution) past).choices());
    }

    private static boolean needsPositive(Distribution d) {
        return d instanceof FloatDistribution f && f.log() || d instanceof IntDistribution i && i.log();
    }

    // np.argmax of log l - log g: the first maximum, or the first NaN if there is one.
    private static int argmax(double[] logBelow, double[] logAbove) {
        int best = 0;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < logBelow.length; i++) {
            double v = logBelow[i] - logAbove[i];
            if (Double.isNaN(v)) return i;
            if (v > bestValue || i == 0) {
                best = i;
                bestValue = v;
            }
        }
        return best;
    }

    // exp(log(high)) may round a hair past high; Optuna keeps it, the domain would refuse it.
    private static double inRange(Distribution d, double v) {
        return d instanceof FloatDistribution f ? Math.min(Math.max(v, f.low()), f.high()) : v;
    }
}
