package forecast.adapters.ml;

import forecast.domain.tuning.Distribution;
import forecast.domain.tuning.FrozenTrial;
import forecast.domain.tuning.Sampler;
import forecast.domain.tuning.StudyDefinition;
import forecast.domain.tuning.TrialState;
import java.util.List;
import java.util.Map;

/**
 * The default sampler, {@code auto}: the Gaussian process while a study is small, TPE once it is
 * large, in the manner of OptunaHub's {@code AutoSampler}. A forecaster's trial is a backtest that
 * takes seconds to minutes and the pipeline's budget is 10 trials, so what matters is the best value
 * after few trials, where the GP finds better settings than TPE (bench/README, "Tuning"); the GP's
 * cost grows with the cube of the trials it learns from, while TPE's stays small, so past
 * {@code gpTrials} complete trials TPE takes over, learning from all of them.
 *
 * <p>Parameters outside the GP's joint search space (a branch of a define-by-run objective) are
 * sampled by TPE's univariate estimator, which learns from the trials that have them, rather than
 * at random. The choice depends only on the stored trials, so a study repeats and resumes exactly.
 */
final class AutoSampler implements Sampler {
    /** Optuna 4's AutoSampler hands over after 250 trials; here at 100, where the GP's cost stays below 100 ms a trial. */
    static final int GP_TRIALS = 100;

    private final Sampler gp;
    private final Sampler tpe;
    private final int gpTrials;

    AutoSampler(Sampler gp, Sampler tpe, int gpTrials) {
        if (gpTrials < 0) throw new IllegalArgumentException("gpTrials must be >= 0");
        this.gp = gp;
        this.tpe = tpe;
        this.gpTrials = gpTrials;
    }

    @Override
    public String name() {
        return StudyDefinition.AUTO;
    }

    @Override
    public Map<String, Distribution> relativeSearchSpace(StudyDefinition study, List<FrozenTrial> trials) {
        return chosen(trials).relativeSearchSpace(study, trials);
    }

    @Override
    public Map<String, Double> sampleRelative(RelativeContext context) {
        return chosen(context.trials()).sampleRelative(context);
    }

    @Override
    public double sample(Context context) {
        return tpe.sample(context);
    }

    /** The sampler proposing jointly for a trial that starts after {@code trials}. */
    Sampler chosen(List<FrozenTrial> trials) {
        return trials.stream().filter(t -> t.state() == TrialState.COMPLETE).count() < gpTrials ? gp : tpe;
    }
}
