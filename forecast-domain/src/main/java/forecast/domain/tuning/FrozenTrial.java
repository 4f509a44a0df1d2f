package forecast.domain.tuning;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A trial as stored: its number in the study (from 0), state, value, the parameters it was given
 * in the order they were suggested (with the distribution each came from), the values it reported
 * by step, when it started and finished, parameters fixed by {@code enqueue}, and attributes
 * (such as the reason it failed, or a pruner's bookkeeping).
 */
public record FrozenTrial(int number, TrialState state, Double value, Map<String, Object> params,
                          Map<String, Distribution> distributions, SortedMap<Integer, Double> intermediateValues,
                          Instant started, Instant completed, Map<String, Object> fixedParams, Map<String, String> attributes) {
    /** The attribute that holds why a trial failed. */
    public static final String FAIL_REASON = "fail_reason";

    public FrozenTrial {
        if (number < 0) throw new IllegalArgumentException("trial numbers start at 0");
        if (state == null) throw new IllegalArgumentException("state is required");
        if (!params.keySet().equals(distributions.keySet())) throw new IllegalArgumentException("every parameter needs its distribution");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        distributions = Collections.unmodifiableMap(new LinkedHashMap<>(distributions));
        intermediateValues = Collections.unmodifiableSortedMap(new TreeMap<>(intermediateValues));
        fixedParams = Collections.unmodifiableMap(new LinkedHashMap<>(fixedParams == null ? Map.of() : fixedParams));
        attributes = Collections.unmodifiableMap(new TreeMap<>(attributes == null ? Map.of() : attributes));
    }

    /** A new trial with nothing in it yet. */
    public static FrozenTrial started(int number, TrialState state, Instant at, Map<String, Object> fixedParams) {
        return new FrozenTrial(number, state, null, Map.of(), Map.of(), new TreeMap<>(), state == TrialState.RUNNING ? at : null, null,
                fixedParams, Map.of());
    }

    /** The internal representation of parameter {@code name} (see {@link Distribution}). */
    public double internal(String name) {
        var d = distributions.get(name);
        if (d == null) throw new IllegalArgumentException("trial " + number + " has no parameter " + name);
        return d.toInternal(params.get(name));
    }

    /** The last step reported, if any. */
    public OptionalInt lastStep() {
        return intermediateValues.isEmpty() ? OptionalInt.empty() : OptionalInt.of(intermediateValues.lastKey());
    }

    /** How long it ran, once finished. */
    public Optional<Duration> duration() {
        return started == null || completed == null ? Optional.empty() : Optional.of(Duration.between(started, completed));
    }

    public Optional<String> failReason() {
        return Optional.ofNullable(attributes.get(FAIL_REASON));
    }

    public FrozenTrial withParam(String name, Distribution d, Object external) {
        var p = new LinkedHashMap<>(params);
        var ds = new LinkedHashMap<>(distributions);
        p.put(name, d.toExternal(d.toInternal(external)));
        ds.put(name, d);
        return new FrozenTrial(number, state, value, p, ds, intermediateValues, started, completed, fixedParams, attributes);
    }

    public FrozenTrial withIntermediate(int step, double v) {
        var iv = new TreeMap<>(intermediateValues);
        iv.put(step, v);
        return new FrozenTrial(number, state, value, params, distributions, iv, started, completed, fixedParams, attributes);
    }

    public FrozenTrial withAttribute(String key, String v) {
        var a = new TreeMap<>(attributes);
        a.put(key, v);
        return new FrozenTrial(number, state, value, params, distributions, intermediateValues, started, completed, fixedParams, a);
    }

    public FrozenTrial running(Instant at) {
        return new FrozenTrial(number, TrialState.RUNNING, value, params, distributions, intermediateValues, at, completed, fixedParams, attributes);
    }

    public FrozenTrial finished(TrialState to, Double v, Instant at) {
        return new FrozenTrial(number, to, v, params, distributions, intermediateValues, started, at, fixedParams, attributes);
    }
}
