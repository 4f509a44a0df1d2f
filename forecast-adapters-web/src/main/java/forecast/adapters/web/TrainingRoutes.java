package forecast.adapters.web;

import forecast.domain.deployment.DeploymentService;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.preprocessing.Imputation;
import forecast.domain.series.Frequency;
import forecast.domain.series.InvalidInputException;
import forecast.domain.series.SeriesId;
import forecast.domain.series.TimeSeries;
import forecast.domain.series.Violation;
import forecast.domain.training.TrainingJob;
import forecast.domain.training.TrainingJobs;
import forecast.domain.training.TrainingRequest;
import forecast.domain.training.TrainingResult;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * {@code POST /models/train} and {@code GET /jobs/{id}}: training runs as a job; the answer is 202
 * with the job to poll, or with {@code "wait": true} the finished job (its registered version and
 * backtest metrics) once training is done.
 */
final class TrainingRoutes {
    /** How long {@code "wait": true} holds the request before answering with the job as it is. */
    private static final Duration MAX_WAIT = Duration.ofMinutes(15);

    private final TrainingJobs jobs;
    private final DeploymentService deployment;
    private final WebSettings settings;

    TrainingRoutes(TrainingJobs jobs, DeploymentService deployment, WebSettings settings) {
        this.jobs = jobs;
        this.deployment = deployment;
        this.settings = settings;
    }

    /**
     * {@code {"algorithm", "data"?, "series_id"?, "hyperparameters"?, "name"?, "frequency"?,
     * "period"?, "imputation"?, "wait"?, "deploy"?, "actor"?}}.
     */
    Reply train(byte[] body) {
        JsonObject o = Json.object(body, false);
        var errors = new ArrayList<Violation>();
        String algorithm = Json.optionalString(o, "algorithm");
        if (algorithm == null || algorithm.isBlank()) errors.add(new Violation("algorithm", "is required: arima, xgboost, lstm, ensemble, seasonal_naive or auto"));
        SeriesId seriesId = seriesId(o, errors);
        var params = hyperparameters(o.get("hyperparameters"), errors);
        Integer period = integer(o.get("period"), "period", errors);
        if (period != null) params.put("period", String.valueOf(period));
        String label = Json.optionalString(o, "name");
        if (label != null && !label.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}"))
            errors.add(new Violation("name", "must be 1-64 letters, digits or . _ - starting with a letter or digit"));
        Imputation imputation = imputation(o, errors);
        Frequency frequency = frequency(o, errors);
        boolean wait = bool(o.get("wait"), "wait", errors);
        boolean deploy = bool(o.get("deploy"), "deploy", errors);
        TimeSeries series = null;
        JsonValue data = o.get("data");
        if (data != null && data.getValueType() != JsonValue.ValueType.NULL) {
            var rows = DataRows.read(data, settings.maxHistory(), errors);
            if (rows != null && errors.isEmpty()) {
                try {
                    series = rows.series();
                    if (frequency != null) series = series.withFrequency(frequency);
                } catch (InvalidInputException e) {
                    errors.addAll(e.violations());
                }
            }
        }
        if (!errors.isEmpty()) throw new ProblemException(Problem.invalid(errors));

        var request = new TrainingRequest(seriesId, series, algorithm, new Hyperparameters(params), imputation, label);
        var submission = jobs.submit(request, deploy, Json.optionalString(o, "actor"));
        return switch (submission) {
            case TrainingJobs.Submission.UnknownAlgorithm u -> Reply.of(Problem.invalid("algorithm", "unknown algorithm " + Json.abbreviate(u.algorithm()) + "; known: " + u.known()));
            case TrainingJobs.Submission.LabelTaken l -> Reply.of(Problem.of(409, "label-taken", "Name taken",
                    "model version " + l.label() + " already exists; versions are immutable, choose another name"));
            case TrainingJobs.Submission.NoStoredHistory n -> Reply.of(Problem.unprocessable("no-history", "No stored history",
                    List.of(new Violation("data", "is required: no history is stored for series " + n.seriesId()))));
            case TrainingJobs.Submission.Accepted a -> wait ? finished(a.job().id()) : job(202, a.job());
        };
    }

