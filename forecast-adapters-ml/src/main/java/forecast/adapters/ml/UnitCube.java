package forecast.adapters.ml;

import forecast.domain.tuning.CategoricalDistribution;
import forecast.domain.tuning.Distribution;
import forecast.domain.tuning.FloatDistribution;
import forecast.domain.tuning.IntDistribution;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A search space as the Gaussian process sees it (Optuna 4's {@code optuna/_gp/search_space.py}):
 * one coordinate per parameter, in the parameters' name order.
 * <ul>
 *   <li>A float is scaled onto [0, 1], in log space for a log scale.
 *   <li>A grid (stepped float, integer) is scaled from [low - step/2, high + step/2] (in log space,
 *       [log(low - 1/2), log(high + 1/2)], for a log integer), so that every grid point owns an equal
 *       share of [0, 1]; the optimiser moves continuously and the result is rounded to the nearest
 *       grid point. Observed points are grid points, so they sit at the centres of their shares.
 *   <li>A categorical's coordinate is its index, compared only for equality by the kernel
 *       (a Hamming distance, as Optuna's), and searched by trying its choices.
 * </ul>
 */
final class UnitCube {
    private final List<String> names;
    private final Distribution[] distributions;
    private final double[] low;   // of the (log-)scaled range
    private final double[] high;

    UnitCube(Map<String, Distribution> space) {
        names = new ArrayList<>(new java.util.TreeMap<>(space).keySet());
        int d = names.size();
        distributions = new Distribution[d];
        low = new double[d];
        high = new double[d];
        for (int i = 0; i < d; i++) {
            var dist = space.get(names.get(i));
            distributions[i] = dist;
            switch (dist) {
                case CategoricalDistribution c -> {
                    low[i] = 0;
                    high[i] = c.choices().size() - 1;
                }
                case FloatDistribution f when f.log() -> {
                    low[i] = Math.log(f.low());
                    high[i] = Math.log(f.high());
                }
                case FloatDistribution f when f.step() != null -> {
                    low[i] = f.low() - f.step() / 2;
                    high[i] = f.high() + f.step() / 2;
                }
                case FloatDistribution f -> {
                    low[i] = f.low();
                    high[i] = f.high();
                }
                case IntDistribution n when n.log() -> {
                    low[i] = Math.log(n.low() - 0.5);
                    high[i] = Math.log(n.high() + 0.5);
                }
                case IntDistribution n -> {
                    low[i] = n.low() - n.step() / 2.0;
                    high[i] = n.high() + n.step() / 2.0;
                }
            }
        }
    }

    List<String> names() {
        return names;
    }

    int dimensions() {
        return names.size();
    }

    Distribution distribution(int i) {
        return distributions[i];
    }

    boolean categorical(int i) {
        return distributions[i] instanceof CategoricalDistribution;
    }

    /** Whether the coordinate only takes some values: a categorical or a grid. */
    boolean discrete(int i) {
        return !(distributions[i] instanceof FloatDistribution f) || f.step() != null;
    }

    boolean[] categoricalMask() {
        boolean[] m = new boolean[dimensions()];
        for (int i = 0; i < m.length; i++) m[i] = categorical(i);
        return m;
    }

    /** The coordinate of internal value {@code v} of parameter {@code i}. */
    double encode(int i, double v) {
        if (categorical(i)) return v;
        boolean log = distributions[i] instanceof FloatDistribution f && f.log() || distributions[i] instanceof IntDistribution n && n.log();
        double t = log ? Math.log(v) : v;
        return high[i] == low[i] ? 0.5 : (t - low[i]) / (high[i] - low[i]);
    }

    /** The internal value of parameter {@code i} at coordinate {@code u}: in range, on its grid. */
    double decode(int i, double u) {
        return switch (distributions[i]) {
            case CategoricalDistribution c -> Math.min(Math.max(Math.rint(u), 0), c.choices().size() - 1);
            case FloatDistribution f when f.log() -> clip(Math.exp(low[i] + u * (high[i] - low[i])), f.low(), f.high());
            case FloatDistribution f when f.step() != null -> onGrid(low[i] + u * (high[i] - low[i]), f.low(), f.high(), f.step());
            case FloatDistribution f -> clip(low[i] + u * (high[i] - low[i]), f.low(), f.high());
            case IntDistribution n when n.log() -> clip(Math.rint(Math.exp(low[i] + u * (high[i] - low[i]))), n.low(), n.high());
            case IntDistribution n -> onGrid(low[i] + u * (high[i] - low[i]), n.low(), n.high(), n.step());
        };
    }

    /** {@code u} moved to the coordinate of the value it decodes to (no change for a continuous float). */
    double snap(int i, double u) {
        return discrete(i) ? encode(i, decode(i, u)) : u;
    }

    /** The number of values a discrete coordinate takes (grid points or choices). */
    long size(int i) {
        return switch (distributions[i]) {
            case CategoricalDistribution c -> c.choices().size();
            case FloatDistribution f -> f.step() == null ? Long.MAX_VALUE : Math.round((f.high() - f.low()) / f.step()) + 1;
            case IntDistribution n -> ((long) n.high() - n.low()) / n.step() + 1;
        };
    }

    /** The coordinate of the {@code k}-th value (from the low end) of a discrete coordinate. */
    double point(int i, long k) {
        return switch (distributions[i]) {
            case CategoricalDistribution c -> k;
            case FloatDistribution f -> encode(i, Math.min(f.low() + k * f.step(), f.high()));
            case IntDistribution n -> encode(i, n.low() + k * n.step());
        };
    }

    /** The index of the value {@code u} decodes to, for a discrete coordinate. */
    long index(int i, double u) {
        return switch (distributions[i]) {
            case CategoricalDistribution c -> (long) decode(i, u);
            case FloatDistribution f -> Math.round((decode(i, u) - f.low()) / f.step());
            case IntDistribution n -> ((long) decode(i, u) - n.low()) / n.step();
        };
    }

    /** A uniform point: continuous coordinates uniform in [0, 1], discrete ones on their values. */
    double[] random(SplittableRandom random) {
        double[] u = new double[dimensions()];
        for (int i = 0; i < u.length; i++) {
            if (categorical(i)) u[i] = random.nextInt((int) size(i));
            else u[i] = snap(i, random.nextDouble());
        }
        return u;
    }

    private static double clip(double v, double low, double high) {
        return Math.min(Math.max(v, low), high);
    }

    // np.round is half-to-even, as Math.rint (RandomSampler's rounding)
    private static double onGrid(double v, double low, double high, double step) {
        return Math.min(Math.max(low + Math.rint((v - low) / step) * step, low), high);
    }
}
