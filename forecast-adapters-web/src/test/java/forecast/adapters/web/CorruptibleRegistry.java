package forecast.adapters.web;

import forecast.domain.memory.InMemoryModelRegistry;
import forecast.domain.registry.Artifact;
import forecast.domain.registry.DeploymentEvent;
import forecast.domain.registry.ModelRegistry;
import forecast.domain.registry.ModelVersion;
import forecast.domain.registry.NewModelVersion;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The in-memory registry, except that the artifacts of versions named in {@link #corrupt} come back damaged. */
final class CorruptibleRegistry implements ModelRegistry {
    private final ModelRegistry delegate = new InMemoryModelRegistry();
    private final Set<String> corrupt = ConcurrentHashMap.newKeySet();

    void corrupt(String versionId) {
        corrupt.add(versionId);
    }

    @Override
    public ModelVersion register(NewModelVersion version, byte[] artifact) {
        return delegate.register(version, artifact);
    }

    @Override
    public ModelVersion register(NewModelVersion version, byte[] artifact, String job) {
        return delegate.register(version, artifact, job);
    }

    @Override
    public Optional<ModelVersion> registeredBy(String job) {
        return delegate.registeredBy(job);
    }

    @Override
    public Optional<ModelVersion> find(String reference) {
        return delegate.find(reference);
    }

    @Override
    public Optional<ModelVersion> find(String model, String reference) {
        return delegate.find(model, reference);
    }

    @Override
    public List<ModelVersion> list() {
        return delegate.list();
    }

    @Override
    public Optional<Artifact> artifact(String id) {
        var stored = delegate.artifact(id);
        if (stored.isEmpty() || !corrupt.contains(id)) return stored;
        byte[] bytes = stored.get().bytes().clone();
        bytes[bytes.length / 2] ^= 0x5a;
        return Optional.of(new Artifact(id, bytes, stored.get().recordedSha256()));
    }

    @Override
    public List<DeploymentEvent> deployments(String model) {
        return delegate.deployments(model);
    }

    @Override
    public boolean appendDeployment(DeploymentEvent event) {
        return delegate.appendDeployment(event);
    }
}
