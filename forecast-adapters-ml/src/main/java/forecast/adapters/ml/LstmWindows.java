package forecast.adapters.ml;

import forecast.domain.preprocessing.Normalization;
import forecast.domain.preprocessing.Windowing;
import forecast.domain.series.TimeSeries;
import java.util.ArrayList;
import java.util.List;

/**
 * The training and validation windows of one or more series, normalized by one z-score fitted on
 * every observed value of all of them (so a series keeps its level relative to the others, and the
 * domain, which scales each series before a global fit, keeps them comparable).
 *
 * <p>Each series' windows are every gap-free window of it, in time order. Its last 15% (at least 2)
 * validate, and the {@code max_horizon - 1} windows before them are left out, so that no training
 * target of the series overlaps one of its validation targets. A series with too few windows to
 * spare any for validation trains with all of them. Training windows follow one another series
 * by series (training shuffles them), and so do validation windows.
 */
final class LstmWindows {
    private static final double VALIDATION_SHARE = 0.15;
    private static final int MIN_VALIDATION = 2;

    /** What training reads: the normalization, the windows it fits on and those that stop it. */
    record Split(Normalization normalization, LstmTraining.Samples training, LstmTraining.Samples validation, int windows) {}

    /** One series' windows and where its validation ones start. */
    private record Cut(TimeSeries series, double[] z, Windowing.Rows rows, int training, int firstValidation) {
        int validation() {
            return rows.size() - firstValidation;
        }
    }

    private LstmWindows() {}

    /**
     * The windows of {@code panel} (regular series of {@code inputs}' frequency).
     *
     * @throws IllegalArgumentException when they give no validation window or fewer than
     *                                  {@code MIN_WINDOWS / 2} training windows; {@code where} ends the message
     */
    static Split of(List<TimeSeries> panel, LstmInputs inputs, LstmSettings settings, String where) {
        var normalization = Normalization.fit(Normalization.Kind.Z_SCORE, values(panel));
        var windowing = Windowing.of(settings.window(), settings.maxHorizon());
        int horizon = settings.maxHorizon();
        var cuts = new ArrayList<Cut>(panel.size());
        int windows = 0, training = 0, validation = 0;
        for (var series : panel) {
            double[] z = normalization.transform(series.values());
            var rows = windowing.rows(z);
            // the share is of the windows that can be told apart: the H - 1 before validation are dropped
            int separable = Math.max(0, rows.size() - (horizon - 1));
            int firstValidation = rows.size() - Math.max(MIN_VALIDATION, (int) Math.round(VALIDATION_SHARE * separable));
            int train = 0;
            if (firstValidation < 1) firstValidation = train = rows.size();
            else while (train < firstValidation && rows.start(train) + horizon <= rows.start(firstValidation)) train++;
            var cut = new Cut(series, z, rows, train, firstValidation);
            cuts.add(cut);
            windows += rows.size();
            training += cut.training();
            validation += cut.validation();
        }
        if (validation == 0 || training < LstmSettings.MIN_WINDOWS / 2)
            throw new IllegalArgumentException("lstm found only " + windows + " windows of " + (settings.window() + horizon)
                    + " observed values " + where + "; impute gaps or lower window or max_horizon");
        var trainingSamples = new Samples(inputs, horizon, training);
        var validationSamples = new Samples(inputs, horizon, validation);
        for (var c : cuts) {
            for (int i = 0; i < c.training(); i++) trainingSamples.add(c, i);
            for (int i = c.firstValidation(); i < c.rows().size(); i++) validationSamples.add(c, i);
        }
        return new Split(normalization, trainingSamples.done(), validationSamples.done(), windows);
    }

    private static double[] values(List<TimeSeries> panel) {
        int n = panel.stream().mapToInt(TimeSeries::size).sum();
        double[] out = new double[n];
        int at = 0;
        for (var s : panel) {
            double[] v = s.values();
            System.arraycopy(v, 0, out, at, v.length);
            at += v.length;
        }
        return out;
    }

    /** Network inputs and targets relative to each window's anchor, filled window by window. */
    private static final class Samples {
        private final LstmInputs inputs;
        private final int horizon;
        private final float[] x;
        private final float[] y;
        private int n;

        Samples(LstmInputs inputs, int horizon, int count) {
            this.inputs = inputs;
            this.horizon = horizon;
            this.x = new float[count * inputs.sampleSize()];
            this.y = new float[count * horizon];
        }

        void add(Cut cut, int row) {
            int start = cut.rows().start(row);
            double[] z = cut.z();
            double anchor = inputs.anchor(z, start);
            inputs.fill(x, n, z, start, anchor, cut.series().time(start));
            for (int h = 0; h < horizon; h++) y[n * horizon + h] = (float) (z[start + inputs.window() + h] - anchor);
            n++;
        }

        LstmTraining.Samples done() {
            return new LstmTraining.Samples(x, y, n, inputs.sampleSize(), horizon);
        }
    }
}
