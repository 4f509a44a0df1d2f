package forecast.domain.tuning;

import java.util.ArrayList;
import java.util.Collections;

/**
 * Optuna's {@code SuccessiveHalvingPruner} (asynchronous successive halving): a trial that reaches
 * a rung's step ({@code minResource * reductionFactor^(minEarlyStoppingRate + rung)}) is promoted
 * only when its value is in the top {@code 1 / reductionFactor} of the values recorded at that
 * rung by all trials so far; otherwise it stops. The rung values live in trial attributes
 * ({@code completed_rung_<k>}), so a resumed study goes on with them. Without a
 * {@code minResource}, it is estimated as Optuna's "auto" does: one hundredth of the steps of the
 * longest complete trial, at least 1 (and nothing is pruned until a trial completes).
 */
public record SuccessiveHalvingPruner(Integer minResource, int reductionFactor, int minEarlyStoppingRate, int bootstrapCount)
        implements Pruner {
    public SuccessiveHalvingPruner {
        if (minResource != null && minResource < 1) throw new IllegalArgumentException("min_resource must be >= 1");
        if (reductionFactor < 2) throw new IllegalArgumentException("reduction_factor must be >= 2");
        if (minEarlyStoppingRate < 0 || bootstrapCount < 0) throw new IllegalArgumentException("min_early_stopping_rate and bootstrap_count must be >= 0");
    }

    @Override
    public String name() {
        return Pruners.SUCCESSIVE_HALVING;
    }

    @Override
    public boolean prune(Context context) {
        var trial = context.trial();
        if (trial.lastStep().isEmpty()) return false;
        int step = trial.lastStep().getAsInt();
        int rung = 0;
        while (trial.attributes().containsKey(rungKey(rung))) rung++;
        double value = trial.intermediateValues().get(step);
        Integer resource = minResource != null ? minResource : estimateMinResource(context);
        if (resource == null) return false;
        while (true) {
            double promotionStep = resource * Math.pow(reductionFactor, minEarlyStoppingRate + rung);
            if (step < promotionStep) return false;
            if (Double.isNaN(value)) return true;
            String key = rungKey(rung);
            context.note(key, Double.toString(value));
            var competing = new ArrayList<Double>();
            for (var t : context.trials()) {
                if (t.number() == trial.number()) continue;
                var v = t.attributes().get(key);
                if (v != null) competing.add(Double.parseDouble(v));
            }
            competing.add(value); // the trial itself is one of the competitors
            if (competing.size() <= bootstrapCount) return true;
            if (!promotable(value, competing, context.study().direction())) return true;
            rung++;
        }
    }

    private boolean promotable(double value, ArrayList<Double> competing, Direction direction) {
        int index = competing.size() / reductionFactor - 1;
        // Trials cannot be suspended, so among the first reduction_factor - 1 only the best goes on.
        if (index == -1) index = 0;
        Collections.sort(competing);
        return direction == Direction.MAXIMIZE ? value >= competing.get(competing.size() - 1 - index) : value <= competing.get(index);
    }

    private static Integer estimateMinResource(Context context) {
        int longest = -1;
        for (var t : context.trials())
            if (t.state() == TrialState.COMPLETE && t.lastStep().isPresent()) longest = Math.max(longest, t.lastStep().getAsInt());
        return longest < 0 ? null : Math.max(longest / 100, 1);
    }

    static String rungKey(int rung) {
        return "completed_rung_" + rung;
    }
}
