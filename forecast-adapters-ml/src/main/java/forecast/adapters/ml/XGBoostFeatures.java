package forecast.adapters.ml;

import forecast.domain.preprocessing.Features;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The feature rows of the direct multi-step strategy, shared by training and serving so that both
 * see the same columns. A row describes one (origin t, step h) pair; values are relative to the
 * level L at the origin (the mean of the last {@code levelWindow} observations), and so is the
 * target {@code y[t+h] - L}, which lets trees follow a level or trend they never saw.
 *
 * <p>Columns, in order: {@code lag_i = y[t-i] - L} for i in [0, lags); the standard deviation
 * of the last 24 and of the last longest-season observations; the slope (L minus the level one
 * window earlier); per seasonal period m the same-phase value {@code y[t+h - m*ceil(h/m)] - L}
 * and the mean of the last three same-phase values minus L; the step h, capped at
 * {@code maxHorizon} (steps further out reuse the last step's trees, while their same-phase
 * features stay exact); the calendar of the target time (hour, day of week, day of month, month,
 * UTC); and, for the booster that uses them, the extra feature columns at t+h followed by their
 * values at each same-phase time (so that trees can tell how much of a same-phase value was a
 * promotion or a hot day, and take it out). Values before the start of the history are
 * {@code NaN}, which XGBoost treats as missing.
 */
final class XGBoostFeatures {
    private static final int SHORT_STD_WINDOW = 24;
    private static final int SAME_PHASE_COUNT = 3;

    private final int lags;
    private final int levelWindow;
    private final int[] periods;
    private final int longest;
    private final int maxHorizon;
    private final int originColumns;
    private final int baseColumns;
    private final boolean referenceExtras;

    XGBoostFeatures(int lags, int levelWindow, int[] periods, int maxHorizon) {
        this(lags, levelWindow, periods, maxHorizon, true);
    }

    /** {@code referenceExtras} false reads models of format 1, which had extras at t+h only. */
    XGBoostFeatures(int lags, int levelWindow, int[] periods, int maxHorizon, boolean referenceExtras) {
        this.referenceExtras = referenceExtras;
        this.lags = lags;
        this.levelWindow = levelWindow;
        this.periods = periods.clone();
        this.longest = periods.length == 0 ? 1 : periods[periods.length - 1];
        this.maxHorizon = maxHorizon;
        this.originColumns = lags + 3;
        this.baseColumns = originColumns + 2 * periods.length + 1 + Features.CALENDAR_NAMES.size();
    }

    /** The number of columns with {@code extras} extra feature columns. */
    int columns(int extras) {
        return baseColumns + extras * (referenceExtras ? 1 + periods.length : 1);
    }

    /**
     * The extra columns of the row for origin {@code t} and step {@code h}: {@code atTarget}, then
     * the history's feature values at each period's same-phase time ({@code NaN} before its start).
     */
    double[] extras(forecast.domain.series.TimeSeries history, int t, int h, double[] atTarget) {
        if (!referenceExtras) return atTarget;
        int k = atTarget.length;
        double[] out = new double[k * (1 + periods.length)];
        System.arraycopy(atTarget, 0, out, 0, k);
        for (int p = 0; p < periods.length; p++) {
            int i = Features.samePhaseIndex(t, h, periods[p]);
            for (int j = 0; j < k; j++) out[k * (1 + p) + j] = i >= 0 && i < history.size() ? history.feature(i, j) : Double.NaN;
        }
        return out;
    }

    /** Column names, for diagnostics. */
    List<String> names(List<String> extras) {
        var out = new ArrayList<String>();
        for (int i = 0; i < lags; i++) out.add("lag_" + i);
        out.add("std_" + SHORT_STD_WINDOW);
        out.add("std_" + longest);
        out.add("slope");
        for (int m : periods) {
            out.add("same_phase_" + m);
            out.add("same_phase_mean_" + m);
        }
        out.add("step");
        out.addAll(Features.CALENDAR_NAMES);
        for (String e : extras) out.add("x_" + e);
        if (referenceExtras) for (int m : periods) for (String e : extras) out.add("x_" + e + "_same_phase_" + m);
        return out;
    }

    /** The level at origin {@code t}: the mean of the last window, else the last known value. */
    double level(double[] y, int t) {
        double level = Features.rollingMean(y, t, levelWindow);
        for (int i = t; Double.isNaN(level) && i >= 0; i--) level = y[i];
        return level;
    }

    /** The columns that depend on the origin only: the first ones of each of its rows. */
    float[] originPart(double[] y, int t, double level) {
        float[] out = new float[originColumns];
        for (int i = 0; i < lags; i++) out[i] = (float) (Features.lag(y, t, i) - level);
        out[lags] = (float) Features.rollingStd(y, t, SHORT_STD_WINDOW);
        out[lags + 1] = (float) Features.rollingStd(y, t, Math.max(2, longest));
        out[lags + 2] = (float) (level - Features.rollingMean(y, t - levelWindow, levelWindow));
        return out;
    }

    /**
     * Writes the row for origin {@code t} and step {@code h} at {@code data[row * width]}.
     *
     * @param extras the extra feature values at the target time, or null for none
     */
    void fill(float[] data, int row, int width, float[] originPart, double[] y, int t, int h, double level,
              Instant target, double[] extras) {
        int at = row * width;
        System.arraycopy(originPart, 0, data, at, originColumns);
        at += originColumns;
        for (int m : periods) {
            data[at++] = (float) (Features.samePhase(y, t, h, m) - level);
            data[at++] = (float) (Features.samePhaseMean(y, t, h, m, SAME_PHASE_COUNT) - level);
        }
        data[at++] = Math.min(h, maxHorizon);
        for (double c : Features.calendar(target)) data[at++] = (float) c;
        if (extras != null) for (double x : extras) data[at++] = (float) x;
    }
}
