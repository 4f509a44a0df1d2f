package forecast.domain.tuning;

/**
 * What a study optimizes, defined by running: it asks the trial for parameter values, may
 * report intermediate values and stop when told to prune (by throwing {@link TrialPruned}), and
 * returns the value. Any other exception, or NaN, fails the trial and the study goes on.
 */
@FunctionalInterface
public interface Objective {
    double evaluate(Trial trial) throws Exception;
}
