package forecast.domain.registry;

import forecast.domain.naming.NameRule;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Names of models: a model is a named line of versions ({@code default}, {@code shop-sales}),
 * as MLflow's registered models are. Each has its own versions, live version and deployment
 * history. Every call that names no model means {@link #DEFAULT}. A model name follows
 * {@link NameRule#SHORT}, and besides may not look like a version id or a fixed route.
 */
public final class ModelNames {
    /** The model of every call that names none, and of every version older than named models. */
    public static final String DEFAULT = "default";

    /** Version ids ({@code xgboost_v3}): a model may not be named like one, so that a path segment names one or the other. */
    private static final Pattern VERSION_ID = Pattern.compile("[a-z][a-z0-9_]*_v[0-9]+");
    /** Path segments of fixed routes under {@code /models/}. */
    private static final Set<String> RESERVED = Set.of("deploy", "rollback", "deployments", "train", "versions");

    private ModelNames() {}

    /** Why {@code name} cannot name a model, or null when it can. */
    public static String problem(String name) {
        String problem = NameRule.SHORT.problem(name);
        if (problem != null) return problem;
        if (VERSION_ID.matcher(name).matches()) return "must not look like a version id (algorithm_vN): " + name;
        if (RESERVED.contains(name)) return "is a reserved word of the API: " + name;
        return null;
    }

    /**
     * {@code name}, checked.
     *
     * @throws IllegalArgumentException when it cannot name a model
     */
    public static String check(String name) {
        String problem = problem(name);
        if (problem != null) throw new IllegalArgumentException("model name " + problem);
        return name;
    }
}
