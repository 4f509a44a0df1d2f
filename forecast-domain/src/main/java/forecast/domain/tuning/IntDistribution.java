package forecast.domain.tuning;

/**
 * An integer in {@code [low, high]} on the grid {@code low + k * step}, or on a log scale (then
 * {@code step} is 1 and {@code low} at least 1). As in Optuna, {@code high} is moved down onto the
 * grid.
 */
public record IntDistribution(int low, int high, boolean log, int step) implements Distribution {
    public IntDistribution {
        if (low > high) throw new IllegalArgumentException("low " + low + " must not exceed high " + high);
        if (step < 1) throw new IllegalArgumentException("step must be >= 1, not " + step);
        if (log && step != 1) throw new IllegalArgumentException("an integer range cannot have both log and a step other than 1");
        if (log && low < 1) throw new IllegalArgumentException("a log-scale range needs low >= 1, not " + low);
        high = (int) (low + ((long) high - low) / step * step);
    }

    public static IntDistribution of(int low, int high) {
        return new IntDistribution(low, high, false, 1);
    }

    public static IntDistribution logScale(int low, int high) {
        return new IntDistribution(low, high, true, 1);
    }

    public static IntDistribution stepped(int low, int high, int step) {
        return new IntDistribution(low, high, false, step);
    }

    @Override
    public double toInternal(Object external) {
        if (!(external instanceof Number n)) throw new IllegalArgumentException("expected an integer, not " + external);
        double v = n.doubleValue();
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) throw new IllegalArgumentException("expected an integer, not " + external);
        return v;
    }

    @Override
    public Object toExternal(double internal) {
        return (int) Math.round(internal);
    }

    @Override
    public boolean contains(double v) {
        if (!(v >= low && v <= high) || v != Math.rint(v)) return false;
        return ((long) v - low) % step == 0;
    }

    @Override
    public boolean single() {
        return low == high;
    }
}
