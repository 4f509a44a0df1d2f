package forecast.adapters.web;

import forecast.domain.deployment.DeploymentHistory;
import forecast.domain.deployment.DeploymentResult;
import forecast.domain.deployment.DeploymentService;
import forecast.domain.registry.ModelRegistry;
import forecast.domain.registry.ModelVersion;
import forecast.domain.training.TrainingJobs;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The model registry's routes. A model is a named line of versions with its own live version and
 * deployment history; routes without a model name mean the model {@code default}:
 * {@code GET /models} (every model), {@code GET /models/{model}} (one model, or for compatibility a
 * version by id or by the default model's label), {@code GET /models/{model}/versions[/{version}]},
 * {@code POST /models/[{model}/]deploy}, {@code POST /models/[{model}/]rollback} and
 * {@code GET /models/[{model}/]deployments}.
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

    /** Every model with its live version, its number of versions and of series. */
    Reply list() {
        var all = registry.list();
        var byModel = new TreeMap<String, List<ModelVersion>>();
        for (var v : all) byModel.computeIfAbsent(v.model(), k -> new ArrayList<>()).add(v);
        var out = new JsonOut(256 * byModel.size() + 64);
        out.beginObject().name("models").beginArray();
        for (var e : byModel.entrySet()) summary(out, e.getKey(), e.getValue());
        out.endArray().endObject();
        return Reply.ok(out);
    }

    private void summary(JsonOut out, String model, List<ModelVersion> versions) {
        var live = deployment.history(model).live().flatMap(id -> versions.stream().filter(v -> v.id().equals(id)).findFirst()).orElse(null);
        out.beginObject()
                .field("name", model)
                .field("live_version", live == null ? null : live.id())
                .field("live_label", live == null ? null : live.label())
                .field("algorithm", live == null ? null : live.algorithm())
                .field("versions", versions.size())
                .field("series", live == null ? 0 : seriesCount(live))
                .endObject();
    }

    /** The series a version forecasts: the one it was trained on, or its portfolio's. */
    private static int seriesCount(ModelVersion v) {
        return v.seriesIds().size();
    }

    /**
     * {@code GET /models/{name}}: the model of that name with its versions; else, as before named
     * models, the version whose id (of any model) or default-model label it is; 404 when neither.
     */
    Reply modelOrVersion(String name) {
        var versions = registry.list(name);
        if (!versions.isEmpty()) {
            var history = deployment.history(name);
            var out = new JsonOut(512 * versions.size() + 256);
            out.beginObject().field("name", name).field("live_version", history.live().orElse(null)).name("versions").beginArray();
            for (var v : versions) ModelJson.version(out, v, status(v, history));
            out.endArray().field("deployments", history.events().size()).endObject();
            return Reply.ok(out);
        }
        var version = registry.find(name).orElseThrow(() -> new ProblemException(Problem.unknownVersion("model_version", name)));
        var out = new JsonOut(2048);
        ModelJson.version(out, version, status(version, deployment.history(version.model())), fitted(version));
        return Reply.ok(out, version.id());
    }

    /** Null when the model cannot be read: the version is still shown, as deploying it would say why. */
    private forecast.domain.training.TrainingJobs.FittedDetails fitted(ModelVersion version) {
        try {
            return jobs.fitted(version);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** {@code model}'s versions, oldest first, with their status, and its live version. */
    Reply versions(String model) {
        var versions = knownModel(model);
        var history = deployment.history(model);
        var out = new JsonOut(512 * versions.size() + 64);
        out.beginObject().field("model", model).name("versions").beginArray();
        for (var v : versions) ModelJson.version(out, v, status(v, history));
        out.endArray().field("live", history.live().orElse(null)).endObject();
        return Reply.ok(out);
    }

    /** One version of {@code model} by id or label; 404 when it has none such. */
    Reply version(String model, String reference) {
        knownModel(model);
        var version = registry.find(model, reference)
                .orElseThrow(() -> new ProblemException(Problem.unknownVersion("model_version", reference)));
        var out = new JsonOut(2048);
        ModelJson.version(out, version, status(version, deployment.history(model)), fitted(version));
        return Reply.ok(out, version.id());
    }

    /** The versions of {@code model}; 404 naming {@code model} when it has none. */
    private List<ModelVersion> knownModel(String model) {
        var versions = registry.list(model);
        if (versions.isEmpty())
            throw new ProblemException(Problem.of(404, "unknown-model", "Unknown model", "no model is named " + Json.abbreviate(model)
                    + "; train its first version through POST /models/" + Json.abbreviate(model) + "/train"));
        return versions;
    }

    /**
     * {@code model}'s deployment history, oldest first, and its live version; with {@code at} (an
     * ISO-8601 time), the history up to that time and the version that was live then.
     */
    Reply deployments(String model, String at) {
        var history = deployment.history(model);
        Instant t = null;
        if (at != null) {
            try {
                t = Timestamps.parse(at.trim());
            } catch (IllegalArgumentException e) {
                throw new ProblemException(Problem.invalid("at", e.getMessage()));
            }
        }
        var out = new JsonOut(128 * history.events().size() + 64);
        out.beginObject().field("model", model);
        if (t != null) out.field("at", t);
        out.name("deployments").beginArray();
        for (var e : history.events()) if (t == null || !e.at().isAfter(t)) ModelJson.event(out, e);
        out.endArray().field("live", (t == null ? history.live() : history.liveAt(t)).orElse(null)).endObject();
        return Reply.ok(out);
    }

    /** {@code {"model_version": "...", "reason"?, "actor"?}}: makes it {@code model}'s live version; 200 with the history entry. */
    Reply deploy(String model, byte[] body) {
        JsonObject o = Json.object(body, false);
        RequestFields.refuseUnknown(o, DEPLOY_FIELDS);
        String reference = Json.optionalString(o, "model_version");
        if (reference == null || reference.isBlank())
            throw new ProblemException(Problem.invalid("model_version", "is required: the id or label of the version to deploy"));
        return answer(deployment.deploy(model, reference, Json.optionalString(o, "reason"), Json.optionalString(o, "actor")));
    }

    /** {@code {"model_version"?, "reason"?, "actor"?}}: back to {@code model}'s previous live version, or the named one. */
    Reply rollback(String model, byte[] body) {
        JsonObject o = Json.object(body, true);
        RequestFields.refuseUnknown(o, DEPLOY_FIELDS);
        String reference = Json.optionalString(o, "model_version");
        if (reference != null && reference.isBlank()) reference = null;
        return answer(deployment.rollback(model, reference, Json.optionalString(o, "reason"), Json.optionalString(o, "actor")));
    }

    private static final Set<String> DEPLOY_FIELDS = Set.of("model_version", "reason", "actor");

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

    /** {@code live}, {@code previous} (was live once) or {@code registered}, in its model's history. */
    static String status(ModelVersion v, DeploymentHistory history) {
        if (history.live().filter(v.id()::equals).isPresent()) return "live";
        return history.wasLive(v.id()) ? "previous" : "registered";
    }
}
