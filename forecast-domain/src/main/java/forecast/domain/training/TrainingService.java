package forecast.domain.training;

import forecast.domain.ensemble.Combination;
import forecast.domain.ensemble.EnsembleForecaster;
import forecast.domain.ensemble.Ensembles;
import forecast.domain.evaluation.Backtest;
import forecast.domain.evaluation.BacktestResult;
import forecast.domain.evaluation.BacktestSpec;
import forecast.domain.forecasting.CalibratedModel;
import forecast.domain.forecasting.Forecaster;
import forecast.domain.forecasting.HyperparameterSpec;
import forecast.domain.forecasting.HyperparameterSpecs;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.ModelArtifact;
import forecast.domain.forecasting.Scope;
import forecast.domain.forecasting.TrainedModel;
import forecast.domain.preprocessing.Imputation;
import forecast.domain.registry.DuplicateVersionException;
import forecast.domain.registry.ModelRegistry;
import forecast.domain.registry.ModelVersion;
import forecast.domain.registry.NewModelVersion;
import forecast.domain.registry.Provenance;
import forecast.domain.series.InvalidInputException;
import forecast.domain.series.TimeSeries;
import forecast.domain.series.Violation;
import forecast.domain.telemetry.Telemetry;
import forecast.domain.tuning.Studies;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Train-and-register: impute the series, backtest on it (rolling origin), fit the final model on
 * all of it, calibrate its intervals on the backtest's residuals, and register the version with
 * its metrics, provenance and checksummed artifact.
 *
 * <p>Each of those is also a public step ({@link #impute}, {@link #hyperparameters(String,
 * Hyperparameters)}, {@link #fit}, {@link #backtest}, {@link #compare}, {@link #register}) so that
 * a client with its own policy, such as the retraining pipeline, trains exactly as a training
 * request does instead of repeating it.
 *
 * <p>{@code ensemble} backtests its members once on shared folds, weights them by backtest error
 * and scores the weighted combination on the same folds without refitting. {@code auto} backtests
 * every family (and the seasonal-naive baseline) on the same folds, adds their ensemble, and keeps
 * the one with the lowest MASE, recording every candidate's score as the reason.
 *
 * <p>Hyperparameters are strict: a request naming one its algorithm does not accept (see
 * {@link Forecaster#hyperparameters()}) is refused before anything is trained.
 */
public final class TrainingService {
    /** The algorithm name that asks for automatic choice. */
    public static final String AUTO = "auto";
    /**
     * The notes a version's {@link Provenance#notes() provenance} carries to say how it was made
     * (the imputation of its training data; by tuning, automatic choice or the retraining
     * pipeline; its ensemble weights; a portfolio's series), which no model accepts as a
     * hyperparameter. Versions registered before they were provenance had them among their
     * hyperparameters, so a client may give them back there: they are ignored rather than refused
     * (the imputation is the request's own field).
     */
    public static final java.util.Set<String> NOTES = java.util.Set.of("tuned_by", "selected_by", "selection", "weights", "imputation", "trained_by",
            "portfolio", "skipped", "intervals");
    /** The algorithm every candidate must beat on the same folds. */
    public static final String BASELINE = "seasonal_naive";
    /** {@code auto}'s own hyperparameter: the families to choose among. */
    public static final String FAMILIES = "families";
    /** Observations of the training series kept inside the model as context for short requests. */
    private static final int MAX_CONTEXT = 1_000;

    private final Map<String, Forecaster> forecasters;
    private final ModelRegistry registry;
    private final Telemetry telemetry;
    private final ForecasterTuning tuning;
    /** How many candidates {@code auto} and {@code ensemble} backtest at once within one training. */
    private final int parallelism;

    /** Training without tuning: a request that asks to tune is refused. */
    public TrainingService(List<Forecaster> forecasters, ModelRegistry registry, Telemetry telemetry) {
        this(forecasters, registry, telemetry, null);
    }

    /** Training that tunes first when a request asks, with studies from {@code studies}. */
    public TrainingService(List<Forecaster> forecasters, ModelRegistry registry, Telemetry telemetry, Studies studies) {
        var byName = new LinkedHashMap<String, Forecaster>();
        for (var f : forecasters) byName.put(f.algorithm(), f);
        this.forecasters = java.util.Collections.unmodifiableMap(byName);
        this.registry = registry;
        this.telemetry = telemetry;
        this.tuning = studies == null ? null : new ForecasterTuning(this.forecasters, studies, java.time.Clock.systemUTC(), telemetry);
        this.parallelism = Runtime.getRuntime().availableProcessors();
    }

    private TrainingService(TrainingService base, ModelRegistry registry, int parallelism) {
        this.forecasters = base.forecasters;
        this.registry = registry;
        this.telemetry = base.telemetry;
        this.tuning = base.tuning;
        this.parallelism = parallelism;
    }

    /**
     * This service backtesting up to {@code parallelism} candidates of one {@code auto} or {@code
     * ensemble} training at once (default: one per core; 1 backtests them one after the other).
     */
    public TrainingService withParallelism(int parallelism) {
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
        return new TrainingService(this, registry, parallelism);
    }

    /**
     * This service with every registration recorded as made by the job {@code job} (see
     * {@link ModelRegistry#forJob}): a job taken again after a crash registers no second version.
     */
    public TrainingService forJob(String job) {
        return new TrainingService(this, registry.forJob(job), parallelism);
    }

    /** The registry versions are registered in. */
    public ModelRegistry registry() {
        return registry;
    }

    /** The tuning this service does before training when asked, if it has studies. */
    public java.util.Optional<ForecasterTuning> tuning() {
        return java.util.Optional.ofNullable(tuning);
    }

    /** The forecasters by algorithm name. */
    public Map<String, Forecaster> forecasters() {
        return forecasters;
    }

    /** The algorithms a request may name: every forecaster's, and {@code auto}. */
    public java.util.Set<String> algorithms() {
        var out = new TreeSet<>(forecasters.keySet());
        out.add(AUTO);
        return out;
    }

    /**
     * The hyperparameters {@code algorithm} accepts: its forecaster's, or for {@code auto} every
     * candidate family's as {@code <family>.<key>} (a bare {@code <key>} goes to every candidate
     * that has it). Empty for an unknown algorithm.
     */
    public List<HyperparameterSpec> hyperparameters(String algorithm) {
        if (algorithm.equals(AUTO)) {
            var out = new ArrayList<HyperparameterSpec>();
            var all = autoFamilies().stream().map(Forecaster::algorithm).toList();
            out.add(new HyperparameterSpec(FAMILIES, "list", "the statistical families, and the others on series long enough for them",
                    "a comma list of " + String.join(", ", all), "the families to choose among, with their combinations"));
            for (var f : autoFamilies()) out.addAll(HyperparameterSpecs.scoped(f.algorithm(), f.hyperparameters()));
            return List.copyOf(out);
        }
        var f = forecasters.get(algorithm);
        return f == null ? List.of() : f.hyperparameters();
    }

    /**
     * The refusal of {@code given} when it names a hyperparameter {@code algorithm} does not accept
     * (the {@link #NOTES} aside), naming each such one as {@code hyperparameters.<name>}; empty when
     * every name is accepted, and for an unknown algorithm (a refusal of its own).
     */
    public Optional<TrainingResult.InvalidHyperparameters> unknownHyperparameters(String algorithm, Hyperparameters given) {
        if (!algorithms().contains(algorithm)) return Optional.empty();
        return refusal(algorithm, hyperparameters(algorithm), given);
    }

    /** As {@link #unknownHyperparameters}, for the accepted {@code specs}. */
    static Optional<TrainingResult.InvalidHyperparameters> refusal(String algorithm, List<HyperparameterSpec> specs, Hyperparameters given) {
        var names = new TreeSet<>(given.values().keySet());
        names.removeAll(NOTES);
        var unknown = HyperparameterSpecs.unknown(specs, names);
        if (unknown.isEmpty()) return Optional.empty();
        var violations = unknown.stream()
                .map(name -> new Violation("hyperparameters." + name, HyperparameterSpecs.message(algorithm, specs, List.of(name)))).toList();
        return Optional.of(new TrainingResult.InvalidHyperparameters(HyperparameterSpecs.message(algorithm, specs, unknown), violations));
    }

    /**
     * Every algorithm a request may name, in the order the forecasters were given and {@code auto}
     * last, with the search space tuning starts from on {@code series} (the spaces scale with its
     * seasons and, for ARIMA, with its length and sign).
     */
    public List<ModelFamily> families(TimeSeries series) {
        var out = new ArrayList<ModelFamily>();
        for (var f : forecasters.values()) out.add(new ModelFamily(f.algorithm(), f.scope(), f.hyperparameters(), f.searchSpace(series)));
        // one choice per series among the families, so local like the ensemble it may choose
        out.add(new ModelFamily(AUTO, Scope.LOCAL, hyperparameters(AUTO), Map.of()));
        return List.copyOf(out);
    }

    /** {@code given} without the {@link #NOTES}: what a training may pass on to a model. */
    public static Hyperparameters withoutNotes(Hyperparameters given) {
        var out = new TreeMap<>(given.values());
        out.keySet().removeAll(NOTES);
        return new Hyperparameters(out);
    }

    /**
     * The imputation {@code version}'s training data had, as its provenance records it ({@code
     * linear}, the default, when it records none): a retraining fills gaps the same way.
     */
    public static Imputation imputation(ModelVersion version) {
        return Imputation.parse(version.provenance().note("imputation").orElse(Imputation.LINEAR.id()));
    }

    // ---- the steps of a training

    /**
     * The series as every training sees it, its gaps filled by {@code imputation} (a
     * seasonal imputation repeats the shortest season). Its times stay those of {@code series}.
     */
    public TimeSeries impute(TimeSeries series, Imputation imputation) {
        return imputation.apply(series, series.frequency().shortestSeason());
    }

    /**
     * The full hyperparameters a training of {@code algorithm} fits with: its defaults with
     * {@code given} on top, the {@link #NOTES} left out.
     *
     * @throws IllegalArgumentException for an unknown algorithm
     */
    public Hyperparameters hyperparameters(String algorithm, Hyperparameters given) {
        return forecaster(algorithm).defaults().with(withoutNotes(given));
    }

    /** The observations before a fold's cutoff that {@code algorithm} needs with {@code hyperparameters} (over its defaults) on {@code series}. */
    public int minTrainingSize(String algorithm, TimeSeries series, Hyperparameters hyperparameters) {
        return forecaster(algorithm).minTrainingSize(series, hyperparameters(algorithm, hyperparameters));
    }

    /** Fits {@code algorithm} with {@code hyperparameters} (over its defaults) on all of {@code series} (imputed). */
    public TrainedModel fit(String algorithm, TimeSeries series, Hyperparameters hyperparameters) {
        return forecaster(algorithm).fit(series, hyperparameters(algorithm, hyperparameters));
    }

    /** Backtests {@code algorithm} with {@code hyperparameters} (over its defaults) on {@code series} (imputed), refitting at every fold. */
    public BacktestResult backtest(String algorithm, TimeSeries series, Hyperparameters hyperparameters, BacktestSpec folds) {
        return Backtest.run(forecaster(algorithm), series, hyperparameters(algorithm, hyperparameters), folds);
    }

    /**
     * The observations before a fold's cutoff that {@link #compare} needs: enough for the
     * candidate, for the baseline, and for the live model's context.
     *
     * @throws IllegalStateException when there is no {@link #BASELINE} forecaster
     */
    public int comparisonMinTrainingSize(String algorithm, Hyperparameters hyperparameters, TrainedModel live, TimeSeries series) {
        var baseline = baseline();
        return Math.max(Math.max(minTrainingSize(algorithm, series, hyperparameters), baseline.minTrainingSize(series, baseline.defaults())),
                live.minHistory());
    }

    /**
     * Backtests the candidate ({@code algorithm} with {@code hyperparameters}), the {@code live}
     * model as it is (not refitted) and the seasonal-naive baseline on the same {@code folds} of
     * {@code series} (imputed), so that their metrics compare. A live model trained without feature
     * columns forecasts from the values alone, as it does when served.
     *
     * @throws IllegalStateException when there is no {@link #BASELINE} forecaster
     */
    public Comparison compare(String algorithm, Hyperparameters hyperparameters, TrainedModel live, TimeSeries series, BacktestSpec folds) {
        var baseline = baseline();
        var candidate = backtest(algorithm, series, hyperparameters, folds);
        var asItIs = Backtest.frozen(live, live.featureNames().isEmpty() ? series.withoutFeatures() : series, folds);
        var naive = Backtest.run(baseline, series, baseline.defaults(), folds);
        return new Comparison(folds, candidate, asItIs, baseline.algorithm(), naive);
    }

    private Forecaster baseline() {
        var f = forecasters.get(BASELINE);
        if (f == null) throw new IllegalStateException("no " + BASELINE + " forecaster to compare with");
        return f;
    }

    private Forecaster forecaster(String algorithm) {
        var f = forecasters.get(algorithm);
        if (f == null) throw new IllegalArgumentException("no model family " + algorithm + "; one of " + forecasters.keySet());
        return f;
    }

    /**
     * The model of a registered {@code version}, read from its artifact (checksum verified) and not
     * kept: for looking at, such as its {@link TrainedModel#fitted()} details.
     *
     * @throws forecast.domain.registry.CorruptArtifactException when the artifact fails its checksum
     * @throws IllegalArgumentException when it has no artifact, or none of the forecasters reads it
     */
    public CalibratedModel read(forecast.domain.registry.ModelVersion version) {
        byte[] bytes = artifact(version);
        if (forecast.domain.forecasting.PortfolioArtifact.isPortfolio(bytes))
            return forecast.domain.forecasting.PortfolioArtifact.read(bytes, forecasters).representative();
        return ModelArtifact.read(bytes, forecasters);
    }

    /** As {@link #read}, for a version covering several series: its portfolio; empty for a version of one series. */
    public Optional<forecast.domain.forecasting.Portfolio> readPortfolio(forecast.domain.registry.ModelVersion version) {
        byte[] bytes = artifact(version);
        if (!forecast.domain.forecasting.PortfolioArtifact.isPortfolio(bytes)) return Optional.empty();
        return Optional.of(forecast.domain.forecasting.PortfolioArtifact.read(bytes, forecasters));
    }

    private byte[] artifact(forecast.domain.registry.ModelVersion version) {
        return registry.artifact(version.id())
                .orElseThrow(() -> new IllegalArgumentException("model version " + version.id() + " has no stored artifact"))
                .verified();
    }

    /** The families {@code auto} may compare: every forecaster but the ensemble, which it builds from them. */
    private List<Forecaster> autoFamilies() {
        return forecasters.values().stream().filter(f -> !(f instanceof EnsembleForecaster)).toList();
    }

    /**
     * The families {@code auto} compares on {@code series}: those {@code params} names in
     * {@value #FAMILIES}, else every family whose {@link Forecaster#automaticMinimumLength} the
     * series reaches, the statistical ones (no minimum) first so that they are never queued behind
     * a slow one; and the families left out, each with why.
     */
    private record AutoCandidates(List<Forecaster> tried, Map<String, String> notTried) {}

    private AutoCandidates autoCandidates(TimeSeries series, Hyperparameters params) {
        var named = params.values().get(FAMILIES);
        if (named != null) {
            var tried = new ArrayList<Forecaster>();
            for (String name : named.split(",")) {
                var f = forecasters.get(name.trim());
                if (f == null || f instanceof EnsembleForecaster)
                    throw new IllegalArgumentException("hyperparameter families names " + name.trim() + ", which is not one of "
                            + autoFamilies().stream().map(Forecaster::algorithm).toList());
                if (!tried.contains(f)) tried.add(f);
            }
            return new AutoCandidates(tried, Map.of());
        }
        var statistical = new ArrayList<Forecaster>();
        var others = new ArrayList<Forecaster>();
        var notTried = new LinkedHashMap<String, String>();
        for (var f : autoFamilies()) {
            int least = f.automaticMinimumLength(series.frequency());
            if (least == 0) statistical.add(f);
            else if (series.size() >= least) others.add(f);
            else notTried.put(f.algorithm(), least == Forecaster.NOT_AUTOMATIC ? "not at this frequency" : "tried from " + least + " observations");
        }
        statistical.addAll(others);
        return new AutoCandidates(statistical, notTried);
    }

    public TrainingResult train(TrainingRequest request) {
        return train(request, message -> {});
    }

    /**
     * Why a training of {@code algorithm} into {@code model} cannot start: an unknown algorithm or
     * hyperparameter, or a label the model has already. Empty when it can.
     */
    public Optional<TrainingResult> refusal(String model, String algorithm, Hyperparameters hyperparameters, String label) {
        if (!algorithm.equals(AUTO) && !forecasters.containsKey(algorithm)) return Optional.of(new TrainingResult.UnknownAlgorithm(algorithm, algorithms()));
        var unknown = unknownHyperparameters(algorithm, hyperparameters);
        if (unknown.isPresent()) return Optional.of(unknown.get());
        if (label != null && registry.find(model, label).isPresent()) return Optional.of(new TrainingResult.LabelTaken(label));
        return Optional.empty();
    }

    /** As {@link #train(TrainingRequest)}, telling {@code progress} what it is doing. */
    public TrainingResult train(TrainingRequest request, Consumer<String> progress) {
        boolean auto = request.algorithm().equals(AUTO);
        Forecaster forecaster = forecasters.get(request.algorithm());
        var refusal = refusal(request.model(), request.algorithm(), request.hyperparameters(), request.label());
        if (refusal.isPresent()) return refusal.get();
        request = request.withHyperparameters(withoutNotes(request.hyperparameters()));
        if (request.series().size() < 2) return new TrainingResult.InsufficientHistory(2, request.series().size());
        if (request.tune() != null && (auto || forecaster instanceof EnsembleForecaster))
            return new TrainingResult.TuningFailed("tune", "tuning applies to one model family (such as xgboost), not to " + request.algorithm());
        String family = auto ? AUTO : forecaster.algorithm();
        long started = System.nanoTime();
        try {
            TimeSeries series = impute(request.series(), request.imputation());
            var one = fitOne(request, forecaster, series, progress);
            if (one instanceof TrainingResult refused) return refused;
            var result = register(request, series, (Candidate) one, progress);
            telemetry.trainingFinished(family, true, System.nanoTime() - started);
            return result;
        } catch (DuplicateVersionException e) {
            telemetry.trainingFinished(family, false, System.nanoTime() - started);
            return new TrainingResult.LabelTaken(request.label());
        } catch (InvalidInputException e) {
            telemetry.trainingFinished(family, false, System.nanoTime() - started);
            throw e;
        } catch (IllegalArgumentException e) {
            telemetry.trainingFinished(family, false, System.nanoTime() - started);
            return new TrainingResult.InvalidHyperparameters(e.getMessage());
        }
    }

    /**
     * Backtests and fits {@code request}'s algorithm on {@code series} (imputed), or tunes or chooses
     * first as asked: the {@link Candidate}, or the {@link TrainingResult} that refused it.
     */
    Object fitOne(TrainingRequest request, Forecaster forecaster, TimeSeries series, Consumer<String> progress) {
        boolean auto = request.algorithm().equals(AUTO);
        var params = withoutNotes(request.hyperparameters());
        Candidate fitted;
        if (auto) {
            var found = autoCandidates(series, params);
            var candidates = found.tried();
            params = params.without(FAMILIES);
            var minTrain = new ArrayList<Integer>();
            var usable = new ArrayList<Forecaster>();
            for (var f : candidates) {
                int need = f.minTrainingSize(series, Ensembles.paramsFor(f, params));
                if (BacktestSpec.defaultsFor(series.size(), series.frequency(), need).isPresent()) {
                    usable.add(f);
                    minTrain.add(need);
                }
            }
            if (usable.isEmpty()) return insufficient(candidates, series, params);
            var spec = BacktestSpec.defaultsFor(series.size(), series.frequency(), minTrain.stream().mapToInt(i -> i).max().orElseThrow()).orElseThrow();
            var notTried = new LinkedHashMap<>(found.notTried());
            for (var f : candidates) if (!usable.contains(f)) notTried.put(f.algorithm(), "series too short to backtest");
            fitted = chooseAutomatically(usable, notTried, series, params, spec, progress);
        } else if (request.tune() != null) {
            if (tuning == null) return new TrainingResult.TuningFailed("tune", "tuning is not available in this service");
            try {
                fitted = tune(request, forecaster, series, progress);
            } catch (ForecasterTuning.TuningException e) {
                return new TrainingResult.TuningFailed(tuneField(e.field()), e.getMessage());
            }
        } else if (forecaster instanceof EnsembleForecaster ensemble) {
            var members = ensemble.members(params);
            int need = ensemble.minTrainingSize(series, params);
            var spec = BacktestSpec.defaultsFor(series.size(), series.frequency(), need);
            if (spec.isEmpty()) return new TrainingResult.InsufficientHistory(BacktestSpec.minimumLength(need), series.size());
            var backtests = Ensembles.backtest(members, series, params, spec.get(), progress, parallelism);
            var full = ensemble.defaults().with(params);
            var combined = Ensembles.combine(backtests, members.stream().map(Forecaster::algorithm).toList(), ensemble.combination(full), ensemble.best(full));
            fitted = ensemble(members, combined, series, full, progress);
        } else {
            String algorithm = forecaster.algorithm();
            int need = minTrainingSize(algorithm, series, params);
            var spec = BacktestSpec.defaultsFor(series.size(), series.frequency(), need);
            if (spec.isEmpty()) return new TrainingResult.InsufficientHistory(BacktestSpec.minimumLength(need), series.size());
            progress.accept("backtesting " + algorithm + " on " + series.size() + " observations: " + spec.get());
            var backtest = backtest(algorithm, series, params, spec.get());
            progress.accept(String.format(Locale.ROOT, "backtest MAPE %.2f%%, MASE %.3f, 95%% coverage %.2f; fitting on all data",
                    backtest.metrics().mape(), backtest.metrics().mase(), backtest.metrics().coverage95()));
            fitted = new Candidate(algorithm, fit(algorithm, series, params), backtest, hyperparameters(algorithm, params));
        }
        return fitted;
    }

    /** The training request's field for a tuning request's: the study's name is {@code tune.study}. */
    private static String tuneField(String field) {
        return switch (field) {
            case "algorithm", "data" -> field;
            case "name" -> "tune.study";
            default -> "tune." + field;
        };
    }

    /** Tunes the forecaster's hyperparameters in a study, then fits the best on all of {@code series}. */
    private Candidate tune(TrainingRequest request, Forecaster forecaster, TimeSeries series, Consumer<String> progress) {
        var budget = request.tune();
        String study = budget.study() != null ? budget.study()
                : "train-" + (request.label() != null ? request.label() : forecaster.algorithm()) + "-" + Long.toString(System.currentTimeMillis(), 36);
        var tuningRequest = new TuningRequest(study, request.seriesId(), series, forecaster.algorithm(), request.hyperparameters(),
                request.imputation(), budget.searchSpace(), budget.metric(), budget.nTrials(), budget.timeout(), 1, null, budget.seed(), null, false);
        progress.accept("tuning " + forecaster.algorithm() + " in study " + study + ": " + (budget.nTrials() == null ? "" : budget.nTrials() + " trials")
                    + (budget.timeout() == null ? "" : " within " + budget.timeout().toSeconds() + " s"));
        var lines = new TrialProgress(budget.nTrials());
        var prepared = tuning.prepare(tuningRequest);
        var outcome = tuning.run(prepared, t -> progress.accept(lines.line(t, prepared.study().bestTrial().orElse(null))));
        var best = outcome.best();
        progress.accept(String.format(Locale.ROOT, "best trial %d of %d: %s %.4f with %s; fitting on all data", best.number(), outcome.trialsRun(),
                tuningRequest.metric(), best.value(), best.params()));
        return new Candidate(forecaster.algorithm(), forecaster.fit(series, outcome.hyperparameters()), outcome.backtest(), outcome.hyperparameters())
                .withNote("tuned_by", "study " + study + ", trial " + best.number());
    }

    private TrainingResult insufficient(List<Forecaster> candidates, TimeSeries series, Hyperparameters params) {
        int least = candidates.stream().mapToInt(f -> f.minTrainingSize(series, Ensembles.paramsFor(f, params))).min().orElse(2);
        return new TrainingResult.InsufficientHistory(BacktestSpec.minimumLength(least), series.size());
    }

    private Candidate chooseAutomatically(List<Forecaster> candidates, Map<String, String> notTried, TimeSeries series, Hyperparameters params,
                                          BacktestSpec spec, Consumer<String> progress) {
        progress.accept("choosing automatically among " + candidates.stream().map(Forecaster::algorithm).toList() + " and their combinations: " + spec
                + (notTried.isEmpty() ? "" : "; not trying " + notTried));
        var backtests = Ensembles.backtest(candidates, series, params, spec, progress, parallelism);
        var scores = new LinkedHashMap<String, BacktestResult>(backtests.byAlgorithm());
        var combinations = new LinkedHashMap<String, Ensembles.Weighted>();
        boolean ensemble = forecasters.values().stream().anyMatch(f -> f instanceof EnsembleForecaster);
        if (ensemble && candidates.size() > 1) {
            var names = candidates.stream().map(Forecaster::algorithm).toList();
            var weighted = Ensembles.combine(backtests, names, Combination.INVERSE_MASE, names.size());
            combinations.put(weighted.describe(), weighted);
            if (candidates.size() > 2) {
                for (var c : List.of(Combination.MEAN, Combination.MEDIAN)) {
                    var combined = Ensembles.combine(backtests, names, c, EnsembleForecaster.BEST);
                    combinations.putIfAbsent(combined.describe(), combined);
                }
            }
            combinations.forEach((name, c) -> scores.put(name, c.backtest()));
        }
        var ranking = scores.entrySet().stream()
                .sorted(Comparator.comparingDouble(e -> score(e.getValue()))).toList();
        var why = new StringBuilder();
        for (var e : ranking) {
            if (why.length() > 0) why.append("; ");
            var m = e.getValue().metrics();
            why.append(e.getKey()).append(String.format(Locale.ROOT, " MASE %.3f", m.mase()));
            if (Double.isFinite(m.msis())) why.append(String.format(Locale.ROOT, " MSIS %.2f", m.msis()));
        }
        notTried.forEach((name, reason) -> why.append("; ").append(name).append(" not tried (").append(reason).append(')'));
        String chosen = ranking.get(0).getKey();
        progress.accept("chose " + chosen + " by backtest MASE: " + why);
        Candidate fitted;
        if (combinations.containsKey(chosen)) {
            fitted = ensemble(candidates, combinations.get(chosen), series, params, progress);
        } else {
            var f = forecasters.get(chosen);
            var full = Ensembles.paramsFor(f, params);
            progress.accept("fitting " + chosen + " on all data");
            fitted = new Candidate(chosen, f.fit(series, full), scores.get(chosen), full);
        }
        return fitted.withNote("selected_by", AUTO).withNote("selection", why.toString());
    }

    private static double score(BacktestResult r) {
        double mase = r.metrics().mase();
        return Double.isFinite(mase) ? mase : Double.POSITIVE_INFINITY;
    }

    /**
     * The ensemble of {@code members} as {@code combined} weighs them, fitted on all of {@code
     * series}, with the combination's backtest; its hyperparameters say how to make it again (the
     * members a mean or median kept, the combination and how many it keeps).
     */
    private static Candidate ensemble(List<Forecaster> members, Ensembles.Weighted combined, TimeSeries series, Hyperparameters params,
                                      Consumer<String> progress) {
        var model = Ensembles.fit(members, combined.weights(), combined.combination(), series, params, progress);
        var recorded = new TreeMap<>(params.values());
        var kept = combined.combination() == Combination.INVERSE_MASE ? combined.members() : combined.kept();
        recorded.put("members", String.join(",", kept));
        recorded.put("combination", combined.combination().id());
        recorded.put("best", String.valueOf(combined.combination() == Combination.INVERSE_MASE ? EnsembleForecaster.BEST : kept.size()));
        var weights = new StringBuilder();
        for (var m : model.members()) weights.append(weights.length() == 0 ? "" : ",").append(m.algorithm()).append('=').append(String.format(Locale.ROOT, "%.4f", m.weight()));
        progress.accept(String.format(Locale.ROOT, "%s backtest MAPE %.2f%%, MASE %.3f with weights %s", combined.describe(), combined.backtest().metrics().mape(),
                combined.backtest().metrics().mase(), weights));
        return new Candidate(EnsembleForecaster.ALGORITHM, model, combined.backtest(), new Hyperparameters(recorded)).withNote("weights", weights.toString());
    }

    /**
     * The last step: registers {@code candidate}, fitted on {@code series} (imputed by {@code
     * request}'s imputation), as a version of {@code request}'s model under its label, with its
     * backtest's metrics, its hyperparameters, and its provenance (the series, the libraries, the
     * imputation and the candidate's notes), calibrated on its backtest's residuals.
     *
     * @throws DuplicateVersionException when the label is taken
     */
    public TrainingResult.Trained register(TrainingRequest request, TimeSeries series, Candidate candidate) {
        return register(request, series, candidate, message -> {});
    }

    /** The model as served: calibrated on its backtest's residuals, with the tail of {@code series} as its context. */
    static CalibratedModel calibrate(Candidate fitted, TimeSeries series, Imputation imputation) {
        var model = fitted.model();
        int context = Math.min(MAX_CONTEXT, Math.max(2 * model.minHistory(), series.frequency().longestSeason() * 2));
        return new CalibratedModel(model, fitted.backtest().calibration(), fitted.backtest().featureCalibration(), imputation, series.tail(context),
                fitted.backtest().intervals());
    }

    /**
     * Trains one version of {@code request.model()} covering every series of {@code histories} (the
     * stored series the request names): one model per series for a local family, one across them
     * for a {@link forecast.domain.forecasting.GlobalForecaster}; each series backtested, the
     * version registered with each one's metrics and their mean. Series that cannot be trained
     * (too short) are left out and named in the result.
     */
    public TrainingResult trainPortfolio(PortfolioRequest request, java.util.Map<forecast.domain.series.SeriesId, TimeSeries> histories,
                                         Consumer<String> progress) {
        boolean auto = request.algorithm().equals(AUTO);
        Forecaster forecaster = forecasters.get(request.algorithm());
        var refusal = refusal(request.model(), request.algorithm(), request.hyperparameters(), request.label());
        if (refusal.isPresent()) return refusal.get();
        long started = System.nanoTime();
        try {
            var result = new PortfolioTraining(this, registry).train(request.withHyperparameters(withoutNotes(request.hyperparameters())), forecaster,
                    histories, progress);
            telemetry.trainingFinished(request.algorithm(), result instanceof TrainingResult.Trained, System.nanoTime() - started);
            return result;
        } catch (DuplicateVersionException e) {
            telemetry.trainingFinished(request.algorithm(), false, System.nanoTime() - started);
            return new TrainingResult.LabelTaken(request.label());
        } catch (IllegalArgumentException e) {
            telemetry.trainingFinished(request.algorithm(), false, System.nanoTime() - started);
            return new TrainingResult.InvalidHyperparameters(e.getMessage());
        }
    }

    private TrainingResult.Trained register(TrainingRequest request, TimeSeries series, Candidate candidate, Consumer<String> progress) {
        var calibrated = calibrate(candidate, series, request.imputation());
        byte[] artifact = ModelArtifact.write(calibrated);
        var notes = new TreeMap<>(candidate.notes());
        notes.put("imputation", request.imputation().id());
        notes.put("intervals", calibrated.intervals().id());
        var provenance = new Provenance(request.seriesId().value(), series.firstTime(), series.lastTime(), series.size(),
                String.valueOf(series.frequency()), series.featureNames(), libraries(candidate.algorithm()), notes);
        var version = registry.register(new NewModelVersion(request.model(), request.label(), candidate.algorithm(), withoutNotes(candidate.hyperparameters()),
                candidate.backtest().metrics(), provenance), artifact);
        progress.accept("registered " + version.id() + (version.label() == null ? "" : " (" + version.label() + ")"));
        return new TrainingResult.Trained(version, calibrated);
    }

    /** The libraries that fit {@code algorithm} (none known for {@code auto}), and the Java runtime's version. */
    Map<String, String> libraries(String algorithm) {
        var libraries = new TreeMap<String, String>();
        var forecaster = forecasters.get(algorithm);
        if (forecaster != null) libraries.putAll(forecaster.libraries());
        libraries.put("java", Runtime.version().toString());
        return libraries;
    }
}
