package forecast.domain.tuning;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A running trial as its objective sees it (define-by-run): each {@code suggest} call samples a
 * value from the study's sampler, or returns the value fixed for it by {@code enqueue}, and stores
 * it at once; asking for the same name again returns the same value. Intermediate values go to
 * the store as they are reported, so that a pruner (of this or another process) sees them.
 *
 * <p>One thread uses a trial; a study runs several trials at once on several threads.
 */
public final class Trial {
    private final Study study;
    private final FrozenTrial started;
    private final Map<String, Object> params = new LinkedHashMap<>();
    private final Map<String, Distribution> distributions = new LinkedHashMap<>();
    private List<FrozenTrial> history; // the study's trials as they were at the first sampled parameter
    private Map<String, Distribution> relativeSpace = Map.of(); // what the sampler proposed jointly then
    private Map<String, Double> relative = Map.of();

    Trial(Study study, FrozenTrial started) {
        this.study = study;
        this.started = started;
    }

    /** The trial's number in its study, from 0. */
    public int number() {
        return started.number();
    }

    /** A float in {@code [low, high]}. */
    public double suggestFloat(String name, double low, double high) {
        return (Double) suggest(name, FloatDistribution.of(low, high));
    }

    /** A float in {@code [low, high]}, on a log scale when {@code log}. */
    public double suggestFloat(String name, double low, double high, boolean log) {
        return (Double) suggest(name, new FloatDistribution(low, high, log, null));
    }

    /** A float on the grid {@code low + k * step} up to {@code high}. */
    public double suggestFloat(String name, double low, double high, double step) {
        return (Double) suggest(name, FloatDistribution.stepped(low, high, step));
    }

    /** An integer in {@code [low, high]}. */
    public int suggestInt(String name, int low, int high) {
        return (Integer) suggest(name, IntDistribution.of(low, high));
    }

    /** An integer on the grid {@code low + k * step} up to {@code high}. */
    public int suggestInt(String name, int low, int high, int step) {
        return (Integer) suggest(name, IntDistribution.stepped(low, high, step));
    }

    /** An integer in {@code [low, high]}, on a log scale when {@code log}. */
    public int suggestInt(String name, int low, int high, boolean log) {
        return (Integer) suggest(name, new IntDistribution(low, high, log, 1));
    }

    /** One of {@code choices} (text, numbers, booleans or null), returned as given. */
    public <T> T suggestCategorical(String name, List<T> choices) {
        var d = new CategoricalDistribution(new java.util.ArrayList<>(choices));
        int index = (int) d.toInternal(suggest(name, d));
        return choices.get(index);
    }

    /**
     * A value of {@code distribution} for {@code name}, in its external form: a value fixed by
     * {@code enqueue} when it fits the distribution, the only value when there is one, otherwise
     * the sampler's.
     *
     * @throws IllegalArgumentException when {@code name} was already suggested from another kind of distribution
     */
    public Object suggest(String name, Distribution distribution) {
        var known = distributions.get(name);
        if (known != null) {
            if (known.getClass() != distribution.getClass())
                throw new IllegalArgumentException("parameter " + name + " was suggested as " + known.toJson() + ", now as " + distribution.toJson());
            return params.get(name);
        }
        Object value = fixed(name, distribution);
        if (value == null) {
            double internal;
            if (distribution.single()) {
                internal = switch (distribution) {
                    case FloatDistribution f -> f.low();
                    case IntDistribution i -> i.low();
                    case CategoricalDistribution c -> 0;
                };
            } else {
                if (history == null) sampleRelative();
                Double proposed = distribution.equals(relativeSpace.get(name)) ? relative.get(name) : null;
                internal = proposed != null && distribution.contains(proposed) ? proposed
                        : study.sampler().sample(new Sampler.Context(study.definition(), history, frozen(), name, distribution));
                if (!distribution.contains(internal))
                    throw new IllegalStateException(study.sampler().name() + " sampled " + internal + " outside " + distribution.toJson());
            }
            value = distribution.toExternal(internal);
        }
        study.store().saveParam(study.name(), number(), name, distribution, value);
        params.put(name, value);
        distributions.put(name, distribution);
        return value;
    }

    // Optuna's relative sampling, once per trial: a later suggest of a parameter in the relative search
    // space, with the same distribution, gets the jointly proposed value; any other is sampled alone.
    private void sampleRelative() {
        var sampler = study.sampler();
        history = study.store().trials(study.name());
        relativeSpace = Map.copyOf(sampler.relativeSearchSpace(study.definition(), history));
        if (relativeSpace.isEmpty()) return;
        relative = Map.copyOf(sampler.sampleRelative(new Sampler.RelativeContext(study.definition(), history, frozen(), relativeSpace)));
    }

    // Optuna's fixed parameters: used when they have the distribution's type, sampled otherwise.
    private Object fixed(String name, Distribution distribution) {
        if (!started.fixedParams().containsKey(name)) return null;
        try {
            // as in Optuna, a number outside the range is still used (warm starts from an older space)
            return distribution.toExternal(distribution.toInternal(started.fixedParams().get(name)));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Records the objective's value at {@code step} (a backtest fold, an epoch) for the pruner. */
    public void report(double value, int step) {
        if (step < 0) throw new IllegalArgumentException("step must be >= 0, not " + step);
        study.store().saveIntermediate(study.name(), number(), step, value);
    }

    /** Whether the study's pruner would stop this trial after its latest report. */
    public boolean shouldPrune() {
        return study.shouldPrune(number());
    }

    /** The parameters suggested so far, in order. */
    public Map<String, Object> params() {
        return Collections.unmodifiableMap(params);
    }

    /** The trial as a sampler sees it: what it was started with plus the parameters suggested since. */
    private FrozenTrial frozen() {
        var t = started;
        for (var e : params.entrySet()) t = t.withParam(e.getKey(), distributions.get(e.getKey()), e.getValue());
        return t;
    }
}
