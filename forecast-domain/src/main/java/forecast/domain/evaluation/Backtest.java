package forecast.domain.evaluation;

import forecast.domain.forecasting.Forecast;
import forecast.domain.forecasting.ForecastPoint;
import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.Forecaster;
import forecast.domain.forecasting.Horizon;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.IntervalSource;
import forecast.domain.forecasting.Level;
import forecast.domain.forecasting.ResidualCalibration;
import forecast.domain.forecasting.TrainedModel;
import forecast.domain.series.TimeSeries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.function.Predicate;

/**
 * Rolling-origin evaluation of a forecaster on one series. Each fold fits a model on everything
 * before its cutoff and forecasts from several origins after it, each from the history known at
 * that origin; errors at every step are pooled into the metrics and kept as residuals.
 *
 * <p>When the series has extra feature columns, every origin is forecast twice: without their
 * future values (what the metrics report, the conservative case) and with them (as a client that
 * knows its future promotions or weather would ask), so that each case gets intervals calibrated
 * on its own errors.
 *
 * <p>Intervals are scored honestly (coverage, width and the interval score MSIS): conformal
 * intervals from the residuals of the other folds (of the other origins when there is one fold),
 * never from the errors being scored. A model with intervals of its own is scored on those too, and
 * keeps them only when their interval score is at least as good as the conformal ones': where the
 * model's own variance is off, the version is served with conformal intervals (see
 * {@link BacktestResult#intervals()}).
 */
public final class Backtest {
    private static final List<Level> LEVELS = List.of(Level.P80, Level.P95);

    private Backtest() {}

    /** One forecast of the backtest: its fold, the actuals, the forecast and the fold's MASE scale. */
    public record OriginForecast(int fold, double[] actual, Forecast forecast, double scale, boolean nativeIntervals) {
        double[] residuals() {
            double[] mean = forecast.means();
            double[] r = new double[actual.length];
            for (int i = 0; i < r.length; i++) r[i] = actual[i] - mean[i];
            return r;
        }
    }

    /**
     * Runs {@code spec} on {@code series} (regular, without gaps: impute first).
     *
     * @throws IllegalArgumentException when the series is too short for the spec
     */
    public static BacktestResult run(Forecaster forecaster, TimeSeries series, Hyperparameters params, BacktestSpec spec) {
        return run(forecaster, series, params, spec, (fold, soFar) -> {});
    }

    /** Hears about each fold as it finishes, with the metrics of the folds so far; may throw to stop the backtest. */
    @FunctionalInterface
    public interface FoldListener {
        void foldDone(int fold, BacktestMetrics soFar);
    }

    /**
     * As {@link #run(Forecaster, TimeSeries, Hyperparameters, BacktestSpec)}, telling {@code listener}
     * after each fold: tuning reports each fold as an intermediate value, so that a pruner can stop
     * a poor trial before its last fold.
     */
    public static BacktestResult run(Forecaster forecaster, TimeSeries series, Hyperparameters params, BacktestSpec spec,
                                     FoldListener listener) {
        return run(train -> forecaster.fit(train, params), series, spec, listener);
    }

    /**
     * The backtest of a model as it is, without refitting: each fold's origins are forecast by
     * {@code model} from the history known there. The retraining pipeline scores the live version
     * so, on the same folds as its candidate. Origins inside the model's own training data favour
     * it, which makes the comparison conservative for a challenger.
     */
    public static BacktestResult frozen(TrainedModel model, TimeSeries series, BacktestSpec spec) {
        return run(train -> model, series, spec, (fold, soFar) -> {});
    }

