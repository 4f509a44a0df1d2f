package forecast.domain.tuning;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Proposes parameter values for a running trial from the study's past trials (port), as Optuna's
 * samplers do, in two ways:
 * <ul>
 *   <li><em>relative</em> sampling proposes several parameters at once, so that it can learn how they
 *       act together (multivariate TPE, a Gaussian process). At a trial's first sampled parameter the
 *       trial asks {@link #relativeSearchSpace} which parameters, and {@link #sampleRelative} for their
 *       values; a later {@code suggest} of such a parameter with the same distribution gets that value.
 *   <li><em>independent</em> sampling ({@link #sample}) proposes one parameter at a time, for every
 *       parameter outside the relative search space (all of them, for a sampler without one).
 * </ul>
 * Implementations are stateless: all their randomness comes from the contexts' {@code random()}, so
 * that a study repeats exactly and resumes after a restart.
 */
public interface Sampler {
    /** The name a study refers to it by: {@code tpe}, {@code random}. */
    String name();

    /** The internal representation of the value for {@code context.name()} (see {@link Distribution}). */
    double sample(Context context);

    /**
     * Optuna's {@code infer_relative_search_space}: the parameters to propose jointly for a new trial
     * of {@code study}, given all its trials (any state), such as
     * {@link RelativeSearchSpace#intersection} of the finished ones. None by default.
     */
    default Map<String, Distribution> relativeSearchSpace(StudyDefinition study, List<FrozenTrial> trials) {
        return Map.of();
    }

    /**
     * Optuna's {@code sample_relative}: internal values for some or all of
     * {@code context.searchSpace()}; a parameter left out is sampled by {@link #sample}. None by default.
     */
    default Map<String, Double> sampleRelative(RelativeContext context) {
        return Map.of();
    }

    /**
     * What a sampler may look at: the study, all its trials (any state; a sampler picks the ones it
     * learns from), the trial being sampled with the parameters it already has, and the
     * parameter's name and distribution.
     */
    record Context(StudyDefinition study, List<FrozenTrial> trials, FrozenTrial trial, String name, Distribution distribution) {
        public Context {
            trials = List.copyOf(trials);
        }

        /**
         * A generator seeded from the study's seed, the trial's number and the parameter's name:
         * the same draws every time this parameter of this trial is sampled.
         */
        public SplittableRandom random() {
            return seeded(study, trial, name);
        }
    }

    /**
     * What relative sampling may look at: the study, all its trials (any state), the trial being
     * sampled (with the parameters it had before its first sampled one) and the search space
     * {@link #relativeSearchSpace} chose.
     */
    record RelativeContext(StudyDefinition study, List<FrozenTrial> trials, FrozenTrial trial, Map<String, Distribution> searchSpace) {
        public RelativeContext {
            trials = List.copyOf(trials);
            searchSpace = Map.copyOf(searchSpace);
        }

        /** A generator seeded from the study's seed and the trial's number: the same draws every time. */
        public SplittableRandom random() {
            // no parameter name has a NUL character, so this stream is never a parameter's
            return seeded(study, trial, "\0relative");
        }
    }

    private static SplittableRandom seeded(StudyDefinition study, FrozenTrial trial, String name) {
        long h = study.seed() * 0x9E3779B97F4A7C15L + trial.number();
        h = h * 0xBF58476D1CE4E5B9L + name.hashCode();
        return new SplittableRandom(h ^ (h >>> 31));
    }
}
