package forecast.adapters.web;

import forecast.domain.deployment.DeploymentHistory;
import forecast.domain.deployment.DeploymentResult;
import forecast.domain.deployment.DeploymentService;
import forecast.domain.registry.ModelRegistry;
import forecast.domain.registry.ModelVersion;
import forecast.domain.training.TrainingJobs;
import jakarta.json.JsonObject;
import java.time.Instant;

/**
 * {@code GET /models}, {@code GET /models/{version}}, {@code GET /models/deployments},
 * {@code POST /models/deploy} and {@code POST /models/rollback}.
 */
final class ModelRoutes {
    private final ModelRegistry registry;
    private final DeploymentService deployment;
    private final TrainingJobs jobs;

    ModelRoutes(ModelRegistry registry, DeploymentService deployment, TrainingJobs jobs) {
        this.registry = registry;
        this.deployment = deployment;
        this.jobs = jobs;
    }

    /** Every version, oldest first, with its status, and the live version's id. */
    Reply list() {
        var history = deployment.history();
        String live = history.live().orElse(null);
        var versions = registry.list();
        var out = new JsonOut(512 * versions.size() + 64);
        out.beginObject().name("models").beginArray();
        for (var v : versions) ModelJson.version(out, v, status(v, history));
        out.endArray().field("live", live).endObject();
        return Reply.ok(out);
    }

    /** One version by id or label, with what its model fitted; 404 when none answers to it. */
    Reply one(String reference) {
        var version = registry.find(reference)
                .orElseThrow(() -> new ProblemException(Problem.unknownVersion("model_version", reference)));
        var out = new JsonOut(2048);
        ModelJson.version(out, version, status(version, deployment.history()), fitted(version));
        return Reply.ok(out, version.id());
    }

    /** Null when the model cannot be read: the version is still shown, as deploying it would say why. */
    private java.util.Map<String, String> fitted(ModelVersion version) {
        try {
            return jobs.fitted(version);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The deployment history, oldest first, and the live version; with {@code at} (an ISO-8601
     * time), the history up to that time and the version that was live then.
     */
    Reply deployments(String at) {
        var history = deployment.history();
        Instant t = null;
        if (at != null) {
            try {
                t = Timestamps.parse(at.trim());
            } catch (IllegalArgumentException e) {
                throw new ProblemException(Problem.invalid("at", e.getMessage()));
            }
        }
        var out = new JsonOut(128 * history.events().size() + 64);
        out.beginObject();
        if (t != null) out.field("at", t);
        out.name("deployments").beginArray();
        for (var e : history.events()) if (t == null || !e.at().isAfter(t)) ModelJson.event(out, e);
        out.endArray().field("live", (t == null ? history.live() : history.liveAt(t)).orElse(null)).endObject();
        return Reply.ok(out);
    }

    /** {@code {"model_version": "...", "reason"?, "actor"?}}: makes it live; 200 with the history entry. */
    Reply deploy(byte[] body) {
        JsonObject o = Json.object(body, false);
        String reference = Json.optionalString(o, "model_version");
        if (reference == null || reference.isBlank())
            throw new ProblemException(Problem.invalid("model_version", "is required: the id or label of the version to deploy"));
        return answer(deployment.deploy(reference, Json.optionalString(o, "reason"), Json.optionalString(o, "actor")));
    }

    /** {@code {"model_version"?, "reason"?, "actor"?}}: back to the previous live version, or the named one. */
    Reply rollback(byte[] body) {
        JsonObject o = Json.object(body, true);
        String reference = Json.optionalString(o, "model_version");
        if (reference != null && reference.isBlank()) reference = null;
        return answer(deployment.rollback(reference, Json.optionalString(o, "reason"), Json.optionalString(o, "actor")));
    }

    /** A deployment's outcome: 200 with the history entry, or the problem (also the outcome a promotion reports). */
    static Reply answer(DeploymentResult result) {
        return switch (result) {
            case DeploymentResult.Changed c -> {
                var out = new JsonOut(256);
                ModelJson.event(out, c.event());
                yield Reply.ok(out, c.event().version());
            }
            case DeploymentResult.UnknownVersion u -> Reply.of(Problem.unknownVersion("model_version", u.reference()));
            case DeploymentResult.AlreadyLive a -> Reply.of(Problem.of(409, "already-live", "Version already live",
                    "model version " + a.version() + " is already live; nothing changed"), a.version());
            case DeploymentResult.NothingToRollBack n -> Reply.of(Problem.of(409, "nothing-to-roll-back", "Nothing to roll back",
                    "no version was live before the live one; name a version to deploy instead"));
            case DeploymentResult.NeverLive n -> Reply.of(Problem.of(409, "never-live", "Version was never live",
                    "model version " + n.version() + " has never been live, so there is nothing to roll back to; deploy it instead"), n.version());
            case DeploymentResult.Unloadable u -> Reply.of(Problem.of(409, "unloadable", "Version cannot be loaded",
                    "model version " + u.version() + " could not be loaded, so the live version is unchanged: " + u.reason()), u.version());
            case DeploymentResult.Conflict c -> Reply.of(Problem.of(409, "conflict", "Concurrent deployment",
                    c.detail() + "; nothing changed"));
        };
    }

    static String status(ModelVersion v, DeploymentHistory history) {
        if (history.live().filter(v.id()::equals).isPresent()) return "live";
        return history.wasLive(v.id()) ? "previous" : "registered";
    }
}