    private static BacktestResult run(java.util.function.Function<TimeSeries, TrainedModel> fitter, TimeSeries series, BacktestSpec spec,
                                      FoldListener listener) {
        int n = series.size();
        int h = spec.horizon();
        int cutoff0 = spec.earliestCutoff(n);
        if (cutoff0 < 1) throw new IllegalArgumentException("series of " + n + " is too short for " + spec);
        int m = series.frequency() == null ? 1 : series.frequency().shortestSeason();
        double[] values = series.values();
        boolean features = series.featureCount() > 0;
        var runs = new ArrayList<OriginForecast>();
        var featureRuns = new ArrayList<OriginForecast>();
        for (int fold = 0; fold < spec.folds(); fold++) {
            int cutoff = cutoff0 + fold * spec.originsPerFold() * spec.stride();
            TimeSeries train = series.head(cutoff);
            TrainedModel model = fitter.apply(train);
            double scale = Accuracy.maseScale(train.values(), m);
            for (int j = 0; j < spec.originsPerFold(); j++) {
                int origin = cutoff + j * spec.stride();
                double[] actual = Arrays.copyOfRange(values, origin, origin + h);
                var history = series.head(origin);
                Forecast f = model.predict(new ForecastQuery(history, new Horizon(h), LEVELS, List.of()));
                runs.add(new OriginForecast(fold, actual, f, scale, model.nativeIntervals()));
                if (features) {
                    var future = new ArrayList<double[]>(h);
                    for (int i = origin; i < origin + h; i++) future.add(series.featureRow(i));
                    Forecast g = model.predict(new ForecastQuery(history, new Horizon(h), LEVELS, future));
                    featureRuns.add(new OriginForecast(fold, actual, g, scale, model.nativeIntervals()));
                }
            }
            listener.foldDone(fold, metrics(runs, spec));
        }
        return result(runs, featureRuns, spec);
    }

    /**
     * The backtest of a combination of several models' forecasts, from their backtests on the same
     * series and spec (no refitting): the combination's errors, metrics and residuals. {@code
     * combiner} makes one step's combined forecast from the members' forecasts of it, in the
     * members' order (a weighted average, a median). A member without a forecast with future
     * features counts with its plain one (it has no use for them).
     */
    public static BacktestResult combine(List<BacktestResult> members, java.util.function.ToDoubleFunction<double[]> combiner) {
        if (members.isEmpty()) throw new IllegalArgumentException("a combination needs members");
        var spec = members.get(0).spec();
        for (var r : members)
            if (!r.spec().equals(spec) || r.forecasts().size() != members.get(0).forecasts().size())
                throw new IllegalArgumentException("members were backtested differently: " + r.spec() + " vs " + spec);
        boolean features = members.stream().anyMatch(r -> !r.featureForecasts().isEmpty());
        var plain = mix(members.stream().map(BacktestResult::forecasts).toList(), combiner);
        var withFeatures = features
                ? mix(members.stream().map(r -> r.featureForecasts().isEmpty() ? r.forecasts() : r.featureForecasts()).toList(), combiner)
                : List.<OriginForecast>of();
        return result(plain, withFeatures, spec);
    }

    /** As {@link #combine(List, java.util.function.ToDoubleFunction)}, for the average weighted by {@code weights} (one per member). */
    public static BacktestResult combine(List<BacktestResult> members, double[] weights) {
        if (members.size() != weights.length) throw new IllegalArgumentException("one weight per member");
        return combine(members, values -> {
            double sum = 0;
            for (int i = 0; i < values.length; i++) sum += weights[i] * values[i];
            return sum;
        });
    }

    private static List<OriginForecast> mix(List<List<OriginForecast>> members, java.util.function.ToDoubleFunction<double[]> combiner) {
        var out = new ArrayList<OriginForecast>();
        var first = members.get(0);
        double[] at = new double[members.size()];
        for (int k = 0; k < first.size(); k++) {
            var base = first.get(k);
            double[] mean = new double[base.actual().length];
            double[][] byMember = new double[members.size()][];
            for (int i = 0; i < byMember.length; i++) byMember[i] = members.get(i).get(k).forecast().means();
            for (int s = 0; s < mean.length; s++) {
                for (int i = 0; i < members.size(); i++) at[i] = byMember[i][s];
                mean[s] = combiner.applyAsDouble(at);
            }
            out.add(new OriginForecast(base.fold(), base.actual(), Forecast.ofMeans(base.forecast().times(), mean), base.scale(), false));
        }
        return out;
    }

    private static BacktestResult result(List<OriginForecast> runs, List<OriginForecast> featureRuns, BacktestSpec spec) {
        int h = spec.horizon();
        var featureCalibration = featureRuns.isEmpty() ? ResidualCalibration.none() : calibration(featureRuns, h, r -> true);
        var scored = score(runs, spec);
        return new BacktestResult(scored.metrics(), calibration(runs, h, r -> true), featureCalibration, spec, runs, featureRuns, scored.intervals());
    }

