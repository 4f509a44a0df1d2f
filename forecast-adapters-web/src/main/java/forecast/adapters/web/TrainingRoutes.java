package forecast.adapters.web;

import forecast.domain.deployment.DeploymentService;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.naming.NameRule;
import forecast.domain.preprocessing.Imputation;
import forecast.domain.series.Frequency;
import forecast.domain.series.SeriesId;
import forecast.domain.series.TimeSeries;
import forecast.domain.series.Violation;
import forecast.domain.training.TrainingJob;
import forecast.domain.training.TrainingJobs;
import forecast.domain.training.PortfolioRequest;
import forecast.domain.training.TrainingRequest;
import forecast.domain.training.TrainingResult;
import forecast.domain.training.TuningJobs;
import forecast.domain.jobs.Job;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /models/train} and {@code GET /jobs/{id}}: training runs as a job; the answer is 202
 * with the job to poll, or with {@code "wait": true} the finished job (its registered version and
 * backtest metrics) once training is done. A hyperparameter the algorithm does not accept is a 400
 * naming it ({@code hyperparameters.<name>}), and no job starts. {@code GET /algorithms} lists what
 * a request may name (see {@link AlgorithmRoutes}).
 */
final class TrainingRoutes {
    /** How long {@code "wait": true} holds the request before answering with the job as it is. */
    private static final Duration MAX_WAIT = Duration.ofMinutes(15);

    private final TrainingJobs jobs;
    private final TuningJobs tuning;
    /** How many jobs {@code GET /jobs} lists. */
    private static final int LISTED = 200;
    private final DeploymentService deployment;
    private final WebSettings settings;
    private final AlgorithmRoutes algorithms;

    TrainingRoutes(TrainingJobs jobs, TuningJobs tuning, DeploymentService deployment, WebSettings settings) {
        this.jobs = jobs;
        this.tuning = tuning;
        this.deployment = deployment;
        this.settings = settings;
        this.algorithms = new AlgorithmRoutes(jobs);
    }

    /** {@code GET /algorithms}: the algorithms a training request may name and what each accepts. */
    Reply algorithms() {
        return algorithms.list();
    }

    /** The members a training request may have. */
    static final Set<String> FIELDS = Set.of("algorithm", "data", "series_id", "series", "series_prefix", "hyperparameters", "name", "frequency",
            "period", "imputation", "wait", "deploy", "actor", "tune");
    private static final Set<String> TUNE_FIELDS = Set.of("n_trials", "timeout_s", "study", "search_space", "metric", "seed");

