package forecast.adapters.web;

import forecast.domain.experiment.Experiment;
import forecast.domain.experiment.ExperimentService;
import forecast.domain.experiment.ExperimentService.EndResult;
import forecast.domain.experiment.ExperimentService.StartResult;
import jakarta.json.JsonObject;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A/B tests: {@code POST /ab-test/start}, {@code GET /ab-test}, {@code GET /ab-test/{name}},
 * {@code POST /ab-test/{name}/stop} and {@code POST /ab-test/{name}/promote}. The experiments'
 * forecasts are scored by {@code POST /actuals} ({@link MonitoringRoutes}).
 */
final class ExperimentRoutes {
    private static final Pattern ACTION = Pattern.compile("/ab-test/[^/]+/(stop|promote)");
    private static final Pattern ONE = Pattern.compile("/ab-test/[^/]+");

    private final ExperimentService service;

    ExperimentRoutes(ExperimentService service) {
        this.service = service;
    }

    /** The methods a path under this API allows, for a 405; null when none of these routes has the path. */
    static String allowed(String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (p.equals("/ab-test")) return "GET";
        if (p.equals("/ab-test/" + ExperimentInput.RESERVED_NAME) || ACTION.matcher(p).matches()) return "POST";
        return ONE.matcher(p).matches() ? "GET" : null;
    }

    /** 201 with the experiment; 400 naming every field at fault; 409 when the name is taken or a running experiment takes the same traffic. */
    Reply start(byte[] body) {
        return switch (service.start(ExperimentInput.start(Json.object(body, false)))) {
            case StartResult.Started s -> {
                var out = new JsonOut(1024);
                ExperimentJson.experiment(out, s.experiment());
                yield new Reply(201, out.toString(), false, null);
            }
            case StartResult.Invalid i -> Reply.of(Problem.invalid(i.violations()));
            case StartResult.NameTaken t -> Reply.of(Problem.conflict("experiment-exists", "Experiment exists", "name",
                    "an experiment named " + t.name() + " exists; names are not reused, even once an experiment has ended"));
            case StartResult.Competing c -> Reply.of(Problem.conflict("competing-experiment", "Competing experiment", "scope",
                    "experiment " + c.running().name() + " is running on " + traffic(c.running())
                            + "; stop it, or scope this experiment to a series that it does not take"));
        };
    }

    private static String traffic(Experiment e) {
        return e.scope() == null ? "all traffic" : "series " + e.scope();
    }

    /** Every experiment, newest first, with how its decision stands. */
    Reply list() {
        var all = service.list();
        var out = new JsonOut(256 + 512 * all.size());
        out.beginObject().name("experiments").beginArray();
        for (var e : all) {
            // an experiment ended between the listing and its report is still listed, with the report it has now
            var report = service.report(e.name()).orElse(null);
            if (report != null) ExperimentJson.summary(out, report.experiment(), report.decision());
        }
        out.endArray().endObject();
        return Reply.ok(out);
    }

    /** The experiment's report; 404 when there is none of that name. */
    Reply one(String name) {
        var report = service.report(name).orElseThrow(() -> new ProblemException(unknown(name)));
        var out = new JsonOut(2048);
        ExperimentJson.report(out, report);
        return Reply.ok(out);
    }

    /** {@code {"actor"?}}: 200 with the stopped experiment. */
    Reply stop(String name, byte[] body) {
        JsonObject o = Json.object(body, true);
        RequestFields.refuseUnknown(o, java.util.Set.of("actor"));
        return ended(name, service.stop(name, Json.optionalString(o, "actor")));
    }

    /**
     * {@code {"arm"?, "actor"?}}: ends the experiment by deploying the named arm (a version's id or
     * the reference it was started with), or without one its winner. 200 with the experiment and
     * the deployment's outcome, {@code {"status", "event" | "problem"}}, as {@code POST /models/deploy}
     * would answer it: the experiment is promoted even when that deploy was refused.
     */
    Reply promote(String name, byte[] body) {
        JsonObject o = Json.object(body, true);
        RequestFields.refuseUnknown(o, java.util.Set.of("arm", "actor"));
        String arm = Json.optionalString(o, "arm");
        return ended(name, service.promote(name, arm == null || arm.isBlank() ? null : arm, Json.optionalString(o, "actor")));
    }

    private Reply ended(String name, EndResult result) {
        return switch (result) {
            case EndResult.Ended e -> {
                var out = new JsonOut(1024);
                ExperimentJson.open(out, e.experiment());
                if (e.deployment() != null) {
                    var deployed = ModelRoutes.answer(e.deployment());
                    out.name("deployment").beginObject().field("status", deployed.status()).name(deployed.problem() ? "problem" : "event")
                            .raw(deployed.json()).endObject();
                }
                yield Reply.ok(out.endObject(), e.experiment().promoted());
            }
            case EndResult.Unknown u -> Reply.of(unknown(u.name()));
            case EndResult.NotRunning n -> Reply.of(Problem.of(409, "experiment-ended", "Experiment not running",
                    "experiment " + n.experiment().name() + " was " + ExperimentJson.state(n.experiment()) + " at " + n.experiment().ended()));
            case EndResult.NoWinner w -> Reply.of(Problem.of(409, "no-winner", "No winner",
                    "experiment " + name + " has no winner to promote (" + ExperimentJson.status(w.decision()) + "): "
                            + ExperimentJson.reason(w.decision()) + "; name an arm to promote it anyway"));
            case EndResult.UnknownArm a -> Reply.of(Problem.invalid("arm", "'" + Json.abbreviate(a.arm()) + "' is not an arm of experiment " + name
                    + "; its arms are " + service.find(name).map(ExperimentRoutes::arms).orElse("gone")));
        };
    }

    private static String arms(Experiment e) {
        return e.arms().stream().map(a -> a.reference().equals(a.version()) ? a.version() : a.reference() + " (" + a.version() + ")")
                .collect(Collectors.joining(", "));
    }

    private static Problem unknown(String name) {
        return Problem.of(404, "unknown-experiment", "Unknown experiment", "no experiment named " + Json.abbreviate(name));
    }
}