    private static ResidualCalibration calibration(List<OriginForecast> runs, int h, Predicate<OriginForecast> use) {
        var chosen = runs.stream().filter(use).map(OriginForecast::residuals).toList();
        var byStep = new ArrayList<double[]>(h);
        for (int step = 0; step < h; step++) {
            double[] r = new double[chosen.size()];
            for (int k = 0; k < r.length; k++) r[k] = chosen.get(k)[step];
            byStep.add(r);
        }
        return ResidualCalibration.of(byStep);
    }

    /** Accuracy of {@code runs}; used for plain and for combined forecasts alike. */
    static BacktestMetrics metrics(List<OriginForecast> runs, BacktestSpec spec) {
        return score(runs, spec).metrics();
    }

    /** The metrics of {@code runs} with the better-scoring of their intervals, and which those are. */
    private record Scored(BacktestMetrics metrics, IntervalSource intervals) {}

    private static Scored score(List<OriginForecast> runs, BacktestSpec spec) {
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
        var intervals = IntervalSource.CONFORMAL;
        var scores = IntervalScores.of(runs, spec, false);
        if (!runs.isEmpty() && runs.stream().allMatch(OriginForecast::nativeIntervals)) {
            var own = IntervalScores.of(runs, spec, true);
            // the model's own intervals stay unless the conformal ones score strictly better
            if (!(scores.msis() < own.msis())) {
                intervals = IntervalSource.MODEL;
                scores = own;
            }
        }
        var metrics = new BacktestMetrics(Accuracy.mape(actual, mean), Accuracy.smape(actual, mean), mase, Accuracy.rmse(actual, mean),
                scores.coverage80(), scores.coverage95(), scores.msis(), scores.width80(), scores.width95(), spec.folds(), runs.size(), spec.horizon());
        return new Scored(metrics, intervals);
    }

    /**
     * Coverage and scaled width of the 80% and 95% intervals and the scaled interval score of the
     * 95% one, over every scored step: the model's own intervals, or conformal ones calibrated on the
     * other folds' residuals.
     */
    private record IntervalScores(double coverage80, double coverage95, double msis, double width80, double width95) {
        static IntervalScores of(List<OriginForecast> runs, BacktestSpec spec, boolean own) {
            var heldOutByFold = new HashMap<Integer, ResidualCalibration>();
            int[] inside = new int[2];
            int[] counted = new int[2];
            double[] width = new double[2];
            int[] widths = new int[2];
            double score = 0;
            int scored = 0;
            for (var run : runs) {
                ResidualCalibration held = own ? null
                        : spec.folds() > 1
                        ? heldOutByFold.computeIfAbsent(run.fold(), f -> calibration(runs, spec.horizon(), r -> r.fold() != f))
                        : calibration(runs, spec.horizon(), r -> r != run);
                for (int i = 0; i < spec.horizon(); i++) {
                    double a = run.actual()[i];
                    if (Double.isNaN(a)) continue;
                    ForecastPoint point = run.forecast().points().get(i);
                    for (int l = 0; l < 2; l++) {
                        Level level = LEVELS.get(l);
                        var interval = own ? point.interval(level) : held.interval(i + 1, level, point.mean());
                        if (interval.isEmpty()) continue;
                        double lo = interval.get().lo();
                        double hi = interval.get().hi();
                        counted[l]++;
                        if (interval.get().contains(a)) inside[l]++;
                        if (run.scale() > 0) {
                            width[l] += (hi - lo) / run.scale();
                            widths[l]++;
                        }
                        if (level.equals(Level.P95) && run.scale() > 0) {
                            double alpha = 1 - level.fraction();
                            score += ((hi - lo) + 2 / alpha * Math.max(0, lo - a) + 2 / alpha * Math.max(0, a - hi)) / run.scale();
                            scored++;
                        }
                    }
                }
            }
            return new IntervalScores(share(inside[0], counted[0]), share(inside[1], counted[1]), scored == 0 ? Double.NaN : score / scored,
                    widths[0] == 0 ? Double.NaN : width[0] / widths[0], widths[1] == 0 ? Double.NaN : width[1] / widths[1]);
        }

        private static double share(int inside, int counted) {
            return counted == 0 ? Double.NaN : (double) inside / counted;
        }
    }
}
