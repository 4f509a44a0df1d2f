package forecast.domain.tuning;

import forecast.domain.statistics.Percentiles;
import java.util.ArrayList;

/**
 * Optuna's {@code MedianPruner}: stops a trial whose best intermediate value so far is worse than
 * the median of the complete trials' values at the same step, once {@code nStartupTrials} trials
 * have completed and the trial is past {@code nWarmupSteps}, checking every {@code intervalSteps}
 * steps, and only when at least {@code nMinTrials} complete trials reported that step.
 */
public record MedianPruner(int nStartupTrials, int nWarmupSteps, int intervalSteps, int nMinTrials) implements Pruner {
    public MedianPruner {
        if (nStartupTrials < 0 || nWarmupSteps < 0 || intervalSteps < 1 || nMinTrials < 1)
            throw new IllegalArgumentException("median pruner: n_startup_trials and n_warmup_steps >= 0, interval_steps and n_min_trials >= 1");
    }

    @Override
    public String name() {
        return Pruners.MEDIAN;
    }

    @Override
    public boolean prune(Context context) {
        var completed = context.trials().stream().filter(t -> t.state() == TrialState.COMPLETE).toList();
        if (completed.isEmpty() || completed.size() < nStartupTrials) return false;
        var trial = context.trial();
        if (trial.lastStep().isEmpty()) return false;
        int step = trial.lastStep().getAsInt();
        if (step < nWarmupSteps || !firstInInterval(step, trial)) return false;
        var direction = context.study().direction();
        double best = bestSoFar(trial, direction);
        if (Double.isNaN(best)) return true;
        var atStep = new ArrayList<Double>();
        for (var t : completed) {
            Double v = t.intermediateValues().get(step);
            if (v != null) atStep.add(v);
        }
        if (atStep.size() < nMinTrials) return false;
        double median = Percentiles.linear(atStep.stream().mapToDouble(Double::doubleValue).toArray(), 50);
        if (Double.isNaN(median)) return false;
        return direction == Direction.MAXIMIZE ? best < median : best > median;
    }

    // Optuna's _is_first_in_interval_step: no earlier report falls in this pruning interval.
    private boolean firstInInterval(int step, FrozenTrial trial) {
        int nearestLower = (step - nWarmupSteps) / intervalSteps * intervalSteps + nWarmupSteps;
        int secondLast = -1;
        for (int s : trial.intermediateValues().keySet()) if (s > secondLast && s != step) secondLast = s;
        return secondLast < nearestLower;
    }

    private static double bestSoFar(FrozenTrial trial, Direction direction) {
        double best = Double.NaN;
        for (double v : trial.intermediateValues().values()) {
            if (Double.isNaN(v)) continue;
            if (Double.isNaN(best) || direction.better(v, best)) best = v;
        }
        return best;
    }


}
