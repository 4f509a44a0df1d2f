package forecast.domain.deployment;

import forecast.domain.registry.DeploymentAction;
import forecast.domain.registry.DeploymentEvent;
import forecast.domain.registry.ModelNames;
import forecast.domain.registry.ModelRegistry;
import forecast.domain.registry.ModelVersion;
import forecast.domain.telemetry.Telemetry;
import java.time.Clock;
import java.util.Optional;

/**
 * Deploy and rollback. A version is loaded (checksum verified) before it becomes live, so a
 * corrupt artifact never replaces a working model; the change is one append to the history,
 * refused and retried when another admin call appended first, so racing calls never interleave.
 * The versions in memory are reached through {@link LiveVersions}, which serving implements.
 */
public final class DeploymentService {
    private static final int ATTEMPTS = 5;

    private final ModelRegistry registry;
    private final LiveVersions live;
    private final Clock clock;
    private final Telemetry telemetry;

    public DeploymentService(ModelRegistry registry, LiveVersions live, Clock clock, Telemetry telemetry) {
        this.registry = registry;
        this.live = live;
        this.clock = clock;
        this.telemetry = telemetry;
    }

    /** {@code model}'s deployment history. */
    public DeploymentHistory history(String model) {
        return new DeploymentHistory(registry.deployments(model));
    }

    /** The model {@link ModelNames#DEFAULT}'s deployment history. */
    public DeploymentHistory history() {
        return history(ModelNames.DEFAULT);
    }

    /** Makes {@code reference} (an id or label of a version of {@code model}) {@code model}'s live version. */
    public DeploymentResult deploy(String model, String reference, String reason, String actor) {
        Optional<ModelVersion> version = registry.find(model, reference);
        if (version.isEmpty()) return new DeploymentResult.UnknownVersion(reference);
        return change(version.get(), DeploymentAction.DEPLOY, reason, actor, null);
    }

    /** {@link #deploy(String, String, String, String)} in the model {@link ModelNames#DEFAULT}. */
    public DeploymentResult deploy(String reference, String reason, String actor) {
        return deploy(ModelNames.DEFAULT, reference, reason, actor);
    }

    /** {@link #rollback(String, String, String, String)} in the model {@link ModelNames#DEFAULT}. */
    public DeploymentResult rollback(String reference, String reason, String actor) {
        return rollback(ModelNames.DEFAULT, reference, reason, actor);
    }

    /**
     * Goes back to {@code model}'s previous live version, or to {@code reference} when given (which
     * must have been live before).
     */
    public DeploymentResult rollback(String model, String reference, String reason, String actor) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            var history = history(model);
            String target;
            if (reference == null) {
                var previous = history.rollbackTarget();
                if (previous.isEmpty()) return new DeploymentResult.NothingToRollBack();
                target = previous.get();
            } else {
                var named = registry.find(model, reference);
                if (named.isEmpty()) return new DeploymentResult.UnknownVersion(reference);
                target = named.get().id();
                if (!history.wasLive(target)) return new DeploymentResult.NeverLive(target);
            }
            var version = registry.find(model, target).orElseThrow();
            var result = change(version, DeploymentAction.ROLLBACK, reason, actor, history);
            if (!(result instanceof DeploymentResult.Conflict)) return result;
        }
        return new DeploymentResult.Conflict("the deployment history kept changing; try again");
    }

    private DeploymentResult change(ModelVersion version, DeploymentAction action, String reason, String actor, DeploymentHistory seen) {
        try {
            live.preload(version);
        } catch (RuntimeException e) {
            return new DeploymentResult.Unloadable(version.id(), e.getMessage());
        }
        String model = version.model();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            var history = seen != null && attempt == 0 ? seen : history(model);
            var current = history.live();
            if (current.isPresent() && current.get().equals(version.id())) return new DeploymentResult.AlreadyLive(version.id());
            var event = new DeploymentEvent(model, history.nextSequence(), version.id(), action, current.orElse(null), clock.instant(), reason, actor);
            if (registry.appendDeployment(event)) {
                live.makeLive(model, version.id(), event.sequence());
                telemetry.liveVersionChanged(model, version.id());
                return new DeploymentResult.Changed(event);
            }
            if (seen != null) return new DeploymentResult.Conflict("the deployment history changed");
        }
        return new DeploymentResult.Conflict("the deployment history kept changing; try again");
    }
}
