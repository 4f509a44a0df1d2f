package forecast.domain.forecasting;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * One hyperparameter a {@link Forecaster} accepts, as people read it.
 *
 * @param name         the key in {@link Hyperparameters}; {@code member.key} names one member's setting in a
 *                     composite model (see {@link HyperparameterSpecs#unknown})
 * @param type         {@code int}, {@code float}, {@code string}, {@code choice} or {@code list} (comma-separated)
 * @param defaultValue the literal default ({@code 0.05}), or a short phrase when it depends on the series
 *                     ("the shortest season (24 for hourly data)")
 * @param range        the values accepted, human-readable ({@code 1-16}, {@code (0, 1]},
 *                     {@code none | log | boxcox}); null when any value of the type is; never null for a choice
 * @param description  what the setting does, one sentence without a final period
 */
public record HyperparameterSpec(String name, String type, String defaultValue, String range, String description) {
    /** The types a spec may have. */
    public static final Set<String> TYPES = Set.of("int", "float", "string", "choice", "list");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)?");

    public HyperparameterSpec {
        if (name == null || !NAME.matcher(name).matches())
            throw new IllegalArgumentException("a hyperparameter's name is a letter, then letters, digits or _ (member.name for a member's): " + name);
        if (!TYPES.contains(type)) throw new IllegalArgumentException("hyperparameter " + name + " has type " + type + "; one of " + TYPES);
        if (defaultValue == null || defaultValue.isBlank()) throw new IllegalArgumentException("hyperparameter " + name + " needs its default or what it depends on");
        if (range != null && range.isBlank()) throw new IllegalArgumentException("hyperparameter " + name + "'s range is null or text, not blank");
        if (type.equals("choice") && range == null) throw new IllegalArgumentException("choice " + name + " needs its choices as its range");
        if (description == null || description.isBlank()) throw new IllegalArgumentException("hyperparameter " + name + " needs a description");
    }

    /** This spec as one member's setting of a composite model: {@code member.name}, the description saying whose. */
    public HyperparameterSpec scopedTo(String member) {
        return new HyperparameterSpec(member + "." + name, type, defaultValue, range, member + ": " + description);
    }
}
