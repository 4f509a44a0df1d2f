package forecast.domain.ensemble;

import forecast.domain.evaluation.Backtest;
import forecast.domain.evaluation.BacktestMetrics;
import forecast.domain.evaluation.BacktestResult;
import forecast.domain.evaluation.BacktestSpec;
import forecast.domain.forecasting.Forecaster;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.series.TimeSeries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Backtesting several forecasters on the same folds, weighting them, and fitting the ensemble:
 * the shared machinery of the {@code ensemble} forecaster and of automatic model choice.
 */
public final class Ensembles {
    /** Members whose MASE is worse than this multiple of the best member's get no weight. */
    private static final double WORST_KEPT = 1.5;

    private Ensembles() {}

    /** Each candidate's backtest on the same spec, in the candidates' order. */
    public record Backtests(Map<String, BacktestResult> byAlgorithm) {
        public Backtests {
            byAlgorithm = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byAlgorithm));
        }
    }

    /** The weights of the members and the backtest of their combination. */
    public record Weighted(List<String> members, double[] weights, BacktestResult backtest) {}

    /** The settings for one candidate: its defaults, then the general settings, then {@code algorithm.key} ones. */
    public static Hyperparameters paramsFor(Forecaster f, Hyperparameters params) {
        return f.defaults().with(params.unscoped()).with(params.scoped(f.algorithm()));
    }

    /** Backtests every candidate on {@code series} with {@code spec}. */
    public static Backtests backtest(List<Forecaster> candidates, TimeSeries series, Hyperparameters params, BacktestSpec spec,
                                     Consumer<String> progress) {
        var out = new LinkedHashMap<String, BacktestResult>();
        for (var f : candidates) {
            progress.accept("backtesting " + f.algorithm());
            var result = Backtest.run(f, series, paramsFor(f, params), spec);
            progress.accept(String.format(java.util.Locale.ROOT, "%s: backtest MAPE %.2f%%, MASE %.3f", f.algorithm(), result.metrics().mape(), result.metrics().mase()));
            out.put(f.algorithm(), result);
        }
        return new Backtests(out);
    }

    /**
     * Weights inversely proportional to each member's backtest MASE (RMSE where MASE is undefined),
     * after dropping members more than half again as bad as the best, and the combination's own
     * backtest on the same folds.
     */
    public static Weighted weigh(Backtests backtests, List<String> members) {
        double[] error = new double[members.size()];
        boolean useMase = members.stream().allMatch(m -> Double.isFinite(backtests.byAlgorithm().get(m).metrics().mase()));
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < error.length; i++) {
            BacktestMetrics metrics = backtests.byAlgorithm().get(members.get(i)).metrics();
            error[i] = useMase ? metrics.mase() : metrics.rmse();
            if (!Double.isFinite(error[i])) error[i] = Double.POSITIVE_INFINITY;
            best = Math.min(best, error[i]);
        }
        double[] weights = new double[error.length];
        double sum = 0;
        for (int i = 0; i < error.length; i++) {
            if (error[i] <= WORST_KEPT * best && error[i] > 0) weights[i] = 1 / error[i];
            else if (error[i] == 0) weights[i] = 1e12; // a perfect member takes everything
            sum += weights[i];
        }
        if (sum == 0) { // nothing finite: equal weights
            java.util.Arrays.fill(weights, 1.0 / weights.length);
        } else {
            for (int i = 0; i < weights.length; i++) weights[i] /= sum;
        }
        var results = members.stream().map(backtests.byAlgorithm()::get).toList();
        return new Weighted(List.copyOf(members), weights, Backtest.combine(results, weights));
    }

    /** Fits every member with a weight on all of {@code series}. */
    public static EnsembleModel fit(List<Forecaster> members, double[] weights, TimeSeries series, Hyperparameters params,
                                    Consumer<String> progress) {
        var fitted = new ArrayList<EnsembleModel.Member>();
        double kept = 0;
        for (int i = 0; i < members.size(); i++) if (weights[i] > 0) kept += weights[i];
        for (int i = 0; i < members.size(); i++) {
            if (weights[i] <= 0) continue;
            var f = members.get(i);
            progress.accept("fitting " + f.algorithm() + " on all data (weight " + String.format(java.util.Locale.ROOT, "%.3f", weights[i] / kept) + ")");
            fitted.add(new EnsembleModel.Member(f.algorithm(), weights[i] / kept, f.fit(series, paramsFor(f, params))));
        }
        return new EnsembleModel(fitted);
    }
}
