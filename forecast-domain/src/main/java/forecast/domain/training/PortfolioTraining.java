package forecast.domain.training;

import forecast.domain.evaluation.Backtest;
import forecast.domain.evaluation.BacktestMetrics;
import forecast.domain.evaluation.BacktestSpec;
import forecast.domain.forecasting.CalibratedModel;
import forecast.domain.forecasting.Forecaster;
import forecast.domain.forecasting.GlobalForecaster;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.Portfolio;
import forecast.domain.forecasting.PortfolioArtifact;
import forecast.domain.forecasting.ResidualCalibration;
import forecast.domain.registry.ModelRegistry;
import forecast.domain.registry.NewModelVersion;
import forecast.domain.registry.Provenance;
import forecast.domain.registry.SeriesMetrics;
import forecast.domain.series.SeriesId;
import forecast.domain.series.TimeSeries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * One version over many series. A local family (seasonal naive, ARIMA, the ensemble, {@code auto})
 * is backtested and fitted on each series as a training of that series alone would be, in
 * parallel. A global family is backtested once: one model fitted on every series up to its own
 * cutoff, then each series forecast from the origins after it without refitting (one fold per
 * series); intervals come from the errors of all series pooled in scaled units; the served model is
 * then fitted on every series whole. Each series is divided by its scale ({@link Portfolio#scale})
 * before a global model sees it.
 */
final class PortfolioTraining {
    private final TrainingService training;
    private final ModelRegistry registry;

    /** A portfolio training that imputes, fits and backtests each series with {@code training}'s steps. */
    PortfolioTraining(TrainingService training, ModelRegistry registry) {
        this.training = training;
        this.registry = registry;
    }

    /** What was fitted on each series, before registration, with the hyperparameters to record. */
    private record Outcome(Portfolio portfolio, Map<String, SeriesMetrics> metrics, Map<String, String> skipped, Hyperparameters hyperparameters) {}

    TrainingResult train(PortfolioRequest request, Forecaster forecaster, Map<SeriesId, TimeSeries> histories, Consumer<String> progress) {
        var series = new TreeMap<String, TimeSeries>();
        for (var id : request.series()) {
            var s = histories.get(id);
            if (s != null) series.put(id.value(), s);
        }
        if (series.isEmpty()) return new TrainingResult.NoSeriesTrained(Map.of("series", "none of the series is stored"));
        var kinds = series.values().stream().map(s -> s.frequency() + " " + s.featureNames()).distinct().toList();
        if (kinds.size() > 1)
            throw new IllegalArgumentException("the series of one version must share their frequency and feature columns; these have " + kinds);
        var outcome = forecaster instanceof GlobalForecaster global ? global(request, global, series, progress) : local(request, forecaster, series, progress);
        if (outcome.metrics().isEmpty()) return new TrainingResult.NoSeriesTrained(outcome.skipped());
        var metrics = List.copyOf(new TreeMap<>(outcome.metrics()).values());
        var notes = new TreeMap<String, String>();
        notes.put("imputation", request.imputation().id());
        notes.put("portfolio", (forecaster instanceof GlobalForecaster ? "global" : "local") + ", " + metrics.size() + " series, " + request.selection());
        if (!outcome.skipped().isEmpty()) notes.put("skipped", summary(outcome.skipped()));
        var version = registry.register(new NewModelVersion(request.model(), request.label(), request.algorithm(), outcome.hyperparameters(),
                aggregate(metrics), provenance(request, series, metrics, notes), metrics), PortfolioArtifact.write(outcome.portfolio()));
        progress.accept(String.format(Locale.ROOT, "registered %s over %d series (MASE mean %.3f, median %.3f)%s", version.id(), metrics.size(),
                version.metrics().mase(), median(metrics, m -> m.metrics().mase()), outcome.skipped().isEmpty() ? "" : "; left out " + outcome.skipped().size()));
        return new TrainingResult.Trained(version, outcome.portfolio().representative(), outcome.portfolio(), outcome.skipped());
    }

    private Outcome local(PortfolioRequest request, Forecaster forecaster, Map<String, TimeSeries> series, Consumer<String> progress) {
        var models = new ConcurrentHashMap<String, CalibratedModel>();
        var metrics = new ConcurrentHashMap<String, SeriesMetrics>();
        var skipped = new ConcurrentHashMap<String, String>();
        var done = new AtomicInteger();
        int total = series.size();
        int every = Math.max(1, total / 20);
        progress.accept("training " + request.algorithm() + " on each of " + total + " series, " + request.parallelism() + " at a time");
        runAll(request.parallelism(), series, (id, s) -> {
            try {
                var imputed = training.impute(s, request.imputation());
                var one = new TrainingRequest(request.model(), new SeriesId(id), imputed, request.algorithm(), request.hyperparameters(),
                        request.imputation(), null, null);
                var fitted = training.fitOne(one, forecaster, imputed, message -> {});
                if (fitted instanceof TrainingResult refused) {
                    skipped.put(id, describe(refused));
                } else {
                    var f = (Candidate) fitted;
                    models.put(id, TrainingService.calibrate(f, imputed, request.imputation()));
                    metrics.put(id, new SeriesMetrics(id, f.backtest().metrics(), imputed.size(), imputed.firstTime(), imputed.lastTime()));
                }
            } catch (RuntimeException e) {
                skipped.put(id, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            int n = done.incrementAndGet();
            if (n % every == 0 || n == total) progress.accept("trained " + n + " of " + total + " series");
        });
        var recorded = forecaster == null ? request.hyperparameters() : training.hyperparameters(forecaster.algorithm(), request.hyperparameters());
        return new Outcome(models.isEmpty() ? null : new Portfolio.Local(models), metrics, skipped, recorded);
    }

    private Outcome global(PortfolioRequest request, GlobalForecaster forecaster, Map<String, TimeSeries> series, Consumer<String> progress) {
        var params = training.hyperparameters(forecaster.algorithm(), request.hyperparameters());
        var skipped = new TreeMap<String, String>();
        var scaled = new TreeMap<String, TimeSeries>();
        var scales = new TreeMap<String, Double>();
        var specs = new TreeMap<String, BacktestSpec>();
        for (var e : series.entrySet()) {
            var imputed = training.impute(e.getValue(), request.imputation());
            double scale = Portfolio.scale(imputed);
            var divided = Portfolio.divide(imputed, scale);
            int need = forecaster.minTrainingSize(divided, params);
            var spec = BacktestSpec.defaultsFor(divided.size(), divided.frequency(), need);
            if (spec.isEmpty()) {
                skipped.put(e.getKey(), "too short: " + divided.size() + " observations, a backtest needs " + BacktestSpec.minimumLength(need));
                continue;
            }
            scaled.put(e.getKey(), divided);
            scales.put(e.getKey(), scale);
            // one fold: the global model is fitted once, on every series up to its own cutoff
            specs.put(e.getKey(), new BacktestSpec(1, spec.get().horizon(), spec.get().originsPerFold(), spec.get().stride()));
        }
        if (scaled.isEmpty()) return new Outcome(null, Map.of(), skipped, params);
        progress.accept("backtesting one " + forecaster.algorithm() + " model across " + scaled.size() + " series (one fold each, fitted up to each cutoff)");
        var heads = new ArrayList<TimeSeries>();
        for (var e : scaled.entrySet()) heads.add(e.getValue().head(specs.get(e.getKey()).earliestCutoff(e.getValue().size())));
        var backtestModel = forecaster.fitGlobal(heads, params);
        var metrics = new TreeMap<String, SeriesMetrics>();
        var pooled = new ArrayList<List<Double>>();
        for (var e : scaled.entrySet()) {
            var result = Backtest.frozen(backtestModel, e.getValue(), specs.get(e.getKey()));
            double scale = scales.get(e.getKey());
            var m = result.metrics();
            // every figure but RMSE is scale-free; RMSE goes back to the series' units
            var own = m.withRmseTimes(scale);
            var original = series.get(e.getKey());
            metrics.put(e.getKey(), new SeriesMetrics(e.getKey(), own, original.size(), original.firstTime(), original.lastTime()));
            for (var f : result.forecasts()) {
                double[] mean = f.forecast().means();
                for (int h = 0; h < f.actual().length; h++) {
                    while (pooled.size() <= h) pooled.add(new ArrayList<>());
                    if (Double.isFinite(f.actual()[h]) && Double.isFinite(mean[h])) pooled.get(h).add(f.actual()[h] - mean[h]);
                }
            }
        }
        var byStep = pooled.stream().map(l -> l.stream().mapToDouble(Double::doubleValue).toArray()).toList();
        progress.accept(String.format(Locale.ROOT, "backtest MASE mean %.3f over %d series; fitting one model on all of them",
                aggregate(List.copyOf(metrics.values())).mase(), metrics.size()));
        var model = forecaster.fitGlobal(List.copyOf(scaled.values()), params);
        var shared = new CalibratedModel(model, ResidualCalibration.of(byStep), ResidualCalibration.none(), request.imputation(), null);
        return new Outcome(new Portfolio.Global(shared, scales), metrics, skipped, params);
    }

    /** Runs {@code work} on each series, {@code parallelism} at a time, and waits for all of them. */
    private static void runAll(int parallelism, Map<String, TimeSeries> series, java.util.function.BiConsumer<String, TimeSeries> work) {
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            var t = new Thread(r, "forecast-portfolio");
            t.setDaemon(true);
            return t;
        });
        try {
            for (var e : series.entrySet()) pool.execute(() -> work.accept(e.getKey(), e.getValue()));
        } finally {
            pool.shutdown();
            try {
                while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                    // waiting for the series still training
                }
            } catch (InterruptedException e) {
                pool.shutdownNow();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while training a portfolio", e);
            }
        }
    }

    private static String describe(TrainingResult refused) {
        return switch (refused) {
            case TrainingResult.InsufficientHistory i -> "too short: " + i.actual() + " observations, needs " + i.required();
            case TrainingResult.InvalidHyperparameters h -> h.message();
            case TrainingResult.TuningFailed t -> t.message();
            default -> refused.toString();
        };
    }

    /** At most five series with why, and how many more. */
    private static String summary(Map<String, String> skipped) {
        var parts = new ArrayList<String>();
        for (var e : new TreeMap<>(skipped).entrySet()) {
            if (parts.size() == 5) {
                parts.add("and " + (skipped.size() - 5) + " more");
                break;
            }
            parts.add(e.getKey() + " (" + e.getValue() + ")");
        }
        return String.join("; ", parts);
    }

    /** Each figure the mean over the series that have it; folds the most any had, forecasts all of them. */
    static BacktestMetrics aggregate(List<SeriesMetrics> series) {
        return new BacktestMetrics(mean(series, m -> m.metrics().mape()), mean(series, m -> m.metrics().smape()), mean(series, m -> m.metrics().mase()),
                mean(series, m -> m.metrics().rmse()), mean(series, m -> m.metrics().coverage80()), mean(series, m -> m.metrics().coverage95()),
                mean(series, m -> m.metrics().msis()), mean(series, m -> m.metrics().width80()), mean(series, m -> m.metrics().width95()),
                series.stream().mapToInt(m -> m.metrics().folds()).max().orElse(0), series.stream().mapToInt(m -> m.metrics().forecasts()).sum(),
                series.stream().mapToInt(m -> m.metrics().horizon()).max().orElse(0));
    }

    static double mean(List<SeriesMetrics> series, ToDoubleFunction<SeriesMetrics> figure) {
        return series.stream().mapToDouble(figure).filter(Double::isFinite).average().orElse(Double.NaN);
    }

    static double median(List<SeriesMetrics> series, ToDoubleFunction<SeriesMetrics> figure) {
        double[] v = series.stream().mapToDouble(figure).filter(Double::isFinite).sorted().toArray();
        if (v.length == 0) return Double.NaN;
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private Provenance provenance(PortfolioRequest request, Map<String, TimeSeries> series, List<SeriesMetrics> trained, Map<String, String> notes) {
        var first = series.values().iterator().next();
        Instant from = trained.stream().map(SeriesMetrics::dataFrom).min(Instant::compareTo).orElse(null);
        Instant to = trained.stream().map(SeriesMetrics::dataTo).max(Instant::compareTo).orElse(null);
        return new Provenance(null, from, to, trained.stream().mapToInt(SeriesMetrics::observations).sum(), String.valueOf(first.frequency()),
                first.featureNames(), training.libraries(request.algorithm()), notes);
    }
}
