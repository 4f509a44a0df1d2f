package forecast.domain.forecasting;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Checking given hyperparameters against what a family accepts, so that a typo is refused rather
 * than stored with a model that silently used the default.
 */
public final class HyperparameterSpecs {
    private HyperparameterSpecs() {}

    /** The names in {@code given} that {@code forecaster} does not accept, sorted; empty when all are. */
    public static List<String> unknown(Forecaster forecaster, Hyperparameters given) {
        return unknown(forecaster.hyperparameters(), given.values().keySet());
    }

    /**
     * The names in {@code given} that none of {@code accepted} is, sorted. A composite model lists
     * its members' settings as {@code member.key}; it also accepts the bare {@code key}, because a
     * setting without a member's prefix goes to every member (see {@link Hyperparameters#unscoped()}).
     */
    public static List<String> unknown(List<HyperparameterSpec> accepted, Collection<String> given) {
        var names = new TreeSet<String>();
        for (var s : accepted) {
            names.add(s.name());
            int dot = s.name().indexOf('.');
            if (dot > 0) names.add(s.name().substring(dot + 1));
        }
        return given.stream().filter(k -> !names.contains(k)).sorted().toList();
    }

    /**
     * Why {@code unknown} (names of {@link #unknown}) are refused, naming each and listing the
     * accepted ones: "unknown hyperparameter 'max_depthh' for xgboost; accepted: colsample_bytree, eta, ...".
     */
    public static String message(String algorithm, List<HyperparameterSpec> accepted, List<String> unknown) {
        if (unknown.isEmpty()) throw new IllegalArgumentException("no unknown hyperparameter to describe");
        var quoted = new ArrayList<String>(unknown.size());
        for (String u : unknown) quoted.add("'" + u + "'");
        return "unknown hyperparameter" + (unknown.size() == 1 ? " " : "s ") + String.join(", ", quoted) + " for " + algorithm + "; " + accepted(accepted);
    }

    /** "accepted: a, b, c", "accepts none" when there is nothing to set, with a note for members' settings. */
    private static String accepted(List<HyperparameterSpec> accepted) {
        if (accepted.isEmpty()) return "it accepts none";
        var names = new TreeSet<String>();
        boolean scoped = false;
        for (var s : accepted) {
            names.add(s.name());
            scoped |= s.name().contains(".");
        }
        return "accepted: " + String.join(", ", names) + (scoped ? " (a member's setting also without its prefix, for every member that has it)" : "");
    }

    /** {@code specs} as {@code member}'s settings in a composite model (see {@link HyperparameterSpec#scopedTo}). */
    public static List<HyperparameterSpec> scoped(String member, List<HyperparameterSpec> specs) {
        return specs.stream().map(s -> s.scopedTo(member)).toList();
    }
}
