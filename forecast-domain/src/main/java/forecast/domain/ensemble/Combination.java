package forecast.domain.ensemble;

import java.util.Arrays;
import java.util.Locale;

/**
 * How an ensemble combines its members' point forecasts: weighted by inverse backtest MASE
 * ({@code inverse_mase}, members more than 1.5 times worse than the best dropped), or the plain
 * {@code mean} or {@code median} of the best few members by backtest MASE. The M-competitions found
 * simple combinations of a few statistical methods hard to beat; the median is robust to one member
 * going astray.
 */
public enum Combination {
    INVERSE_MASE, MEAN, MEDIAN;

    /** The name in hyperparameters and notes: {@code inverse_mase}, {@code mean}, {@code median}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for a name that is none of {@link #id()}'s */
    public static Combination parse(String id) {
        for (var c : values()) if (c.id().equals(id.trim())) return c;
        throw new IllegalArgumentException("hyperparameter combination must be one of " + Arrays.stream(values()).map(Combination::id).toList() + ": " + id);
    }

    /** The combined value of {@code values} (one per member) with {@code weights} (ignored by the median). */
    double apply(double[] values, double[] weights) {
        if (this == MEDIAN) {
            double[] v = values.clone();
            Arrays.sort(v);
            int n = v.length;
            return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        }
        double sum = 0;
        for (int i = 0; i < values.length; i++) sum += weights[i] * values[i];
        return sum;
    }
}
