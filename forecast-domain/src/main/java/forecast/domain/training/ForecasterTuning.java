package forecast.domain.training;

import forecast.domain.evaluation.Backtest;
import forecast.domain.evaluation.BacktestMetrics;
import forecast.domain.evaluation.BacktestResult;
import forecast.domain.evaluation.BacktestSpec;
import forecast.domain.forecasting.Forecaster;
import forecast.domain.forecasting.HyperparameterSpecs;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.series.TimeSeries;
import forecast.domain.tuning.CategoricalDistribution;
import forecast.domain.tuning.Direction;
import forecast.domain.tuning.Distribution;
import forecast.domain.tuning.FloatDistribution;
import forecast.domain.tuning.FrozenTrial;
import forecast.domain.tuning.IntDistribution;
import forecast.domain.tuning.Pruners;
import forecast.domain.tuning.Studies;
import forecast.domain.tuning.Study;
import forecast.domain.tuning.StudyDefinition;
import forecast.domain.tuning.StudyExistsException;
import forecast.domain.tuning.TrialPruned;
import forecast.domain.tuning.TrialState;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Tunes a forecaster's hyperparameters with a {@link Study}: each trial backtests one choice on
 * the same rolling-origin folds and its value is the backtest's metric; every fold is reported as
 * an intermediate value so that the pruner can stop a poor choice before its last fold.
 *
 * <p>The folds are fixed once per study from the history the largest setting of the search space
 * needs, so that every trial is scored on the same forecasts' actuals and values are comparable.
 */
public final class ForecasterTuning {
    private final Map<String, Forecaster> forecasters;
    private final Studies studies;
    private final Clock clock;
    private final forecast.domain.telemetry.Telemetry telemetry;

    public ForecasterTuning(Map<String, Forecaster> forecasters, Studies studies, Clock clock) {
        this(forecasters, studies, clock, forecast.domain.telemetry.Telemetry.NONE);
    }

    /** Tuning that reports each run's duration to {@code telemetry}. */
    public ForecasterTuning(Map<String, Forecaster> forecasters, Studies studies, Clock clock, forecast.domain.telemetry.Telemetry telemetry) {
        this.forecasters = forecasters;
        this.studies = studies;
        this.clock = clock;
        this.telemetry = telemetry;
    }

    /** The result of a tuning: the study, its best trial and that trial's full settings and backtest. */
    public record Outcome(Study study, FrozenTrial best, Hyperparameters hyperparameters, BacktestResult backtest, int trialsRun) {}

    /** Why a tuning could not start or ended without a result. */
    public static final class TuningException extends IllegalArgumentException {
        private final String field;

        public TuningException(String field, String message) {
            super(message);
            this.field = field;
        }

        /** The request field at fault. */
        public String field() {
            return field;
        }
    }

    /** The forecaster's search space for {@code series} with {@code overrides} replacing or adding entries. */
    public Map<String, Distribution> searchSpace(String algorithm, TimeSeries series, Map<String, Distribution> overrides) {
        var f = forecaster(algorithm);
        var space = new LinkedHashMap<>(f.searchSpace(series));
        space.putAll(overrides);
        return space;
    }

    /** A tuning ready to run: its study (created or loaded), search space, fixed settings and folds. */
    public record Prepared(TuningRequest request, Study study, Map<String, Distribution> space, Hyperparameters base, BacktestSpec spec) {}

    /**
     * Checks the request and creates its study (or with {@code resume}, loads it and fails the
     * trials a stopped process left running), so that the study is visible before any trial runs.
     * Gaps in the series are filled by the request's imputation first.
     *
     * @throws TuningException when the request cannot be tuned: an unknown algorithm, a fixed
     *         hyperparameter or search-space entry the forecaster does not accept (field
     *         {@code hyperparameters.<name>} or {@code search_space.<name>}), nothing to tune, a name
     *         taken, too little history, an unknown sampler or pruner
     */
    public Prepared prepare(TuningRequest asked) {
        var forecaster = forecaster(asked.algorithm());
        refuseUnknown(forecaster, asked);
        var series = asked.imputation().apply(asked.series(), asked.series().frequency().shortestSeason());
        var request = asked.withSeries(series);
        var space = searchSpace(request.algorithm(), series, request.searchSpace());
        // a fixed setting is not tuned (as Optuna's PartialFixedSampler): the trials keep the value the
        // request fixed; one the request's search_space names as well is searched, as asked (a
        // pipeline's configured settings and search space may both name it)
        for (String name : TrainingService.withoutNotes(request.hyperparameters()).values().keySet())
            if (!request.searchSpace().containsKey(name)) space.remove(name);
        if (space.isEmpty()) throw new TuningException("algorithm", request.algorithm() + " has no hyperparameters to tune");
        // a version's provenance notes given back among the settings are not settings to fix
        var base = forecaster.defaults().with(TrainingService.withoutNotes(request.hyperparameters()));
        var spec = spec(forecaster, series, base, space);
        Study study = open(request, space, spec);
        abandonStale(study);
        return new Prepared(request, study, space, base, spec);
    }

