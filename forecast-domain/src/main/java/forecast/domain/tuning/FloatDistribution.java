package forecast.domain.tuning;

/**
 * A float in {@code [low, high]}; on a log scale, or on the grid {@code low + k * step} when
 * {@code step} is given (not both). As in Optuna, {@code high} is moved down onto the grid.
 */
public record FloatDistribution(double low, double high, boolean log, Double step) implements Distribution {
    public FloatDistribution {
        if (!Double.isFinite(low) || !Double.isFinite(high)) throw new IllegalArgumentException("low and high must be finite");
        if (low > high) throw new IllegalArgumentException("low " + low + " must not exceed high " + high);
        if (log && step != null) throw new IllegalArgumentException("a float range cannot have both log and step");
        if (log && low <= 0) throw new IllegalArgumentException("a log-scale range needs low > 0, not " + low);
        if (step != null) {
            if (!(step > 0) || !Double.isFinite(step)) throw new IllegalArgumentException("step must be > 0, not " + step);
            high = adjustHigh(low, high, step);
        }
    }

    public static FloatDistribution of(double low, double high) {
        return new FloatDistribution(low, high, false, null);
    }

    public static FloatDistribution logScale(double low, double high) {
        return new FloatDistribution(low, high, true, null);
    }

    public static FloatDistribution stepped(double low, double high, double step) {
        return new FloatDistribution(low, high, false, step);
    }

    // Optuna's _adjust_discrete_uniform_high, in decimal steps so that 0.1 grids stay exact.
    private static double adjustHigh(double low, double high, double step) {
        var range = new java.math.BigDecimal(Double.toString(high)).subtract(new java.math.BigDecimal(Double.toString(low)));
        var q = new java.math.BigDecimal(Double.toString(step));
        var kept = range.divideToIntegralValue(q).multiply(q);
        return new java.math.BigDecimal(Double.toString(low)).add(kept).doubleValue();
    }

    @Override
    public double toInternal(Object external) {
        if (!(external instanceof Number n) || external instanceof Byte) throw new IllegalArgumentException("expected a number, not " + external);
        double v = n.doubleValue();
        if (!Double.isFinite(v)) throw new IllegalArgumentException("expected a finite number, not " + v);
        return v;
    }

    @Override
    public Object toExternal(double internal) {
        return internal;
    }

    @Override
    public boolean contains(double v) {
        if (!(v >= low && v <= high)) return false;
        if (step == null) return true;
        double k = (v - low) / step;
        return Math.abs(k - Math.round(k)) < 1e-8;
    }

    @Override
    public boolean single() {
        if (step == null) return low == high;
        return high - low < step;
    }
}
