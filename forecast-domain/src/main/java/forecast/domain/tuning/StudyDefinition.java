package forecast.domain.tuning;

import forecast.domain.naming.NameRule;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a study is: its unique name ({@link NameRule#NAME}), direction, sampler ({@code auto}, {@code gp}, {@code tpe}, {@code multivariate_tpe} or {@code random}) and seed,
 * pruner ({@code median}, {@code successive_halving} or {@code none}), and, when it has one, a
 * declared search space in sampling order (ask-and-tell studies and forecaster tuning declare
 * one; a define-by-run objective need not). {@code algorithm} is the forecaster being tuned, null
 * for a study whose objective lives in the client. {@code attributes} hold the rest (series,
 * metric, budget).
 *
 * <p>The seed is always set (chosen at random when the user gives none) and samplers derive all
 * their randomness from it, the trial number and the parameter name, so that a study repeats
 * exactly and resumes after a restart as if it had never stopped.
 */
public record StudyDefinition(String name, Direction direction, String sampler, long seed, String pruner,
                              Map<String, Distribution> searchSpace, String algorithm, Map<String, String> attributes, Instant created) {
    public static final String TPE = "tpe";
    public static final String AUTO = "auto";
    public static final String RANDOM = "random";

    public StudyDefinition {
        NameRule.NAME.check("a study name", name);
        if (direction == null) throw new IllegalArgumentException("direction is required");
        if (sampler == null || sampler.isBlank()) throw new IllegalArgumentException("sampler is required");
        pruner = pruner == null ? "none" : pruner;
        searchSpace = Collections.unmodifiableMap(new LinkedHashMap<>(searchSpace == null ? Map.of() : searchSpace));
        attributes = Collections.unmodifiableMap(new TreeMap<>(attributes == null ? Map.of() : attributes));
        if (created == null) throw new IllegalArgumentException("created is required");
    }
}
