package forecast.domain.series;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A regular, ordered series of observations with optional extra feature columns.
 *
 * <p>Once built it is valid: timestamps strictly increase, lie on one {@link Frequency}'s grid
 * (missing steps are allowed and become explicit gaps through {@link #regular()}), values are
 * finite or {@code NaN} for an explicit gap, and every row has the same number of features.
 * Feature values may be {@code NaN} (unknown). Immutable: accessors return copies.
 */
public final class TimeSeries {
    /** Gaps may at most multiply the length by this much when made explicit. */
    private static final int MAX_GAP_EXPANSION = 4;

    private final Instant[] times;
    private final double[] values;
    private final List<String> featureNames;
    private final double[][] features; // [row][feature]
    private final Frequency frequency;

    private TimeSeries(Instant[] times, double[] values, List<String> featureNames, double[][] features, Frequency frequency) {
        this.times = times;
        this.values = values;
        this.featureNames = featureNames;
        this.features = features;
        this.frequency = frequency;
    }

    /** A series without extra features, its frequency inferred. */
    public static TimeSeries of(List<Instant> times, double[] values) {
        return of(times, values, List.of(), null, null);
    }

    /**
     * Validates and builds a series; every problem found is reported at once.
     *
     * @param featureRows one array per row with {@code featureNames.size()} values, or null when
     *                    there are no features
     * @param declared    the frequency, or null to infer it from the timestamps
     * @throws InvalidInputException naming each bad row and column
     */
    public static TimeSeries of(List<Instant> times, double[] values, List<String> featureNames,
                                double[][] featureRows, Frequency declared) {
        var violations = new ArrayList<Violation>();
        int n = times.size();
        if (n == 0) throw new InvalidInputException("data", "must contain at least one observation");
        if (values.length != n) throw new IllegalArgumentException("times and values differ in length");
        int k = featureNames.size();
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            if (times.get(i) == null) violations.add(Violation.row(i, 0, "timestamp is missing"));
            else if (i > 0 && times.get(i - 1) != null) {
                int cmp = times.get(i).compareTo(times.get(i - 1));
                if (cmp == 0) violations.add(Violation.row(i, 0, "duplicate timestamp " + times.get(i)));
                else if (cmp < 0) violations.add(Violation.row(i, 0, "timestamp " + times.get(i) + " is before the previous row's " + times.get(i - 1) + "; rows must be sorted by time"));
            }
            if (Double.isInfinite(values[i])) violations.add(Violation.row(i, 1, "value must be finite"));
            double[] row = featureRows == null ? new double[0] : featureRows[i];
            if (row.length != k) violations.add(Violation.row(i, 2, "expected " + k + " feature values, got " + row.length));
            for (int j = 0; j < row.length; j++) {
                if (Double.isInfinite(row[j])) violations.add(Violation.row(i, 2 + j, "feature value must be finite"));
            }
            rows[i] = row.clone();
        }
        if (!violations.isEmpty()) throw new InvalidInputException(violations);
        if (allMissing(values)) throw new InvalidInputException("data", "every value is missing");
        Frequency frequency = declared;
        if (frequency == null && n >= 2) {
            frequency = Frequency.infer(times);
            if (frequency == null) throw new InvalidInputException("data", "timestamps are not regularly spaced: no common step fits every gap");
        } else if (frequency != null && n >= 2 && !frequency.fits(times)) {
            throw new InvalidInputException(irregularRows(times, frequency));
        }
        return new TimeSeries(times.toArray(Instant[]::new), values.clone(), List.copyOf(featureNames), rows, frequency);
    }

    private static List<Violation> irregularRows(List<Instant> times, Frequency f) {
        var out = new ArrayList<Violation>();
        for (int i = 1; i < times.size() && out.size() < 10; i++) {
            if (f.stepsBetween(times.get(0), times.get(i)) <= 0)
                out.add(Violation.row(i, 0, "timestamp " + times.get(i) + " is not on the " + f + " grid of the series"));
        }
        return out;
    }

    private static boolean allMissing(double[] v) {
        for (double x : v) if (!Double.isNaN(x)) return false;
        return true;
    }

    public int size() {
        return times.length;
    }

    public Instant time(int i) {
        return times[i];
    }

    public List<Instant> times() {
        return List.of(times);
    }

    public Instant firstTime() {
        return times[0];
    }

    public Instant lastTime() {
        return times[times.length - 1];
    }

    public double value(int i) {
        return values[i];
    }

    /** A copy of the values; {@code NaN} marks a gap. */
    public double[] values() {
        return values.clone();
    }

    public List<String> featureNames() {
        return featureNames;
    }

    /** The names given to {@code k} feature columns that came without names: {@code feature1..featurek}. */
    public static List<String> defaultFeatureNames(int k) {
        var names = new String[k];
        for (int i = 0; i < k; i++) names[i] = "feature" + (i + 1);
        return List.of(names);
    }

    public int featureCount() {
        return featureNames.size();
    }

    public double feature(int row, int feature) {
        return features[row][feature];
    }

    /** A copy of one row's features. */
    public double[] featureRow(int row) {
        return features[row].clone();
    }

    /** The spacing, or null for a single observation with none declared. */
    public Frequency frequency() {
        return frequency;
    }

    /** How many values are gaps ({@code NaN}). */
    public int missingCount() {
        int c = 0;
        for (double v : values) if (Double.isNaN(v)) c++;
        return c;
    }

    /**
     * The same series with every missing step of the grid present as a gap ({@code NaN} value and
     * features). Refused when the gaps would make it more than four times longer: that is not a
     * series with gaps but a different frequency.
     */
    public TimeSeries regular() {
        if (frequency == null || size() < 2) return this;
        long steps = frequency.stepsBetween(times[0], lastTime()) + 1;
        if (steps == size()) return this;
        if (steps > (long) MAX_GAP_EXPANSION * size())
            throw new InvalidInputException("data", "timestamps leave " + (steps - size()) + " of " + steps + " " + frequency + " steps empty; too sparse to fill");
        int n = (int) steps;
        Instant[] t = new Instant[n];
        double[] v = new double[n];
        double[][] f = new double[n][];
        Arrays.fill(v, Double.NaN);
        double[] blank = new double[featureCount()];
        Arrays.fill(blank, Double.NaN);
        for (int i = 0; i < n; i++) {
            t[i] = frequency.plus(times[0], i);
            f[i] = blank;
        }
        for (int i = 0; i < size(); i++) {
            int at = (int) frequency.stepsBetween(times[0], times[i]);
            v[at] = values[i];
            f[at] = features[i];
        }
        return new TimeSeries(t, v, featureNames, f, frequency);
    }

    /** Whether every step between the first and last time is present. */
    public boolean isRegular() {
        return frequency == null || frequency.stepsBetween(times[0], lastTime()) + 1 == size();
    }

    /** Rows {@code [from, to)}. */
    public TimeSeries slice(int from, int to) {
        if (from < 0 || to > size() || from >= to) throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of " + size());
        return new TimeSeries(Arrays.copyOfRange(times, from, to), Arrays.copyOfRange(values, from, to), featureNames,
                Arrays.copyOfRange(features, from, to), frequency);
    }

    /** The first {@code n} rows. */
    public TimeSeries head(int n) {
        return slice(0, n);
    }

    /** The last {@code n} rows (all of them when {@code n >= size()}). */
    public TimeSeries tail(int n) {
        return n >= size() ? this : slice(size() - n, size());
    }

    /** The same times and features with other values, of the same length (imputed, transformed). */
    public TimeSeries withValues(double[] newValues) {
        if (newValues.length != size()) throw new IllegalArgumentException("expected " + size() + " values, got " + newValues.length);
        for (double v : newValues) if (Double.isInfinite(v)) throw new IllegalArgumentException("values must be finite or NaN");
        return new TimeSeries(times, newValues.clone(), featureNames, features, frequency);
    }

    /** The same series without its extra feature columns. */
    public TimeSeries withoutFeatures() {
        if (featureNames.isEmpty()) return this;
        double[][] none = new double[size()][0];
        return new TimeSeries(times, values, List.of(), none, frequency);
    }

    /** The same series with its feature columns renamed (same count), e.g. to a model's names. */
    public TimeSeries withFeatureNames(List<String> names) {
        if (names.size() != featureCount()) throw new IllegalArgumentException("expected " + featureCount() + " feature names, got " + names.size());
        return new TimeSeries(times, values, List.copyOf(names), features, frequency);
    }

    /** The same series declared at {@code f}; refused when a timestamp is off its grid. */
    public TimeSeries withFrequency(Frequency f) {
        if (f.equals(frequency)) return this;
        if (size() >= 2 && !f.fits(times())) throw new InvalidInputException(irregularRows(times(), f));
        return new TimeSeries(times, values, featureNames, features, f);
    }

    /**
     * This series followed by {@code later}, whose rows must come after this one's on the same
     * grid; steps in between become gaps. Rows of {@code later} at times this series already has
     * replace them.
     */
    public TimeSeries append(TimeSeries later) {
        if (!later.featureNames.equals(featureNames)) throw new IllegalArgumentException("feature columns differ: " + featureNames + " vs " + later.featureNames);
        var t = new ArrayList<Instant>(size() + later.size());
        int keep = size();
        while (keep > 0 && !times[keep - 1].isBefore(later.firstTime())) keep--;
        double[] v = new double[keep + later.size()];
        double[][] f = new double[keep + later.size()][];
        for (int i = 0; i < keep; i++) {
            t.add(times[i]);
            v[i] = values[i];
            f[i] = features[i];
        }
        for (int i = 0; i < later.size(); i++) {
            t.add(later.times[i]);
            v[keep + i] = later.values[i];
            f[keep + i] = later.features[i];
        }
        Frequency freq = frequency != null ? frequency : later.frequency;
        return of(t, v, featureNames, f, freq).regular();
    }

    /** The {@code h} timestamps after the last one. */
    public List<Instant> futureTimes(int h) {
        if (frequency == null) throw new IllegalStateException("a single observation has no frequency; declare one");
        var out = new ArrayList<Instant>(h);
        for (int i = 1; i <= h; i++) out.add(frequency.plus(lastTime(), i));
        return out;
    }

    @Override
    public String toString() {
        return "TimeSeries[" + size() + " x " + frequency + " from " + firstTime() + " to " + lastTime()
                + (featureNames.isEmpty() ? "" : ", features " + featureNames) + "]";
    }
}