    /**
     * {@code {"algorithm", "data"?, "series_id"?, "hyperparameters"?, "name"?, "frequency"?,
     * "period"?, "imputation"?, "wait"?, "deploy"?, "actor"?, "tune"?}}; {@code tune} tunes the
     * hyperparameters first (see {@link #tune}). With {@code "series": [ids]} or
     * {@code "series_prefix": "shop-"} instead of one series, one version is trained over all of
     * those stored series (see {@link #portfolio}).
     */
    Reply train(String model, byte[] body) {
        var request = RequestBody.object(body, false, settings);
        JsonObject o = request.members();
        var errors = new ArrayList<Violation>();
        RequestFields.unknown(request.fieldNames(), FIELDS, "", errors);
        if (o.get("tune") instanceof JsonObject t) RequestFields.unknown(t.keySet(), TUNE_FIELDS, "tune.", errors);
        if (!RequestFields.absent(o.get("series")) || !RequestFields.absent(o.get("series_prefix"))) return portfolio(model, request, errors);
        String algorithm = RequestFields.string(o.get("algorithm"), "algorithm", errors);
        if (RequestFields.absent(o.get("algorithm")) || algorithm != null && algorithm.isBlank()) errors.add(new Violation("algorithm", "is required: arima, xgboost, lstm, ets, theta, mstl, ensemble, seasonal_naive or auto"));
        SeriesId seriesId = RequestFields.seriesId(o, errors);
        var params = RequestFields.hyperparameters(o.get("hyperparameters"), errors);
        Integer period = RequestFields.integer(o.get("period"), "period", errors);
        if (period != null) params.put("period", String.valueOf(period));
        String label = RequestFields.name(o.get("name"), "name", NameRule.SHORT, errors);
        Imputation imputation = RequestFields.imputation(o, errors);
        Frequency frequency = RequestFields.frequency(o, errors);
        boolean wait = RequestFields.bool(o.get("wait"), "wait", errors);
        boolean deploy = RequestFields.bool(o.get("deploy"), "deploy", errors);
        var tune = tune(o.get("tune"), errors);
        TimeSeries series = RequestFields.series(request, frequency, settings.maxHistory(), errors);
        if (!errors.isEmpty()) throw new ProblemException(Problem.invalid(errors));

        var training = new TrainingRequest(model, seriesId, series, algorithm, new Hyperparameters(params), imputation, label, tune);
        // inline rows named by a series_id are kept as that series' history, which a later training of the id alone finds
        var submission = jobs.submit(training, deploy, Json.optionalString(o, "actor"), series != null && !RequestFields.absent(o.get("series_id")));
        return switch (submission) {
            case TrainingJobs.Submission.UnknownAlgorithm u -> Reply.of(Problem.invalid("algorithm", "unknown algorithm " + Json.abbreviate(u.algorithm()) + "; known: " + u.known()));
            case TrainingJobs.Submission.UnknownHyperparameters h -> Reply.of(Problem.invalid(fields(h.refusal().violations(), period != null)));
            case TrainingJobs.Submission.LabelTaken l -> Reply.of(Problem.of(409, "label-taken", "Name taken",
                    "model version " + l.label() + " already exists; versions are immutable, choose another name"));
            case TrainingJobs.Submission.NoStoredHistory n -> Reply.of(Problem.unprocessable("no-history", "No stored history",
                    List.of(new Violation("data", "is required: no history is stored for series " + n.seriesId()))));
            case TrainingJobs.Submission.HistoryRefused h -> Reply.of(Problem.conflict("series-mismatch", "Rows do not fit the stored series", "data",
                    "cannot be added to the stored series " + h.seriesId() + ": " + h.reason()));
            case TrainingJobs.Submission.Accepted a -> wait ? finished(a.job().id()) : job(202, a.job());
        };
    }

