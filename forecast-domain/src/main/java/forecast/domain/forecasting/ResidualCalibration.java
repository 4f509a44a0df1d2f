package forecast.domain.forecasting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Prediction intervals from out-of-sample errors: for each horizon step, the signed residuals
 * (actual minus forecast) a backtest observed at that step. An interval at level {@code l} around
 * a point forecast takes the residuals' {@code (1-l)/2} and {@code (1+l)/2} order statistics with
 * the split-conformal finite-sample correction, so asymmetric and biased errors are honoured.
 *
 * <p>Neighbouring steps are pooled (a window of about a tenth of the step on each side) because a
 * backtest gives few residuals per step. Steps beyond the calibrated ones reuse the last calibrated
 * step's residuals widened by {@code sqrt(step / calibrated)}, the random-walk growth.
 */
public final class ResidualCalibration {
    private final double[][] residualsByStep; // [step - 1][i], sorted
    private final double[][] pooledByStep;    // [step - 1]: the pooled residuals, sorted, made once

    private ResidualCalibration(double[][] residualsByStep) {
        this.residualsByStep = residualsByStep;
        // pooled and sorted here, once per model, not on every forecast (a 100-step forecast would
        // otherwise sort thousands of numbers per request)
        this.pooledByStep = new double[residualsByStep.length][];
        for (int h = 1; h <= residualsByStep.length; h++) pooledByStep[h - 1] = pool(h);
    }

    /** From residuals per step ({@code byStep.get(h - 1)} holds the errors h steps ahead); NaNs are dropped. */
    public static ResidualCalibration of(List<double[]> byStep) {
        double[][] r = new double[byStep.size()][];
        for (int h = 0; h < r.length; h++) {
            r[h] = Arrays.stream(byStep.get(h)).filter(Double::isFinite).sorted().toArray();
        }
        return new ResidualCalibration(r);
    }

    public static ResidualCalibration none() {
        return new ResidualCalibration(new double[0][]);
    }

    /** How many steps have residuals of their own. */
    public int steps() {
        return residualsByStep.length;
    }

    public boolean isEmpty() {
        for (double[] r : residualsByStep) if (r.length > 0) return false;
        return true;
    }

    /** A copy of the residuals at {@code step} (1-based), sorted. */
    public double[] residuals(int step) {
        return residualsByStep[step - 1].clone();
    }

    /** The interval at {@code level} around {@code mean}, {@code step} (1-based) steps ahead; empty without residuals. */
    public java.util.Optional<PredictionInterval> interval(int step, Level level, double mean) {
        if (isEmpty()) return java.util.Optional.empty();
        int calibrated = Math.min(step, steps());
        double[] pooled = pooledByStep[calibrated - 1];
        if (pooled.length == 0) return java.util.Optional.empty();
        double widen = step > steps() ? Math.sqrt((double) step / steps()) : 1;
        double alpha = 1 - level.fraction();
        int n = pooled.length;
        // split-conformal order statistics: ceil((n+1)(1-a/2)) from below for hi, floor((n+1)a/2) for lo
        int hiRank = Math.min(n, (int) Math.ceil((n + 1) * (1 - alpha / 2)));
        int loRank = Math.max(1, (int) Math.floor((n + 1) * (alpha / 2)));
        double lo = pooled[loRank - 1] * widen;
        double hi = pooled[hiRank - 1] * widen;
        return java.util.Optional.of(new PredictionInterval(level, mean + Math.min(lo, 0), mean + Math.max(hi, 0)));
    }

    private double[] pool(int step) {
        int window = Math.max(1, step / 10);
        var all = new ArrayList<double[]>();
        int total = 0;
        for (int h = Math.max(1, step - window); h <= Math.min(steps(), step + window); h++) {
            all.add(residualsByStep[h - 1]);
            total += residualsByStep[h - 1].length;
        }
        double[] out = new double[total];
        int at = 0;
        for (double[] r : all) {
            System.arraycopy(r, 0, out, at, r.length);
            at += r.length;
        }
        Arrays.sort(out);
        return out;
    }

    /** The residuals per step, for saving with a model. */
    public List<double[]> byStep() {
        var out = new ArrayList<double[]>(residualsByStep.length);
        for (double[] r : residualsByStep) out.add(r.clone());
        return out;
    }
}
