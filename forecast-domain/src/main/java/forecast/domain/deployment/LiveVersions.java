package forecast.domain.deployment;

import forecast.domain.registry.ModelVersion;

/**
 * Where a deploy or rollback takes effect: the models kept in memory for serving
 * ({@code forecast.domain.serving.LiveModels} implements it). Deployment owns this interface so
 * that it does not depend on serving: serving reads the deployment history to restore the live
 * versions, and the two packages would otherwise depend on each other (issue 15).
 */
public interface LiveVersions {
    /**
     * Loads {@code version}, its artifact's checksum verified, so that it can serve before it is
     * made live.
     *
     * @throws RuntimeException when it cannot be loaded (such as
     *         {@link forecast.domain.registry.CorruptArtifactException}); nothing is then changed
     */
    void preload(ModelVersion version);

    /**
     * Makes {@code versionId} (preloaded, a version of {@code model}) live with history entry
     * {@code sequence}; a change with an older sequence than the one in force is ignored.
     */
    void makeLive(String model, String versionId, long sequence);
}