    private Reply finished(String id) {
        try {
            var job = jobs.await(id, MAX_WAIT).orElseThrow();
            if (!job.done()) return job(202, job);
            if (job.state() == TrainingJob.State.CANCELLED)
                return Reply.of(Problem.of(409, "job-cancelled", "Job cancelled", "training job " + job.id() + " was cancelled before it finished"));
            if (job.result() == null) return job(500, job);
            return switch (job.result()) {
                case TrainingResult.Trained t -> job(200, job);
                case TrainingResult.InsufficientHistory i -> Reply.of(Problem.unprocessable("insufficient-history", "Not enough history",
                        List.of(new Violation("data", "has " + i.actual() + " observations; training and backtesting this model needs at least " + i.required()))));
                case TrainingResult.InvalidHyperparameters h -> Reply.of(Problem.invalid(h.violations()));
                case TrainingResult.TuningFailed t when t.field().equals("tune.study") ->
                        Reply.of(Problem.conflict("study-exists", "Study exists", "tune.study", t.message()));
                case TrainingResult.TuningFailed t -> Reply.of(Problem.unprocessable("tuning-failed", "Tuning failed", List.of(new Violation(t.field(), t.message()))));
                case TrainingResult.LabelTaken l -> Reply.of(Problem.of(409, "label-taken", "Name taken", "model version " + l.label() + " already exists"));
                case TrainingResult.UnknownAlgorithm u -> Reply.of(Problem.invalid("algorithm", "unknown algorithm " + u.algorithm() + "; known: " + u.known()));
                case TrainingResult.NoSeriesTrained n -> Reply.of(Problem.unprocessable("no-series-trained", "No series could be trained",
                        List.of(new Violation("series", "no series could be trained: " + Json.abbreviate(String.valueOf(n.reasons()))))));
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(Problem.of(503, "interrupted", "Interrupted", "the server is stopping"));
        }
    }

    /**
     * The request's fields for the domain's: {@code hyperparameters.period} is the top-level
     * {@code period} when the request gave one, as that is where it came from.
     */
    private static List<Violation> fields(List<Violation> violations, boolean topLevelPeriod) {
        return violations.stream()
                .map(v -> topLevelPeriod && v.field().equals("hyperparameters.period") ? new Violation("period", v.message()) : v)
                .toList();
    }

    /** {@code GET /jobs/{id}}: a training or tuning job as its own routes show it, any other kind (a retraining run, an alert delivery) as the queue holds it. */
    Reply one(String id) {
        return jobs.find(id).map(j -> job(200, j)).or(() -> tuning.job(id).map(j -> tuningJob(200, j)))
                .or(() -> jobs.queue().find(id).map(j -> Reply.ok(queued(new JsonOut(1024), j))))
                .orElseGet(() -> unknownJob(id));
    }

    /**
     * What {@code GET /jobs/{id}/events} streams: a job's progress lines so far (oldest first),
     * whether it has ended, and the job as {@code GET /jobs/{id}} answers it.
     */
    record Snapshot(List<String> progress, boolean done, Reply job) {}

    /** The job {@code id} as it is now, of whatever kind; empty when there is no such job. */
    java.util.Optional<Snapshot> snapshot(String id) {
        var training = jobs.find(id);
        if (training.isPresent()) return training.map(j -> new Snapshot(j.progress(), j.done(), job(200, j)));
        var tuned = tuning.job(id);
        if (tuned.isPresent()) return tuned.map(j -> new Snapshot(j.progress(), j.done(), tuningJob(200, j)));
        return jobs.queue().find(id).map(j -> new Snapshot(j.progress(), j.done(), Reply.ok(queued(new JsonOut(1024), j))));
    }

    /** 404 for a job that does not exist. */
    static Reply unknown(String id) {
        return unknownJob(id);
    }

    /** A job of another kind: where it is in the queue, what it said, how it ended. */
    private JsonOut queued(JsonOut out, Job j) {
        out.beginObject().field("id", j.id()).field("href", "/jobs/" + j.id()).field("kind", j.kind())
                .field("status", j.state().wire()).field("attempts", j.attempts());
        if (j.holder() != null) out.field("held_by", j.holder());
        jobs.queue().position(j.id()).ifPresent(p -> out.field("queue_position", p));
        if (j.kind().equals("pipeline") && j.payload().containsKey("run")) out.field("run", "/pipeline/runs/" + j.payload().get("run"));
        out.strings("progress", j.progress()).field("submitted_at", j.submitted());
        if (j.started() != null) out.field("started_at", j.started());
        if (j.finished() != null) out.field("finished_at", j.finished());
        if (!j.result().isEmpty()) out.stringMap("result", new java.util.TreeMap<>(j.result()));
        if (j.error() != null) out.field("error", j.error());
        return out.endObject();
    }

    private static Reply unknownJob(String id) {
        return Reply.of(Problem.of(404, "unknown-job", "Unknown job", "no job " + Json.abbreviate(id)));
    }

    private static Reply tuningJob(int status, forecast.domain.training.TuningJob job) {
        var out = new JsonOut(1024 + 128 * job.progress().size());
        StudyJson.job(out, job);
        return new Reply(status, out.toString(), false, null);
    }

    /** {@code POST /jobs/{id}/cancel}: a queued job ends at once, a running one at its next progress point. */
    Reply cancel(String id) {
        return jobs.cancel(id).map(j -> job(j.done() ? 200 : 202, j))
                .or(() -> tuning.cancel(id).map(j -> tuningJob(j.done() ? 200 : 202, j)))
                .or(() -> jobs.queue().find(id).map(j -> Reply.of(Problem.of(409, "not-cancellable", "Job cannot be cancelled",
                        "a " + j.kind() + " job is not cancelled by hand" + (j.kind().equals("pipeline") ? "; a retraining run ends by itself" : "")))))
                .orElseGet(() -> unknownJob(id));
    }

    /** {@code GET /jobs}: the newest jobs of every kind, newest first. */
    Reply list() {
        var out = new JsonOut(1024).beginObject().name("jobs").beginArray();
        for (var j : jobs.queue().list(LISTED)) {
            switch (j.kind()) {
                case "training" -> jobs.of(j).ifPresent(t -> write(out, t));
                case "tuning" -> tuning.of(j).ifPresent(t -> StudyJson.job(out, t));
                default -> queued(out, j);
            }
        }
        return Reply.ok(out.endArray().endObject());
    }

    private Reply job(int status, TrainingJob job) {
        var out = new JsonOut(2048);
        write(out, job);
        String version = job.result() instanceof TrainingResult.Trained t ? t.version().id() : null;
        return new Reply(status, out.toString(), false, version);
    }

    private void write(JsonOut out, TrainingJob j) {
        out.beginObject()
                .field("id", j.id())
                .field("href", "/jobs/" + j.id())
                .field("kind", "training")
                .field("status", j.state().name().toLowerCase(java.util.Locale.ROOT))
                .field("algorithm", j.algorithm())
                .field("series_id", j.seriesId())
                .field("attempts", j.attempts())
                .strings("progress", j.progress())
                .field("submitted_at", j.submitted());
        if (j.queuePosition() != null) out.field("queue_position", j.queuePosition());
        if (j.heldBy() != null) out.field("held_by", j.heldBy());
        if (j.started() != null) out.field("started_at", j.started());
        if (j.finished() != null) out.field("finished_at", j.finished());
        // a training that ended without a version says why in its failure, worded once by the domain (TrainingJobs)
        if (j.failure() != null) out.field("error", j.failure());
        if (j.result() instanceof TrainingResult.Trained t) {
            out.field("model_version", t.version().id());
            ModelJson.version(out.name("model"), t.version(), ModelRoutes.status(t.version(), deployment.history(t.version().model())));
            if (!t.skipped().isEmpty()) out.stringMap("skipped_series", new java.util.TreeMap<>(t.skipped()));
        }
        if (j.deployedVersion() != null) out.field("deployed", j.deployedVersion());
        out.endObject();
    }

    /**
     * One version over many stored series: {@code "series": ["shop-1", ...]} or
     * {@code "series_prefix": "shop-"} (every stored series whose id starts so), with the training
     * members but {@code data}, {@code series_id}, {@code frequency} and {@code tune}.
     */
    private Reply portfolio(String model, RequestBody request, List<Violation> errors) {
        JsonObject o = request.members();
        for (var single : List.of("data", "series_id", "frequency", "tune"))
            if (request.has(single)) errors.add(new Violation(single, "goes with one series; a training over many takes series or series_prefix"));
        var settings = PortfolioSettings.read(o, errors);
        var ids = new ArrayList<SeriesId>();
        String selection = "";
        if (!RequestFields.absent(o.get("series")) && !RequestFields.absent(o.get("series_prefix"))) {
            errors.add(new Violation("series_prefix", "goes without series: name the series, or a prefix of their ids"));
        } else if (!RequestFields.absent(o.get("series"))) {
            if (o.get("series") instanceof jakarta.json.JsonArray list && !list.isEmpty()) {
                for (int i = 0; i < list.size(); i++) {
                    String id = RequestFields.id(list.get(i), "series[" + i + "]", errors);
                    if (id != null) ids.add(new SeriesId(id));
                }
                if (new java.util.HashSet<>(ids).size() != ids.size()) errors.add(new Violation("series", "names a series twice"));
            } else {
                errors.add(new Violation("series", "must be a non-empty array of stored series' ids, got " + Json.describe(o.get("series"))));
            }
            selection = ids.size() + " series named";
        } else {
            String prefix = RequestFields.string(o.get("series_prefix"), "series_prefix", errors);
            if (prefix != null && prefix.isBlank()) errors.add(new Violation("series_prefix", "must not be blank"));
            if (prefix != null && !prefix.isBlank()) {
                ids.addAll(jobs.storedSeries(prefix));
                if (ids.isEmpty()) errors.add(new Violation("series_prefix", "no stored series' id starts with " + Json.abbreviate(prefix)
                        + "; upload them through PUT /series/{id} or POST /series"));
            }
            selection = "prefix " + prefix;
        }
        if (!errors.isEmpty()) throw new ProblemException(Problem.invalid(errors));
        return submitPortfolio(model, ids, selection, settings);
    }

    /** The query parameters of a training sent as CSV, besides {@code hyperparameters.<name>}. */
    static final List<String> CSV_QUERY = List.of("algorithm", "name", "period", "imputation", "wait", "deploy", "actor",
            SeriesInput.FREQUENCY, SeriesInput.REPLACE);
    private static final String HYPERPARAMETER = "hyperparameters.";

    /**
     * A long CSV ({@code series_id,timestamp,value[,feature...]}) sent to
     * {@code POST /models/{model}/train?algorithm=...}: its series are stored as
     * {@code POST /series} stores them (all or none, {@code ?frequency=}, {@code ?replace=}), then one
     * version is trained over exactly those series. The training's settings are query parameters
     * ({@code algorithm}, {@code name}, {@code period}, {@code imputation}, {@code wait},
     * {@code deploy}, {@code actor}, and {@code hyperparameters.<name>=value}), checked before
     * anything is stored, so that a refused training stores nothing.
     */
    Reply trainCsv(String model, String contentType, Map<String, String> query, byte[] body, SeriesRoutes series) {
        var errors = new ArrayList<Violation>();
        var o = jakarta.json.Json.createObjectBuilder();
        var hyperparameters = jakarta.json.Json.createObjectBuilder();
        var seriesQuery = new LinkedHashMap<String, String>();
        for (var e : query.entrySet()) {
            String name = e.getKey();
            String text = e.getValue().strip();
            if (name.startsWith(HYPERPARAMETER) && name.length() > HYPERPARAMETER.length()) hyperparameters.add(name.substring(HYPERPARAMETER.length()), typed(text));
            else if (name.equals(SeriesInput.FREQUENCY) || name.equals(SeriesInput.REPLACE)) seriesQuery.put(name, text);
            else if (name.equals("period") || name.equals("wait") || name.equals("deploy")) o.add(name, typed(text));
            else if (CSV_QUERY.contains(name)) o.add(name, text);
            else errors.add(new Violation(Json.abbreviate(name), "is not a query parameter of a training sent as CSV; accepted: "
                    + String.join(", ", CSV_QUERY) + " and hyperparameters.<name>"));
        }
        var members = o.add("hyperparameters", hyperparameters).build();
        var training = PortfolioSettings.read(members, errors);
        if (!errors.isEmpty()) throw new ProblemException(Problem.invalid(errors));
        var input = SeriesInput.many(contentType, seriesQuery, body, settings);
        var refused = jobs.refusal(model, training.algorithm(), training.hyperparameters(), training.label());
        if (refused.isPresent()) return refusal(refused.get(), training.periodGiven());
        series.store(input);
        var ids = List.copyOf(input.series().keySet());
        return submitPortfolio(model, ids, ids.size() + " series sent as CSV", training);
    }

    /** A query parameter's text as JSON: true, false, a number, or else the text, so that its field's check names what was sent. */
    private static JsonValue typed(String text) {
        if (text.equals("true")) return JsonValue.TRUE;
        if (text.equals("false")) return JsonValue.FALSE;
        try {
            return jakarta.json.Json.createValue(new java.math.BigDecimal(text));
        } catch (NumberFormatException e) {
            return jakarta.json.Json.createValue(text);
        }
    }

    /**
     * The settings of a training over many series, from its body or a CSV's query parameters.
     *
     * @param periodGiven whether {@code period} was given at the top level (a refusal of it names {@code period})
     * @param awaited     {@code wait}: answer with the finished job
     */
    private record PortfolioSettings(String algorithm, Hyperparameters hyperparameters, boolean periodGiven, String label,
                                     Imputation imputation, boolean awaited, boolean deploy, String actor) {
        static PortfolioSettings read(JsonObject o, List<Violation> errors) {
            String algorithm = RequestFields.string(o.get("algorithm"), "algorithm", errors);
            if (RequestFields.absent(o.get("algorithm"))) errors.add(new Violation("algorithm", "is required: arima, xgboost, lstm, ets, theta, mstl, ensemble, seasonal_naive or auto"));
            var params = RequestFields.hyperparameters(o.get("hyperparameters"), errors);
            Integer period = RequestFields.integer(o.get("period"), "period", errors);
            if (period != null) params.put("period", String.valueOf(period));
            String label = RequestFields.name(o.get("name"), "name", NameRule.SHORT, errors);
            Imputation imputation = RequestFields.imputation(o, errors);
            boolean wait = RequestFields.bool(o.get("wait"), "wait", errors);
            boolean deploy = RequestFields.bool(o.get("deploy"), "deploy", errors);
            return new PortfolioSettings(algorithm, new Hyperparameters(params), period != null, label, imputation, wait, deploy,
                    Json.optionalString(o, "actor"));
        }
    }

    private Reply submitPortfolio(String model, List<SeriesId> ids, String selection, PortfolioSettings s) {
        var portfolio = new PortfolioRequest(model, ids, s.algorithm(), s.hyperparameters(), s.imputation(), s.label(),
                Runtime.getRuntime().availableProcessors(), selection);
        var submission = jobs.submitPortfolio(portfolio, s.deploy(), s.actor());
        if (submission instanceof TrainingJobs.Submission.Accepted a) return s.awaited() ? finished(a.job().id()) : job(202, a.job());
        return refusal(submission, s.periodGiven());
    }

    /** The problem of a training over many series that was refused. */
    private static Reply refusal(TrainingJobs.Submission submission, boolean periodGiven) {
        return switch (submission) {
            case TrainingJobs.Submission.UnknownAlgorithm u -> Reply.of(Problem.invalid("algorithm", "unknown algorithm " + Json.abbreviate(u.algorithm()) + "; known: " + u.known()));
            case TrainingJobs.Submission.UnknownHyperparameters h -> Reply.of(Problem.invalid(fields(h.refusal().violations(), periodGiven)));
            case TrainingJobs.Submission.LabelTaken l -> Reply.of(Problem.of(409, "label-taken", "Name taken",
                    "model version " + l.label() + " already exists; versions are immutable, choose another name"));
            case TrainingJobs.Submission.NoStoredHistory n -> Reply.of(Problem.unprocessable("no-history", "No stored history",
                    List.of(new Violation("series", "no series " + n.seriesId() + " is stored"))));
            case TrainingJobs.Submission.HistoryRefused h -> Reply.of(Problem.conflict("series-mismatch", "Rows do not fit the stored series", "series", h.reason()));
            case TrainingJobs.Submission.Accepted a -> throw new IllegalArgumentException("accepted, not refused: " + a.job().id());
        };
    }

    private static TrainingRequest.TuningBudget tune(JsonValue v, List<Violation> errors) {
        if (RequestFields.absent(v)) return null;
        if (!(v instanceof JsonObject t)) {
            errors.add(new Violation("tune", "must be an object such as {\"n_trials\": 20}, got " + Json.describe(v)));
            return null;
        }
        int before = errors.size();
        Integer nTrials = RequestFields.integer(t.get("n_trials"), "tune.n_trials", errors);
        Duration timeout = RequestFields.seconds(t.get("timeout_s"), "tune.timeout_s", errors);
        if (RequestFields.absent(t.get("n_trials")) && RequestFields.absent(t.get("timeout_s")))
            errors.add(new Violation("tune.n_trials", "is required unless tune.timeout_s is given: the number of trials to run"));
        String study = RequestFields.name(t.get("study"), "tune.study", NameRule.NAME, errors);
        var space = RequestFields.searchSpace(t.get("search_space"), "tune.search_space", errors);
        String metric = RequestFields.metric(t.get("metric"), "tune.metric", errors);
        Long seed = RequestFields.seed(t.get("seed"), "tune.seed", errors);
        return errors.size() > before ? null : new TrainingRequest.TuningBudget(nTrials, timeout, study, space, metric, seed);
    }
}
