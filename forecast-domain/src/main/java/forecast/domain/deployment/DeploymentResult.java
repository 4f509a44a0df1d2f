package forecast.domain.deployment;

import forecast.domain.registry.DeploymentEvent;

/** How a deploy or rollback ended. */
public sealed interface DeploymentResult {
    /** The live version changed; {@code event} is the recorded history entry. */
    record Changed(DeploymentEvent event) implements DeploymentResult {}

    /** The version is already live; nothing recorded. */
    record AlreadyLive(String version) implements DeploymentResult {}

    /** No version has that id or label. */
    record UnknownVersion(String reference) implements DeploymentResult {}

    /** Nothing was live before the live version. */
    record NothingToRollBack() implements DeploymentResult {}

    /** A rollback by name to a version that was never live. */
    record NeverLive(String version) implements DeploymentResult {}

    /** The version's artifact failed its checksum or could not be loaded; the live version is unchanged. */
    record Unloadable(String version, String reason) implements DeploymentResult {}

    /** Other admin calls kept changing the history; nothing was recorded. */
    record Conflict(String detail) implements DeploymentResult {}
}
