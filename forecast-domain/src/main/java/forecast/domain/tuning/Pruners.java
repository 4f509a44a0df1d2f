package forecast.domain.tuning;

import java.util.Map;
import java.util.Set;

/**
 * The pruners by name, with Optuna's defaults; a study's attributes may override a setting as
 * {@code pruner.<setting>} (for example {@code pruner.n_startup_trials=3}).
 */
public final class Pruners {
    public static final String MEDIAN = "median";
    public static final String SUCCESSIVE_HALVING = "successive_halving";
    public static final String NONE = "none";
    public static final Set<String> NAMES = Set.of(MEDIAN, SUCCESSIVE_HALVING, NONE);

    private Pruners() {}

    /**
     * @throws IllegalArgumentException for an unknown name or a bad setting
     */
    public static Pruner named(String name, Map<String, String> attributes) {
        return switch (name) {
            case MEDIAN -> new MedianPruner(setting(attributes, "n_startup_trials", 5), setting(attributes, "n_warmup_steps", 0),
                    setting(attributes, "interval_steps", 1), setting(attributes, "n_min_trials", 1));
            case SUCCESSIVE_HALVING -> new SuccessiveHalvingPruner(attributes.containsKey("pruner.min_resource") ? setting(attributes, "min_resource", 1) : null,
                    setting(attributes, "reduction_factor", 4), setting(attributes, "min_early_stopping_rate", 0), setting(attributes, "bootstrap_count", 0));
            case NONE -> Pruner.NONE;
            default -> throw new IllegalArgumentException("unknown pruner " + name + "; known: " + NAMES);
        };
    }

    private static int setting(Map<String, String> attributes, String key, int fallback) {
        var v = attributes.get("pruner." + key);
        if (v == null) return fallback;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("pruner." + key + " must be an integer, not " + v);
        }
    }
}
