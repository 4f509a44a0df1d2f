package forecast.domain.registry;

import java.time.Instant;

/**
 * One entry of the model {@code model}'s append-only deployment history: at {@code at},
 * {@code actor} made {@code version} live (replacing {@code previousVersion}, null for the first)
 * because of {@code reason}. {@code sequence} starts at 1 and has no holes, in each model.
 */
public record DeploymentEvent(String model, long sequence, String version, DeploymentAction action, String previousVersion,
                              Instant at, String reason, String actor) {
    public DeploymentEvent {
        if (model == null || model.isBlank()) throw new IllegalArgumentException("model is required");
        if (sequence < 1) throw new IllegalArgumentException("sequence starts at 1: " + sequence);
        if (version == null || action == null || at == null) throw new IllegalArgumentException("version, action and time are required");
        reason = reason == null ? "" : reason;
        actor = actor == null || actor.isBlank() ? "system" : actor;
    }

    /** An entry of the model {@link ModelNames#DEFAULT}'s history. */
    public DeploymentEvent(long sequence, String version, DeploymentAction action, String previousVersion, Instant at, String reason,
                           String actor) {
        this(ModelNames.DEFAULT, sequence, version, action, previousVersion, at, reason, actor);
    }
}
