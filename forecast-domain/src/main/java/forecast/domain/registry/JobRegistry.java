package forecast.domain.registry;

import java.util.List;
import java.util.Optional;

/** A registry whose registrations are recorded as made by one job (see {@link ModelRegistry#forJob}); everything else is the registry's. */
record JobRegistry(ModelRegistry registry, String job) implements ModelRegistry {
    @Override
    public ModelVersion register(NewModelVersion version, byte[] artifact) {
        return registry.register(version, artifact, job);
    }

    @Override
    public ModelVersion register(NewModelVersion version, byte[] artifact, String otherJob) {
        return registry.register(version, artifact, otherJob);
    }

    @Override
    public Optional<ModelVersion> registeredBy(String someJob) {
        return registry.registeredBy(someJob);
    }

    @Override
    public Optional<ModelVersion> find(String model, String reference) {
        return registry.find(model, reference);
    }

    @Override
    public Optional<ModelVersion> find(String reference) {
        return registry.find(reference);
    }

    @Override
    public List<ModelVersion> list() {
        return registry.list();
    }

    @Override
    public List<ModelVersion> list(String model) {
        return registry.list(model);
    }

    @Override
    public List<String> models() {
        return registry.models();
    }

    @Override
    public Optional<Artifact> artifact(String id) {
        return registry.artifact(id);
    }

    @Override
    public List<DeploymentEvent> deployments(String model) {
        return registry.deployments(model);
    }

    @Override
    public boolean appendDeployment(DeploymentEvent event) {
        return registry.appendDeployment(event);
    }

    @Override
    public ModelRegistry forJob(String otherJob) {
        return registry.forJob(otherJob);
    }
}
