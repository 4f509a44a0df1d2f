package forecast.domain.tuning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The search spaces a relative sampler can infer from a define-by-run study's trials, as Optuna's
 * {@code IntersectionSearchSpace} and {@code _GroupDecomposedSearchSpace} infer them. Parameters with
 * a single value are left out: there is nothing to sample.
 */
public final class RelativeSearchSpace {
    private RelativeSearchSpace() {
    }

    /**
     * The parameters every complete trial (and pruned one, when {@code includePruned}) has, with the
     * same distribution in all of them, by name. Empty before the first such trial.
     */
    public static Map<String, Distribution> intersection(List<FrozenTrial> trials, boolean includePruned) {
        Map<String, Distribution> space = null;
        for (var t : trials) {
            if (!counted(t, includePruned)) continue;
            if (space == null) {
                space = new TreeMap<>(t.distributions());
            } else {
                space.entrySet().removeIf(e -> !e.getValue().equals(t.distributions().get(e.getKey())));
            }
        }
        if (space == null) return Map.of();
        space.values().removeIf(Distribution::single);
        return space;
    }

    /**
     * Optuna's group decomposition for conditional spaces: the parameters of the finished trials split
     * into disjoint groups such that each trial has either all or none of a group's parameters. A
     * branch of a define-by-run objective then forms groups of its own, each sampled jointly. Each
     * group keeps the distribution its parameters were first seen with.
     */
    public static List<Map<String, Distribution>> groups(List<FrozenTrial> trials, boolean includePruned) {
        var groups = new ArrayList<Map<String, Distribution>>();
        for (var t : trials) {
            if (!counted(t, includePruned)) continue;
            Set<String> rest = new LinkedHashSet<>(t.distributions().keySet());
            var next = new ArrayList<Map<String, Distribution>>();
            for (var g : groups) {
                var in = new TreeMap<String, Distribution>();
                var out = new TreeMap<String, Distribution>();
                g.forEach((name, d) -> (rest.contains(name) ? in : out).put(name, d));
                next.add(in);
                next.add(out);
                rest.removeAll(g.keySet());
            }
            var added = new TreeMap<String, Distribution>();
            for (var name : rest) added.put(name, t.distributions().get(name));
            next.add(added);
            groups.clear();
            for (var g : next) if (!g.isEmpty()) groups.add(g);
        }
        var out = new ArrayList<Map<String, Distribution>>();
        for (var g : groups) {
            var kept = new LinkedHashMap<String, Distribution>();
            g.forEach((name, d) -> {
                if (!d.single()) kept.put(name, d);
            });
            if (!kept.isEmpty()) out.add(kept);
        }
        return out;
    }

    private static boolean counted(FrozenTrial t, boolean includePruned) {
        return t.state() == TrialState.COMPLETE || includePruned && t.state() == TrialState.PRUNED;
    }
}