    /**
     * Queues the settings of {@code settings} (a version's hyperparameters, say) that lie in the
     * prepared study's search space as its next trial, so that tuning starts from what is known to
     * work (a warm start) and the best trial is never worse than it on the study's folds.
     *
     * @return the values queued, as the study's external values; empty (nothing queued) when none lies in the space
     */
    public Map<String, Object> warmStart(Prepared prepared, Hyperparameters settings) {
        var start = inSpace(settings, prepared.space());
        if (!start.isEmpty()) prepared.study().enqueue(start);
        return start;
    }

    /** The settings that lie in {@code space}, as its external values; a value outside it (or not a number) is left to be sampled. */
    static Map<String, Object> inSpace(Hyperparameters settings, Map<String, Distribution> space) {
        var out = new LinkedHashMap<String, Object>();
        for (var e : space.entrySet()) {
            String text = settings.values().get(e.getKey());
            if (text == null) continue;
            var d = e.getValue();
            try {
                Object parsed = switch (d) {
                    case FloatDistribution f -> Double.parseDouble(text);
                    case IntDistribution i -> Long.parseLong(text);
                    case CategoricalDistribution c -> c.choices().stream().filter(x -> String.valueOf(x).equals(text)).findFirst().orElseThrow();
                };
                double internal = d.toInternal(parsed);
                if (d.contains(internal)) out.put(e.getKey(), d.toExternal(internal));
            } catch (RuntimeException ignored) {
                // sampled instead
            }
        }
        return out;
    }

    /** {@link #prepare} and {@link #run}. */
    public Outcome tune(TuningRequest request, Consumer<FrozenTrial> progress) {
        return run(prepare(request), progress);
    }

    /**
     * Runs the prepared study, telling {@code progress} about each finished trial.
     *
     * @throws TuningException when no trial completed
     */
    public Outcome run(Prepared prepared, Consumer<FrozenTrial> progress) {
        long started = System.nanoTime();
        boolean ok = false;
        try {
            var outcome = runStudy(prepared, progress);
            ok = true;
            return outcome;
        } finally {
            telemetry.tuningFinished(prepared.request().algorithm(), ok, System.nanoTime() - started);
        }
    }

    private Outcome runStudy(Prepared prepared, Consumer<FrozenTrial> progress) {
        var request = prepared.request();
        var forecaster = forecaster(request.algorithm());
        var series = request.series();
        var space = prepared.space();
        var base = prepared.base();
        var spec = prepared.spec();
        var study = prepared.study();
        var backtests = new ConcurrentHashMap<Integer, BacktestResult>();
        var ran = study.optimize(trial -> {
            var params = new TreeMap<>(base.values());
            for (var e : space.entrySet()) params.put(e.getKey(), text(trial.suggest(e.getKey(), e.getValue())));
            var chosen = new Hyperparameters(params);
            var result = Backtest.run(forecaster, series, chosen, spec, (fold, soFar) -> {
                trial.report(metric(soFar, request.metric()), fold);
                if (fold < spec.folds() - 1 && trial.shouldPrune()) throw new TrialPruned("pruned after fold " + fold);
            });
            backtests.put(trial.number(), result);
            return metric(result.metrics(), request.metric());
        }, request.nTrials(), request.timeout(), request.parallelism(), progress);
        var best = study.bestTrial().orElseThrow(() -> new TuningException("n_trials", "no trial of study " + study.name() + " completed: "
                + ran.stream().map(t -> t.failReason().orElse(t.state().name())).distinct().limit(3).toList()));
        var params = new TreeMap<>(base.values());
        best.params().forEach((k, v) -> params.put(k, text(v)));
        // a best trial from before a restart has no backtest in memory: run it again (same folds, same score)
        var backtest = backtests.computeIfAbsent(best.number(), n -> Backtest.run(forecaster, series, new Hyperparameters(params), spec));
        return new Outcome(study, best, new Hyperparameters(params), backtest, ran.size());
    }

