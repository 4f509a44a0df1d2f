package forecast.domain.tuning;

import java.util.List;

/**
 * Proposes a value for one parameter of a running trial from the study's past trials (port):
 * Optuna's independent sampling. Implementations are stateless: all their randomness comes from
 * {@link Context#random()}, so a study repeats exactly and resumes after a restart.
 */
public interface Sampler {
    /** The name a study refers to it by: {@code tpe}, {@code random}. */
    String name();

    /** The internal representation of the value for {@code context.name()} (see {@link Distribution}). */
    double sample(Context context);

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
        public java.util.SplittableRandom random() {
            long h = study.seed() * 0x9E3779B97F4A7C15L + trial.number();
            h = h * 0xBF58476D1CE4E5B9L + name.hashCode();
            return new java.util.SplittableRandom(h ^ (h >>> 31));
        }
    }
}
