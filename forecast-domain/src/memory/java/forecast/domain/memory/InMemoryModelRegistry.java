package forecast.domain.memory;

import forecast.domain.registry.Artifact;
import forecast.domain.registry.DeploymentEvent;
import forecast.domain.registry.DuplicateVersionException;
import forecast.domain.registry.ModelNames;
import forecast.domain.registry.ModelRegistry;
import forecast.domain.registry.ModelVersion;
import forecast.domain.registry.NewModelVersion;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link ModelRegistry} held in memory, for tests. Behaves
 * as the database adapters do (the same contract tests pass): ids {@code <algorithm>_v<n>}, labels
 * and ids unique together, times kept to the microsecond, artifacts copied in and out.
 * Thread-safe; nothing survives the process.
 */
public final class InMemoryModelRegistry implements ModelRegistry {
    private record Stored(ModelVersion version, byte[] bytes) {}

    private final Clock clock;
    private final List<Stored> versions = new ArrayList<>();          // guarded by this, oldest first
    private final List<DeploymentEvent> deployments = new ArrayList<>(); // guarded by this
    private final java.util.Map<String, ModelVersion> byJob = new java.util.HashMap<>(); // guarded by this: versions by the job that registered them
    private Instant lastCreated = Instant.MIN;                            // guarded by this

    /** A registry that stamps versions with the system clock. */
    public InMemoryModelRegistry() {
        this(Clock.systemUTC());
    }

    /** A registry that stamps versions with {@code clock} (a fixed clock makes tests repeatable). */
    public InMemoryModelRegistry(Clock clock) {
        this.clock = clock;
    }

    @Override
    public ModelVersion register(NewModelVersion version, byte[] artifact) {
        return register(version, artifact, null);
    }

    @Override
    public synchronized ModelVersion register(NewModelVersion version, byte[] artifact, String job) {
        if (job != null && byJob.containsKey(job)) return byJob.get(job);
        var label = version.label();
        if (label != null && (labelTaken(version.model(), label) || idTaken(label))) throw new DuplicateVersionException(label);
        long n = versions.stream().filter(s -> s.version().algorithm().equals(version.algorithm())).count() + 1;
        // An earlier label may already read like the next id; skip it rather than fail the innocent caller.
        while (taken(version.algorithm() + "_v" + n)) n++;
        var bytes = artifact.clone();
        var stored = new ModelVersion(version.model(), version.algorithm() + "_v" + n, label, version.algorithm(), version.hyperparameters(),
                version.metrics(), version.provenance(), Artifact.sha256(bytes), bytes.length, nextCreatedAt(), version.series());
        versions.add(new Stored(stored, bytes));
        if (job != null) byJob.put(job, stored);
        return stored;
    }

    @Override
    public synchronized Optional<ModelVersion> registeredBy(String job) {
        return Optional.ofNullable(byJob.get(job));
    }

    /** An id or a label of any model. */
    private boolean taken(String name) {
        return versions.stream().anyMatch(s -> s.version().answersTo(name));
    }

    private boolean idTaken(String name) {
        return versions.stream().anyMatch(s -> s.version().id().equals(name));
    }

    private boolean labelTaken(String model, String label) {
        return versions.stream().anyMatch(s -> s.version().model().equals(model) && label.equals(s.version().label()));
    }

    /** Microseconds, as a database keeps them, and strictly increasing so that the order is the registration order. */
    private Instant nextCreatedAt() {
        var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (!now.isAfter(lastCreated)) now = lastCreated.plus(1, ChronoUnit.MICROS);
        lastCreated = now;
        return now;
    }

    @Override
    public synchronized Optional<ModelVersion> find(String model, String reference) {
        return versions.stream().map(Stored::version).filter(v -> v.model().equals(model) && v.answersTo(reference)).findFirst();
    }

    @Override
    public synchronized Optional<ModelVersion> find(String reference) {
        return versions.stream().map(Stored::version)
                .filter(v -> v.id().equals(reference) || v.model().equals(ModelNames.DEFAULT) && reference.equals(v.label())).findFirst();
    }

    @Override
    public synchronized List<ModelVersion> list() {
        return versions.stream().map(Stored::version).toList();
    }

    @Override
    public synchronized Optional<Artifact> artifact(String id) {
        return versions.stream().filter(s -> s.version().id().equals(id)).findFirst()
                .map(s -> new Artifact(id, s.bytes(), s.version().sha256()));
    }

    @Override
    public synchronized List<DeploymentEvent> deployments(String model) {
        return deployments.stream().filter(e -> e.model().equals(model)).toList();
    }

    @Override
    public synchronized boolean appendDeployment(DeploymentEvent event) {
        if (event.sequence() != deployments(event.model()).size() + 1L) return false;
        deployments.add(event);
        return true;
    }
}