    private Reply finished(String id) {
        try {
            var job = jobs.await(id, MAX_WAIT).orElseThrow();
            if (!job.done()) return job(202, job);
            if (job.result() == null) return job(500, job);
            return switch (job.result()) {
                case TrainingResult.Trained t -> job(200, job);
                case TrainingResult.InsufficientHistory i -> Reply.of(Problem.unprocessable("insufficient-history", "Not enough history",
                        List.of(new Violation("data", "has " + i.actual() + " observations; training and backtesting this model needs at least " + i.required()))));
                case TrainingResult.InvalidHyperparameters h -> Reply.of(Problem.invalid("hyperparameters", h.message()));
                case TrainingResult.TuningFailed t -> Reply.of(Problem.unprocessable("tuning-failed", "Tuning failed", List.of(new Violation(t.field(), t.message()))));
                case TrainingResult.LabelTaken l -> Reply.of(Problem.of(409, "label-taken", "Name taken", "model version " + l.label() + " already exists"));
                case TrainingResult.UnknownAlgorithm u -> Reply.of(Problem.invalid("algorithm", "unknown algorithm " + u.algorithm() + "; known: " + u.known()));
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(Problem.of(503, "interrupted", "Interrupted", "the server is stopping"));
        }
    }

    Reply one(String id) {
        return jobs.find(id).map(j -> job(200, j))
                .orElseGet(() -> Reply.of(Problem.of(404, "unknown-job", "Unknown job", "no training job " + Json.abbreviate(id) + " (jobs are remembered until a restart)")));
    }

    Reply list() {
        var out = new JsonOut(1024).beginObject().name("jobs").beginArray();
        for (var j : jobs.list()) write(out, j);
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
                .field("status", j.state().name().toLowerCase(java.util.Locale.ROOT))
                .field("algorithm", j.algorithm())
                .field("series_id", j.seriesId())
                .strings("progress", j.progress())
                .field("submitted_at", j.submitted());
        if (j.started() != null) out.field("started_at", j.started());
        if (j.finished() != null) out.field("finished_at", j.finished());
        if (j.failure() != null) out.field("error", j.failure());
        if (j.result() != null) {
            switch (j.result()) {
                case TrainingResult.Trained t -> {
                    out.field("model_version", t.version().id());
                    ModelJson.version(out.name("model"), t.version(), ModelRoutes.status(t.version(), deployment.history()));
                }
                case TrainingResult.InsufficientHistory i -> out.field("error", "not enough history: " + i.actual() + " observations, at least " + i.required() + " needed");
                case TrainingResult.InvalidHyperparameters h -> out.field("error", "invalid hyperparameters: " + h.message());
                case TrainingResult.TuningFailed t -> out.field("error", "tuning failed: " + t.field() + ": " + t.message());
                case TrainingResult.LabelTaken l -> out.field("error", "name " + l.label() + " is taken");
                case TrainingResult.UnknownAlgorithm u -> out.field("error", "unknown algorithm " + u.algorithm());
            }
        }
        if (j.deployedVersion() != null) out.field("deployed", j.deployedVersion());
        out.endObject();
    }

    private static SeriesId seriesId(JsonObject o, List<Violation> errors) {
        String id = Json.optionalString(o, "series_id");
        if (id == null) return SeriesId.DEFAULT;
        try {
            return new SeriesId(id);
        } catch (IllegalArgumentException e) {
            errors.add(new Violation("series_id", "must be 1-128 letters, digits or . _ : -"));
            return SeriesId.DEFAULT;
        }
    }

    private static TreeMap<String, String> hyperparameters(JsonValue v, List<Violation> errors) {
        var out = new TreeMap<String, String>();
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) return out;
        if (!(v instanceof JsonObject o)) {
            errors.add(new Violation("hyperparameters", "must be an object of settings, got " + Json.describe(v)));
            return out;
        }
        o.forEach((k, value) -> {
            switch (value.getValueType()) {
                case STRING -> out.put(k, ((JsonString) value).getString());
                case NUMBER -> out.put(k, ((JsonNumber) value).toString());
                case TRUE -> out.put(k, "true");
                case FALSE -> out.put(k, "false");
                default -> errors.add(new Violation("hyperparameters." + k, "must be a string, number or boolean, got " + Json.describe(value)));
            }
        });
        return out;
    }

    private static Integer integer(JsonValue v, String field, List<Violation> errors) {
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) return null;
        if (v instanceof JsonNumber n && n.isIntegral() && PredictInput.number(n) >= 1 && PredictInput.number(n) <= 100_000) return n.intValue();
        errors.add(new Violation(field, "must be a whole number from 1 to 100000, got " + Json.describe(v)));
        return null;
    }

    private static boolean bool(JsonValue v, String field, List<Violation> errors) {
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) return false;
        if (v.getValueType() == JsonValue.ValueType.TRUE) return true;
        if (v.getValueType() == JsonValue.ValueType.FALSE) return false;
        errors.add(new Violation(field, "must be true or false, got " + Json.describe(v)));
        return false;
    }

    private static Imputation imputation(JsonObject o, List<Violation> errors) {
        String name = Json.optionalString(o, "imputation");
        if (name == null) return Imputation.LINEAR;
        try {
            return Imputation.parse(name);
        } catch (IllegalArgumentException e) {
            errors.add(new Violation("imputation", "must be linear, forward_fill or seasonal"));
            return Imputation.LINEAR;
        }
    }

    private static Frequency frequency(JsonObject o, List<Violation> errors) {
        String text = Json.optionalString(o, "frequency");
        if (text == null) return null;
        try {
            return Frequency.parse(text.trim());
        } catch (DateTimeParseException | IllegalArgumentException e) {
            errors.add(new Violation("frequency", "must be an ISO-8601 period such as PT1H, PT30M, P1D, P1M, P3M or P1Y"));
            return null;
        }
    }
}
