package forecast.domain.preprocessing;

import forecast.domain.series.TimeSeries;
import java.util.Arrays;

/**
 * Cuts a series into supervised rows: each row's input is {@code input} consecutive values and its
 * target the {@code horizon} values right after them. Consecutive rows start {@code stride} steps
 * apart.
 *
 * <p>Rows are aligned to the end of the series: the last row's target ends at the last value, and
 * earlier rows step back by {@code stride}, so the most recent data are always used whatever the
 * stride. A row with a {@code NaN} (gap) anywhere in its input or target is skipped, never filled.
 *
 * @param input   values per input window, at least 1
 * @param horizon values per target, at least 1
 * @param stride  steps between the starts of consecutive rows, at least 1
 */
public record Windowing(int input, int horizon, int stride) {
    public Windowing {
        if (input < 1) throw new IllegalArgumentException("window input length must be >= 1: " + input);
        if (horizon < 1) throw new IllegalArgumentException("window horizon must be >= 1: " + horizon);
        if (stride < 1) throw new IllegalArgumentException("window stride must be >= 1: " + stride);
    }

    /** Every possible row: stride 1. */
    public static Windowing of(int input, int horizon) {
        return new Windowing(input, horizon, 1);
    }

    /** Values one row spans: {@code input + horizon}. */
    public int span() {
        return input + horizon;
    }

    /**
     * The rows of {@code values}, in time order; none when it is shorter than {@link #span()}.
     * {@code values} is read, not kept or modified.
     *
     * @throws IllegalArgumentException when a value is infinite
     */
    public Rows rows(double[] values) {
        for (double v : values) if (Double.isInfinite(v)) throw new IllegalArgumentException("values must be finite or NaN");
        int candidates = values.length < span() ? 0 : (values.length - span()) / stride + 1;
        int firstStart = values.length - span() - (candidates - 1) * stride;
        // the index after the latest NaN at or before each position, to test a row for gaps in O(1)
        int[] cleanFrom = new int[values.length + 1];
        for (int i = 0; i < values.length; i++) cleanFrom[i + 1] = Double.isNaN(values[i]) ? i + 1 : cleanFrom[i];
        int[] starts = new int[candidates];
        int n = 0;
        for (int k = 0; k < candidates; k++) {
            int start = firstStart + k * stride;
            if (cleanFrom[start + span()] <= start) starts[n++] = start;
        }
        starts = Arrays.copyOf(starts, n);
        double[][] inputs = new double[n][];
        double[][] targets = new double[n][];
        for (int r = 0; r < n; r++) {
            inputs[r] = Arrays.copyOfRange(values, starts[r], starts[r] + input);
            targets[r] = Arrays.copyOfRange(values, starts[r] + input, starts[r] + span());
        }
        return new Rows(starts, inputs, targets);
    }

    /**
     * The rows of {@code series} made {@linkplain TimeSeries#regular() regular}, so that a missing
     * timestamp is a gap and never joins values that are not one step apart. Row starts index the
     * regular series.
     */
    public Rows rows(TimeSeries series) {
        return rows(series.regular().values());
    }

    /**
     * The input for forecasting past the end: a new array, owned by the caller, of the last
     * {@code input} values.
     *
     * @throws IllegalArgumentException when there are fewer than {@code input} values or one of
     *                                  them is {@code NaN} (impute first)
     */
    public double[] latest(double[] values) {
        if (values.length < input)
            throw new IllegalArgumentException("need the last " + input + " values to forecast, got " + values.length);
        double[] window = Arrays.copyOfRange(values, values.length - input, values.length);
        for (double v : window) if (!Double.isFinite(v)) throw new IllegalArgumentException("the last " + input + " values must be finite");
        return window;
    }

    /**
     * Supervised rows, in time order. Every accessor returns a new array owned by the caller;
     * changing it changes nothing here.
     */
    public static final class Rows {
        private final int[] starts;
        private final double[][] inputs;
        private final double[][] targets;

        private Rows(int[] starts, double[][] inputs, double[][] targets) {
            this.starts = starts;
            this.inputs = inputs;
            this.targets = targets;
        }

        /** The number of rows, 0 or more. */
        public int size() {
            return starts.length;
        }

        public boolean isEmpty() {
            return starts.length == 0;
        }

        /** The index in the windowed values of row {@code r}'s first input value. */
        public int start(int r) {
            return starts[r];
        }

        /** Row {@code r}'s input window, oldest value first. */
        public double[] input(int r) {
            return inputs[r].clone();
        }

        /** Row {@code r}'s target, the next {@code horizon} values, nearest first. */
        public double[] target(int r) {
            return targets[r].clone();
        }

        /** Every row's input, {@code [row][lag]} with the oldest value at lag 0. */
        public double[][] inputs() {
            return deepCopy(inputs);
        }

        /** Every row's target, {@code [row][step]} with step 0 the value right after the input. */
        public double[][] targets() {
            return deepCopy(targets);
        }

        private static double[][] deepCopy(double[][] a) {
            double[][] out = new double[a.length][];
            for (int i = 0; i < a.length; i++) out[i] = a[i].clone();
            return out;
        }

        @Override
        public String toString() {
            return "Rows[" + size() + "]";
        }
    }
}
