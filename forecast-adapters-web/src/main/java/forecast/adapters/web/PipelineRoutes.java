package forecast.adapters.web;

import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.pipeline.PipelineRun;
import forecast.domain.pipeline.PipelineSettings;
import forecast.domain.pipeline.RetrainingPipeline;
import forecast.domain.pipeline.RetrainingPipeline.RunOptions;
import forecast.domain.pipeline.RetrainingPipeline.Started;
import forecast.domain.series.Violation;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The retraining pipeline: {@code POST /pipeline/run} starts a run by hand,
 * {@code GET /pipeline/runs} lists the newest, {@code GET /pipeline/runs/{id}} shows one with its
 * steps and contenders. All need the admin key.
 */
final class PipelineRoutes {
    static final int DEFAULT_LIMIT = 50;
    private static final List<String> POLICIES = List.of("deploy", "canary", "register");
    private static final int MAX_TRIALS = 10_000;
    private static final Pattern RUN = Pattern.compile("/pipeline/runs/[^/]+");

    private final RetrainingPipeline pipeline;

    PipelineRoutes(RetrainingPipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** The methods a path of these routes allows, for a 405; null when none of them has the path. */
    static String allowed(String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (p.equals("/pipeline/run")) return "POST";
        if (p.equals("/pipeline/runs") || RUN.matcher(p).matches()) return "GET";
        return null;
    }

    /**
     * {@code {"model"?, "reason"?, "series_id"?, "algorithm"?, "hyperparameters"?, "n_trials"?, "policy"?}}
     * (an empty body: the configured settings): 202 with the run started; 409 when a run is going,
     * naming it; 400 naming the member at fault.
     */
    Reply run(byte[] body) {
        JsonObject o = Json.object(body, true);
        var errors = new ArrayList<Violation>();
        RequestFields.unknown(o.keySet(), java.util.Set.of("model", "reason", "series_id", "algorithm", "hyperparameters", "n_trials", "policy"), "", errors);
        String model = RequestFields.model(o.get("model"), "model", errors);
        String reason = RequestFields.string(o.get("reason"), "reason", errors);
        String seriesId = RequestFields.id(o.get("series_id"), "series_id", errors);
        String algorithm = RequestFields.string(o.get("algorithm"), "algorithm", errors);
        if (algorithm != null && algorithm.isBlank()) errors.add(new Violation("algorithm", "must name an algorithm, or be left out for the configured one"));
        var params = RequestFields.hyperparameters(o.get("hyperparameters"), errors);
        Integer nTrials = RequestFields.integer(o.get("n_trials"), "n_trials", 0, MAX_TRIALS, errors);
        String policy = RequestFields.choice(o.get("policy"), "policy", POLICIES, errors);
        if (!errors.isEmpty()) throw new ProblemException(Problem.invalid(errors));

        var options = new RunOptions(model, seriesId, algorithm, params.isEmpty() ? null : new Hyperparameters(params), nTrials,
                policy == null ? null : PipelineSettings.Policy.valueOf(policy.toUpperCase(Locale.ROOT)));
        String why = reason == null || reason.isBlank() ? "requested through POST /pipeline/run" : reason;
        return switch (pipeline.trigger(PipelineRun.Trigger.MANUAL, why, options)) {
            case Started.Accepted a -> run(202, a.run());
            case Started.Busy b -> Reply.of(Problem.of(409, "pipeline-busy", "A run is going",
                    "run " + b.running().id() + " (" + PipelineJson.href(b.running()) + "), started at " + b.running().startedAt()
                            + ", is still running; one run at a time"));
            case Started.Refused r -> Reply.of(Problem.invalid(r.field() == null || r.field().isBlank() ? "body" : r.field(),
                    r.reason() == null || r.reason().isBlank() ? "the run cannot start" : r.reason()));
        };
    }

    /** The newest runs, newest started first: at most {@code limit} (null: {@value #DEFAULT_LIMIT}). */
    Reply list(String limit) {
        var runs = pipeline.list(MonitoringRoutes.limit(limit, DEFAULT_LIMIT));
        var out = new JsonOut(512 + 2048 * runs.size()).beginObject().name("runs").beginArray();
        for (var r : runs) PipelineJson.run(out, r);
        return Reply.ok(out.endArray().endObject());
    }

    Reply one(String id) {
        return pipeline.find(id).map(r -> run(200, r))
                .orElseGet(() -> Reply.of(Problem.of(404, "unknown-run", "Unknown pipeline run", "no pipeline run " + Json.abbreviate(id))));
    }

    private static Reply run(int status, PipelineRun r) {
        var out = new JsonOut(2048);
        PipelineJson.run(out, r);
        return new Reply(status, out.toString(), false, null);
    }
}
