package forecast.adapters.ml;

import forecast.domain.tuning.CategoricalDistribution;
import forecast.domain.tuning.Distribution;
import forecast.domain.tuning.FloatDistribution;
import forecast.domain.tuning.FrozenTrial;
import forecast.domain.tuning.IntDistribution;
import forecast.domain.tuning.Sampler;
import forecast.domain.tuning.StudyDefinition;
import forecast.domain.tuning.TrialState;
import java.util.List;

/**
 * Optuna's {@code TPESampler} with independent sampling (a port of
 * {@code optuna/samplers/_tpe/sampler.py}, {@code parzen_estimator.py},
 * {@code probability_distributions.py} and {@code _truncnorm.py}, Optuna 4.x), whose default
 * scores candidates as Optuna 3.1 does (see {@link TpeSettings#equalHeightKernels()}); with that
 * flag off it is Optuna 3.5-4.x's univariate TPE. bench/tuning-tpe-notes.md compares the two.
 *
 * <p>Until {@code nStartupTrials} trials are complete or pruned it samples as
 * {@link RandomSampler}. Then it splits those trials into the best {@code gamma(n)} and the rest,
 * fits a Parzen estimator l(x) to the parameter's values in the good trials and g(x) to the others
 * (trials without the parameter, as in define-by-run branches, are left out of both), draws
 * {@code nEiCandidates} candidates from l(x) and returns the one with the largest
 * {@code log l(x) - log g(x)}. Stateless: all randomness comes from {@link Sampler.Context#random()}.
 */
final class TpeSampler implements Sampler {
    private final TpeSettings settings;

    TpeSampler() {
        this(TpeSettings.OPTUNA_DEFAULTS);
    }

    TpeSampler(TpeSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return StudyDefinition.TPE;
    }

    @Override
    public double sample(Context context) {
        var random = context.random();
        var distribution = context.distribution();
        var finished = context.trials().stream()
                .filter(t -> t.state() == TrialState.COMPLETE || t.state() == TrialState.PRUNED)
                .toList();
        if (finished.size() < settings.nStartupTrials()) return RandomSampler.draw(distribution, random);

        var split = TrialSplit.of(finished, settings.gamma().applyAsInt(finished.size()), context.study().direction());
        var below = ParzenEstimator.of(observations(split.below(), context), distribution, settings);
        var above = ParzenEstimator.of(observations(split.above(), context), distribution, settings);
        double[] candidates = below.sample(random, settings.nEiCandidates());
        double[] logBelow = below.logPdf(candidates);
        double[] logAbove = above.logPdf(candidates);
        return inRange(distribution, candidates[argmax(logBelow, logAbove)]);
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
