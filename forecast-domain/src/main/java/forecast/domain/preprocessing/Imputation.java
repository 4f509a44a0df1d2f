package forecast.domain.preprocessing;

import forecast.domain.series.TimeSeries;
import java.util.Locale;

/**
 * How gaps ({@code NaN} values) are filled before a model sees a series. The same method is used
 * at training and at serving time: it is saved with the model.
 */
public enum Imputation {
    /** Straight line between the neighbouring observed values. */
    LINEAR,
    /** The last observed value. */
    FORWARD_FILL,
    /** The value one season earlier (or later, at the start), else linear. */
    SEASONAL;

    /** From the lower-case name used in configuration and requests ({@code forward_fill}). */
    public static Imputation parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("imputation must be linear, forward_fill or seasonal: " + name);
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The series made regular and without gaps; {@code period} is used by {@link #SEASONAL}. */
    public TimeSeries apply(TimeSeries series, int period) {
        var regular = series.regular();
        if (regular.missingCount() == 0) return regular;
        return regular.withValues(fill(regular.values(), period));
    }

    /**
     * A copy of {@code values} with every {@code NaN} filled. Leading gaps take the first observed
     * value (nothing earlier is known); at least one value must be observed.
     */
    public double[] fill(double[] values, int period) {
        double[] v = values.clone();
        int first = -1;
        for (int i = 0; i < v.length; i++) if (!Double.isNaN(v[i])) { first = i; break; }
        if (first < 0) throw new IllegalArgumentException("cannot impute a series without any observed value");
        if (this == SEASONAL && period > 1) fillSeasonal(v, period);
        for (int i = 0; i < first; i++) if (Double.isNaN(v[i])) v[i] = v[first];
        int last = first;
        for (int i = first + 1; i < v.length; i++) {
            if (Double.isNaN(v[i])) continue;
            if (i - last > 1) fillBetween(v, last, i);
            last = i;
        }
        for (int i = last + 1; i < v.length; i++) v[i] = v[last];
        return v;
    }

    private void fillBetween(double[] v, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            v[i] = this == FORWARD_FILL ? v[from] : v[from] + (v[to] - v[from]) * (i - from) / (to - from);
        }
    }

    private static void fillSeasonal(double[] v, int period) {
        double[] original = v.clone();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isNaN(original[i])) continue;
            // the nearest observed value at the same phase, looking back first, then ahead
            for (int k = 1; k * period <= v.length; k++) {
                if (i - k * period >= 0 && !Double.isNaN(original[i - k * period])) { v[i] = original[i - k * period]; break; }
                if (i + k * period < v.length && !Double.isNaN(original[i + k * period])) { v[i] = original[i + k * period]; break; }
            }
        }
    }
}
