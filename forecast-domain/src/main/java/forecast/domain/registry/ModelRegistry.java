package forecast.domain.registry;

import java.util.List;
import java.util.Optional;

/**
 * Stores immutable model versions with their artifacts, and the append-only deployment history
 * (port). Implementations are thread-safe; every write is atomic and durable when it returns.
 */
public interface ModelRegistry {
    /**
     * Registers a version with its artifact and returns it with an id {@code <algorithm>_v<n>}
     * (n counts that algorithm's versions from 1), the artifact's SHA-256 and the time.
     *
     * @throws DuplicateVersionException when the label is taken (by a label or an id)
     */
    ModelVersion register(NewModelVersion version, byte[] artifact);

    /** The version whose id or label is {@code reference}. */
    Optional<ModelVersion> find(String reference);

    /** Every version, oldest first. */
    List<ModelVersion> list();

    /**
     * The stored artifact of version {@code id}, with the checksum recorded at registration (the
     * caller verifies it through {@link Artifact#verified()}).
     */
    Optional<Artifact> artifact(String id);

    /** The deployment history, oldest first. */
    List<DeploymentEvent> deployments();

    /**
     * Appends {@code event} if and only if the history's last sequence is still
     * {@code event.sequence() - 1}; otherwise another writer got there first and nothing changes.
     *
     * @return whether it was appended
     */
    boolean appendDeployment(DeploymentEvent event);
}
