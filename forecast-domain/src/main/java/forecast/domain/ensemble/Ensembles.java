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

    /** The weights of the members (0 for one left out), how they are combined, and the backtest of their combination. */
    public record Weighted(List<String> members, double[] weights, Combination combination, BacktestResult backtest) {
        /** How people read it: {@code ensemble} for the weighted one, {@code median(ets,theta,arima)} for the others. */
        public String describe() {
            if (combination == Combination.INVERSE_MASE) return EnsembleForecaster.ALGORITHM;
            return combination.id() + "(" + String.join(",", kept()) + ")";
        }

        /** The members with a weight, in order. */
        public List<String> kept() {
            var kept = new ArrayList<String>();
            for (int i = 0; i < members.size(); i++) if (weights[i] > 0) kept.add(members.get(i));
            return kept;
        }
    }

    /** The settings for one candidate: its defaults, then the general settings, then {@code algorithm.key} ones. */
    public static Hyperparameters paramsFor(Forecaster f, Hyperparameters params) {
        return f.defaults().with(params.unscoped()).with(params.scoped(f.algorithm()));
    }

    /** Backtests every candidate on {@code series} with {@code spec}, one after the other. */
    public static Backtests backtest(List<Forecaster> candidates, TimeSeries series, Hyperparameters params, BacktestSpec spec,
                                     Consumer<String> progress) {
        return backtest(candidates, series, params, spec, progress, 1);
    }

    /**
     * Backtests every candidate on {@code series} with {@code spec}, up to {@code parallelism} at a
     * time (the candidates are independent; forecasters and their models are thread-safe). The
     * results keep the candidates' order; {@code progress} hears from one thread at a time. When a
     * candidate fails (or {@code progress} throws to stop), the others still end, each at its next
     * progress report, and the first failure is thrown.
     */
    public static Backtests backtest(List<Forecaster> candidates, TimeSeries series, Hyperparameters params, BacktestSpec spec,
                                     Consumer<String> progress, int parallelism) {
        Consumer<String> tell = parallelism > 1 ? message -> {
            synchronized (progress) {
                progress.accept(message);
            }
        } : progress;
        java.util.function.Function<Forecaster, BacktestResult> one = f -> {
            tell.accept("backtesting " + f.algorithm());
            var result = Backtest.run(f, series, paramsFor(f, params), spec);
            tell.accept(String.format(java.util.Locale.ROOT, "%s: backtest MAPE %.2f%%, MASE %.3f, 95%% coverage %.2f, MSIS %.2f", f.algorithm(),
                    result.metrics().mape(), result.metrics().mase(), result.metrics().coverage95(), result.metrics().msis()));
            return result;
        };
        var out = new LinkedHashMap<String, BacktestResult>();
        if (parallelism <= 1 || candidates.size() <= 1) {
            for (var f : candidates) out.put(f.algorithm(), one.apply(f));
            return new Backtests(out);
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(Math.min(parallelism, candidates.size()), r -> {
            var t = new Thread(r, "forecast-backtest");
            t.setDaemon(true);
            return t;
        });
        try {
            var futures = new ArrayList<java.util.concurrent.Future<BacktestResult>>();
            for (var f : candidates) futures.add(pool.submit(() -> one.apply(f)));
            RuntimeException failure = null;
            for (int i = 0; i < futures.size(); i++) {
                try {
                    out.put(candidates.get(i).algorithm(), futures.get(i).get());
                } catch (java.util.concurrent.ExecutionException e) {
                    if (failure == null) failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
            if (failure != null) throw failure;
            return new Backtests(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backtesting", e);
        } finally {
            pool.shutdown();
        }
    }

    /**
     * {@code members} combined as {@code combination} asks: {@link #weigh} for {@code inverse_mase};
     * for {@code mean} and {@code median}, the {@code best} members by backtest MASE (RMSE where MASE
     * is undefined) with equal weights. The combination's backtest is scored on the members' folds.
     */
    public static Weighted combine(Backtests backtests, List<String> members, Combination combination, int best) {
        if (combination == Combination.INVERSE_MASE) return weigh(backtests, members);
        if (best < 1) throw new IllegalArgumentException("hyperparameter best must be at least 1: " + best);
        boolean useMase = members.stream().allMatch(m -> Double.isFinite(backtests.byAlgorithm().get(m).metrics().mase()));
        var ranked = new ArrayList<>(members);
        ranked.sort(java.util.Comparator.comparingDouble(m -> {
            var metrics = backtests.byAlgorithm().get(m).metrics();
            double e = useMase ? metrics.mase() : metrics.rmse();
            return Double.isFinite(e) ? e : Double.POSITIVE_INFINITY;
        }));
        var chosen = ranked.subList(0, Math.min(best, ranked.size()));
        double[] weights = new double[members.size()];
        for (int i = 0; i < weights.length; i++) if (chosen.contains(members.get(i))) weights[i] = 1.0 / chosen.size();
        var results = chosen.stream().map(backtests.byAlgorithm()::get).toList();
        double[] equal = new double[chosen.size()];
        java.util.Arrays.fill(equal, 1.0 / equal.length);
        var backtest = Backtest.combine(results, values -> combination.apply(values, equal));
        return new Weighted(List.copyOf(members), weights, combination, backtest);
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
        return new Weighted(List.copyOf(members), weights, Combination.INVERSE_MASE, Backtest.combine(results, weights));
    }

    /** Fits every member with a weight on all of {@code series}, combined by {@code combination}. */
    public static EnsembleModel fit(List<Forecaster> members, double[] weights, Combination combination, TimeSeries series, Hyperparameters params,
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
        return new EnsembleModel(fitted, combination);
    }
}