    private Study open(TuningRequest request, Map<String, Distribution> space, BacktestSpec spec) {
        var existing = studies.load(request.study());
        if (existing.isPresent()) {
            var def = existing.get().definition();
            if (!request.resume()) throw new TuningException("name", "study " + request.study() + " already exists; pass \"resume\": true to continue it");
            if (!request.algorithm().equals(def.algorithm()))
                throw new TuningException("algorithm", "study " + request.study() + " tunes " + def.algorithm() + ", not " + request.algorithm());
            return existing.get();
        }
        var attributes = new TreeMap<String, String>();
        attributes.put("series_id", request.seriesId().value());
        attributes.put("metric", request.metric());
        attributes.put("imputation", request.imputation().id());
        attributes.put("backtest", spec.toString());
        attributes.put("observations", Integer.toString(request.series().size()));
        request.hyperparameters().values().forEach((k, v) -> attributes.put("fixed." + k, v));
        long seed = request.seed() != null ? request.seed() : new java.security.SecureRandom().nextLong() & 0x7fffffffffffL;
        var definition = new StudyDefinition(request.study(), Direction.MINIMIZE,
                request.sampler() == null ? studies.defaultSampler() : request.sampler(), seed,
                request.pruner() == null ? Pruners.MEDIAN : request.pruner(), space, request.algorithm(), attributes, clock.instant());
        try {
            return studies.create(definition);
        } catch (StudyExistsException e) {
            throw new TuningException("name", "study " + request.study() + " already exists");
        } catch (IllegalArgumentException e) {
            throw new TuningException(e.getMessage().contains("pruner") ? "pruner" : "sampler", e.getMessage());
        }
    }

    /** Refuses what the forecaster would ignore: a typo would otherwise be tuned, or fixed, for nothing. */
    private static void refuseUnknown(Forecaster forecaster, TuningRequest request) {
        var specs = forecaster.hyperparameters();
        var fixed = TrainingService.refusal(forecaster.algorithm(), specs, request.hyperparameters());
        if (fixed.isPresent()) throw new TuningException(fixed.get().violations().get(0).field(), fixed.get().message());
        var searched = HyperparameterSpecs.unknown(specs, request.searchSpace().keySet());
        if (!searched.isEmpty())
            throw new TuningException("search_space." + searched.get(0), HyperparameterSpecs.message(forecaster.algorithm(), specs, searched));
    }

    /** Trials left running by a process that stopped can never finish: fail them so the study can go on. */
    private static void abandonStale(Study study) {
        for (var t : study.trials())
            if (t.state() == TrialState.RUNNING) study.fail(t.number(), "abandoned: the process running it stopped before it finished");
    }

    private BacktestSpec spec(Forecaster forecaster, TimeSeries series, Hyperparameters base, Map<String, Distribution> space) {
        int need = forecaster.minTrainingSize(series, base);
        try {
            var largest = new TreeMap<>(base.values());
            space.forEach((k, d) -> largest.put(k, text(largestValue(d))));
            need = Math.max(need, forecaster.minTrainingSize(series, new Hyperparameters(largest)));
        } catch (IllegalArgumentException e) {
            // a search space the forecaster refuses at its ends: trials will say which values fail
        }
        var spec = BacktestSpec.defaultsFor(series.size(), series.frequency(), need);
        if (spec.isEmpty()) spec = BacktestSpec.defaultsFor(series.size(), series.frequency(), forecaster.minTrainingSize(series, base));
        return spec.orElseThrow(() -> new TuningException("data", "has " + series.size() + " observations; backtesting "
                + forecaster.algorithm() + " needs at least " + BacktestSpec.minimumLength(forecaster.minTrainingSize(series, base))));
    }

    private static Object largestValue(Distribution d) {
        return switch (d) {
            case FloatDistribution f -> f.high();
            case IntDistribution i -> i.high();
            case CategoricalDistribution c -> c.choices().get(0);
        };
    }

    private Forecaster forecaster(String algorithm) {
        var f = forecasters.get(algorithm);
        if (f == null) throw new TuningException("algorithm", "unknown algorithm " + algorithm + "; known: " + forecasters.keySet());
        return f;
    }

    static double metric(BacktestMetrics m, String name) {
        double v = switch (name) {
            case "mape" -> m.mape();
            case "smape" -> m.smape();
            case "rmse" -> m.rmse();
            default -> m.mase();
        };
        return Double.isFinite(v) ? v : Double.NaN;
    }

    /** A parameter value as a hyperparameter's text. */
    static String text(Object v) {
        return String.valueOf(v);
    }
}
