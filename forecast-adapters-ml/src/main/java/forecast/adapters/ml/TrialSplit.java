package forecast.adapters.ml;

import forecast.domain.tuning.Direction;
import forecast.domain.tuning.FrozenTrial;
import forecast.domain.tuning.TrialState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * TPE's division of the finished trials into the good group ({@code below}, which forms l(x)) and
 * the rest ({@code above}, g(x)), as Optuna's {@code _split_trials} does for one objective: the
 * {@code nBelow} best complete trials; if fewer complete trials exist, the pruned ones that got
 * furthest (the latest step first, then the better value at it) fill the group. Both lists are by
 * trial number, oldest first, so that the weights' ramp falls on the oldest.
 *
 * <p>With the constant liar (Optuna's {@code constant_liar}), the RUNNING trials other than the one
 * being sampled rank after every finished one, as if they had the worst value: they go to
 * {@code above}, in trial order among the others. {@code nBelow} is still meant to come from the
 * number of complete and pruned trials only, as in Optuna.
 */
record TrialSplit(List<FrozenTrial> below, List<FrozenTrial> above) {
    TrialSplit {
        below = List.copyOf(below);
        above = List.copyOf(above);
    }

    /** Splits the complete and pruned trials among {@code trials}; running, waiting and failed ones are left out. */
    static TrialSplit of(List<FrozenTrial> trials, int nBelow, Direction direction) {
        return of(trials, nBelow, direction, false, -1);
    }

    /**
     * Splits the complete and pruned trials among {@code trials}; with {@code constantLiar} the
     * running ones except trial {@code current} join {@code above}. Waiting and failed trials are
     * left out.
     */
    static TrialSplit of(List<FrozenTrial> trials, int nBelow, Direction direction, boolean constantLiar, int current) {
        var byNumber = trials.stream().sorted(Comparator.comparingInt(FrozenTrial::number)).toList();
        var complete = new ArrayList<FrozenTrial>();
        var pruned = new ArrayList<FrozenTrial>();
        var running = new ArrayList<FrozenTrial>();
        for (var t : byNumber) {
            if (t.state() == TrialState.COMPLETE) complete.add(t);
            else if (t.state() == TrialState.PRUNED) pruned.add(t);
            else if (constantLiar && t.state() == TrialState.RUNNING && t.number() != current) running.add(t);
        }
        // stable sorts, so that equal values keep the older trial first, as Python's sorted does
        complete.sort((a, b) -> compare(loss(a.value(), direction), loss(b.value(), direction)));
        int fromComplete = Math.min(nBelow, complete.size());
        pruned.sort(comparePruned(direction));
        int fromPruned = Math.min(Math.max(0, nBelow - fromComplete), pruned.size());

        var below = new ArrayList<>(complete.subList(0, fromComplete));
        below.addAll(pruned.subList(0, fromPruned));
        var above = new ArrayList<>(complete.subList(fromComplete, complete.size()));
        above.addAll(pruned.subList(fromPruned, pruned.size()));
        above.addAll(running); // Optuna's score (inf, inf) for them: after every finished trial
        below.sort(Comparator.comparingInt(FrozenTrial::number));
        above.sort(Comparator.comparingInt(FrozenTrial::number));
        return new TrialSplit(below, above);
    }

    // Optuna's _get_pruned_trial_score: (-last step, loss at it), (1, 0) without reports, NaN the worst.
    private static Comparator<FrozenTrial> comparePruned(Direction direction) {
        return (a, b) -> {
            double[] sa = prunedScore(a, direction);
            double[] sb = prunedScore(b, direction);
            int c = compare(sa[0], sb[0]);
            return c != 0 ? c : compare(sa[1], sb[1]);
        };
    }

    private static double[] prunedScore(FrozenTrial t, Direction direction) {
        if (t.lastStep().isEmpty()) return new double[] {1, 0.0};
        int step = t.lastStep().getAsInt();
        double value = t.intermediateValues().get(step);
        return new double[] {-step, Double.isNaN(value) ? Double.POSITIVE_INFINITY : direction.loss(value)};
    }

    // A complete trial has a value; a missing or NaN one (which Optuna never stores) ranks last.
    private static double loss(Double value, Direction direction) {
        return value == null || value.isNaN() ? Double.POSITIVE_INFINITY : direction.loss(value);
    }

    // Python's float ordering (-0.0 equals 0.0), unlike Double.compare.
    private static int compare(double a, double b) {
        return a < b ? -1 : a > b ? 1 : 0;
    }
}
