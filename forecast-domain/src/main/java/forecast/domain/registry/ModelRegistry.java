package forecast.domain.registry;

import java.util.List;
import java.util.Optional;

/**
 * Stores immutable model versions with their artifacts, and each model's append-only deployment
 * history (port). A model ({@link ModelNames}) is a named line of versions; version ids are unique
 * overall, labels within a model. Implementations are thread-safe; every write is atomic and
 * durable when it returns.
 */
public interface ModelRegistry {
    /**
     * Registers a version of {@code version.model()} with its artifact and returns it with an id
     * {@code <algorithm>_v<n>} (n counts that algorithm's versions of every model from 1), the
     * artifact's SHA-256 and the time.
     *
     * @throws DuplicateVersionException when the label is taken in the model, or is a version's id
     */
    ModelVersion register(NewModelVersion version, byte[] artifact);

    /**
     * As {@link #register(NewModelVersion, byte[])}, recording that the job {@code job} registered
     * it, in the same step: a job taken again after a crash finds its version with
     * {@link #registeredBy} instead of registering a second one, and a second registration by the
     * same job returns the first version unchanged.
     */
    ModelVersion register(NewModelVersion version, byte[] artifact, String job);

    /** The version that job {@code job} registered, if it did. */
    Optional<ModelVersion> registeredBy(String job);

    /** This registry, with every registration recorded as made by the job {@code job}. */
    default ModelRegistry forJob(String job) {
        return new JobRegistry(this, job);
    }

    /** The version of {@code model} whose id or label is {@code reference}. */
    Optional<ModelVersion> find(String model, String reference);

    /**
     * The version whose id is {@code reference} (of any model), or the version of the model
     * {@link ModelNames#DEFAULT} labelled so: what a reference means where no model is named.
     */
    Optional<ModelVersion> find(String reference);

    /** Every version of every model, oldest first. */
    List<ModelVersion> list();

    /** The versions of {@code model}, oldest first. */
    default List<ModelVersion> list(String model) {
        return list().stream().filter(v -> v.model().equals(model)).toList();
    }

    /** The models that have a version, by name. */
    default List<String> models() {
        return list().stream().map(ModelVersion::model).distinct().sorted().toList();
    }

    /**
     * The stored artifact of version {@code id}, with the checksum recorded at registration (the
     * caller verifies it through {@link Artifact#verified()}).
     */
    Optional<Artifact> artifact(String id);

    /** {@code model}'s deployment history, oldest first. */
    List<DeploymentEvent> deployments(String model);

    /**
     * Appends {@code event} to its model's history if and only if that history's last sequence is
     * still {@code event.sequence() - 1}; otherwise another writer got there first and nothing
     * changes.
     *
     * @return whether it was appended
     */
    boolean appendDeployment(DeploymentEvent event);
}
