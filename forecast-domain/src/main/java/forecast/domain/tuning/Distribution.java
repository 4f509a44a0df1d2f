package forecast.domain.tuning;

/**
 * The range a hyperparameter is sampled from, as in Optuna: a float or integer range (optionally
 * on a log scale or a grid of {@code step}) or a list of categorical choices.
 *
 * <p>Samplers work on the <em>internal</em> representation, a double: the value itself for
 * numbers, the index of the choice for categoricals. Users see the <em>external</em> one: a
 * {@code Double}, an {@code Integer}, or the choice itself.
 */
public sealed interface Distribution permits FloatDistribution, IntDistribution, CategoricalDistribution {
    /** The internal representation of {@code external}; refuses a value this distribution cannot hold. */
    double toInternal(Object external);

    /** The user's value for an internal one. */
    Object toExternal(double internal);

    /** Whether {@code internal} lies in the range (on its grid, for a step). */
    boolean contains(double internal);

    /** Whether only one value is possible, so that nothing needs sampling. */
    boolean single();

    /** The JSON form used by the HTTP API and the study store. */
    default String toJson() {
        return DistributionJson.write(this);
    }

    /** Reads {@link #toJson()}'s form (the HTTP API's search-space entry). */
    static Distribution fromJson(String json) {
        return DistributionJson.read(json);
    }
}
