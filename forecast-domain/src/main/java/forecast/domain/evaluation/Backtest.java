package forecast.domain.evaluation;

import forecast.domain.forecasting.Forecast;
import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.Forecaster;
import forecast.domain.forecasting.Horizon;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.Level;
import forecast.domain.forecasting.ResidualCalibration;
import forecast.domain.forecasting.TrainedModel;
import forecast.domain.series.TimeSeries;
import java.util.ArrayList;
import java.util.List;

/**
 * Rolling-origin evaluation of a forecaster on one series. Each fold fits a model on everything
 * before its cutoff and forecasts from several origins after it, each from the history known at
 * that origin; errors at every step are pooled into the metrics and kept as residuals.
 *
 * <p>Interval coverage is measured honestly: models with intervals of their own are scored on
 * them; the others on intervals calibrated from the residuals of the other folds (of the other
 * origins when there is one fold), never from the errors being scored.
 */
public final class Backtest {
    private static final List<Level> LEVELS = List.of(Level.P80, Level.P95);

    private Backtest() {}

    /**
     * Runs {@code spec} on {@code series} (regular, without gaps: impute first).
     *
     * @throws IllegalArgumentException when the series is too short for the spec
     */
    public static BacktestResult run(Forecaster forecaster, TimeSeries series, Hyperparameters params, BacktestSpec spec) {
        int n = series.size();
        int h = spec.horizon();
        int cutoff0 = spec.earliestCutoff(n);
        if (cutoff0 < 1) throw new IllegalArgumentException("series of " + n + " is too short for " + spec);
        int m = series.frequency() == null || series.frequency().seasonalPeriods().isEmpty() ? 1 : series.frequency().seasonalPeriods().get(0);
        double[] values = series.values();
        var runs = new ArrayList<OriginRun>();
        for (int fold = 0; fold < spec.folds(); fold++) {
            int cutoff = cutoff0 + fold * spec.originsPerFold() * spec.stride();
            TimeSeries train = series.head(cutoff);
            TrainedModel model = forecaster.fit(train, params);
            double scale = Accuracy.maseScale(train.values(), m);
            for (int j = 0; j < spec.originsPerFold(); j++) {
                int origin = cutoff + j * spec.stride();
                Forecast f = model.predict(new ForecastQuery(series.head(origin), new Horizon(h), LEVELS, List.of()));
                double[] actual = java.util.Arrays.copyOfRange(values, origin, origin + h);
                runs.add(new OriginRun(fold, actual, f, scale, model.nativeIntervals()));
            }
        }
        return new BacktestResult(metrics(runs, spec), calibration(runs, h, r -> true), spec);
    }

    private record OriginRun(int fold, double[] actual, Forecast forecast, double scale, boolean nativeIntervals) {
        double[] residuals() {
            double[] mean = forecast.means();
            double[] r = new double[actual.length];
            for (int i = 0; i < r.length; i++) r[i] = actual[i] - mean[i];
            return r;
        }
    }

    private static ResidualCalibration calibration(List<OriginRun> runs, int h, java.util.function.Predicate<OriginRun> use) {
        var byStep = new ArrayList<double[]>(h);
        for (int step = 0; step < h; step++) {
            final int s = step;
            byStep.add(runs.stream().filter(use).mapToDouble(r -> r.residuals()[s]).toArray());
        }
        return ResidualCalibration.of(byStep);
    }

    private static BacktestMetrics metrics(List<OriginRun> runs, BacktestSpec spec) {
        int total = runs.size() * spec.horizon();
        double[] actual = new double[total];
        double[] mean = new double[total];
        double scaledErrorSum = 0;
        int scaledCount = 0;
        int at = 0;
        for (var run : runs) {
            double[] f = run.forecast().means();
            for (int i = 0; i < spec.horizon(); i++) {
                actual[at] = run.actual()[i];
                mean[at] = f[i];
                if (!Double.isNaN(actual[at]) && run.scale() > 0) {
                    scaledErrorSum += Math.abs(actual[at] - mean[at]) / run.scale();
                    scaledCount++;
                }
                at++;
            }
        }
        double mase = scaledCount == 0 ? Double.NaN : scaledErrorSum / scaledCount;
        return new BacktestMetrics(Accuracy.mape(actual, mean), Accuracy.smape(actual, mean), mase, Accuracy.rmse(actual, mean),
                coverage(runs, spec, Level.P80), coverage(runs, spec, Level.P95), spec.folds(), runs.size(), spec.horizon());
    }

    private static double coverage(List<OriginRun> runs, BacktestSpec spec, Level level) {
        int inside = 0;
        int counted = 0;
        var heldOutByFold = new java.util.HashMap<Integer, ResidualCalibration>();
        for (var run : runs) {
            ResidualCalibration held = run.nativeIntervals() ? null
                    : spec.folds() > 1
                    ? heldOutByFold.computeIfAbsent(run.fold(), f -> calibration(runs, spec.horizon(), r -> r.fold() != f))
                    : calibration(runs, spec.horizon(), r -> r != run);
            for (int i = 0; i < spec.horizon(); i++) {
                double a = run.actual()[i];
                if (Double.isNaN(a)) continue;
                var point = run.forecast().points().get(i);
                var interval = run.nativeIntervals() ? point.interval(level) : held.interval(i + 1, level, point.mean());
                if (interval.isEmpty()) continue;
                counted++;
                if (interval.get().contains(a)) inside++;
            }
        }
        return counted == 0 ? Double.NaN : (double) inside / counted;
    }
}
