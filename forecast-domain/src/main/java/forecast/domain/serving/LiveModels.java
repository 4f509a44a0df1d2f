package forecast.domain.serving;

import forecast.domain.deployment.DeploymentHistory;
import forecast.domain.forecasting.CalibratedModel;
import forecast.domain.forecasting.Forecaster;
import forecast.domain.forecasting.ModelArtifact;
import forecast.domain.registry.ModelRegistry;
import forecast.domain.registry.ModelVersion;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The models kept in memory for serving, and which one is live. A version is read from the
 * registry (checksum verified) once, on deploy or on its first request; after that forecasts
 * touch no storage.
 */
public final class LiveModels {
    private record Live(String versionId, long sequence) {}

    private final ModelRegistry registry;
    private final Map<String, Forecaster> forecasters;
    private final Map<String, LoadedModel> byId = new ConcurrentHashMap<>();
    private final Map<String, String> idByLabel = new ConcurrentHashMap<>();
    private final AtomicReference<Live> live = new AtomicReference<>(new Live(null, 0));

    public LiveModels(ModelRegistry registry, List<Forecaster> forecasters) {
        this.registry = registry;
        this.forecasters = forecasters.stream().collect(Collectors.toUnmodifiableMap(Forecaster::algorithm, Function.identity()));
    }

    /**
     * Loads the version live according to the stored deployment history, if any, and returns it.
     *
     * @throws forecast.domain.registry.CorruptArtifactException when its artifact fails its checksum
     */
    public Optional<LoadedModel> restore() {
        var events = registry.deployments();
        var history = new DeploymentHistory(events);
        if (history.live().isEmpty()) return Optional.empty();
        var version = registry.find(history.live().get())
                .orElseThrow(() -> new IllegalStateException("the deployment history names an unregistered version " + history.live().get()));
        var loaded = load(version);
        makeLive(version.id(), events.get(events.size() - 1).sequence());
        return Optional.of(loaded);
    }

    /**
     * The loaded model of {@code version}, reading and verifying its artifact if it is not in memory.
     *
     * @throws forecast.domain.registry.CorruptArtifactException when the artifact fails its checksum
     */
    public LoadedModel load(ModelVersion version) {
        var loaded = byId.get(version.id());
        if (loaded != null) return loaded;
        var artifact = registry.artifact(version.id())
                .orElseThrow(() -> new IllegalStateException("model version " + version.id() + " has no stored artifact"));
        return add(version, ModelArtifact.read(artifact.verified(), forecasters));
    }

    /** Keeps a model just trained, so that it need not be read back. */
    public LoadedModel add(ModelVersion version, CalibratedModel model) {
        var loaded = new LoadedModel(version, model);
        var previous = byId.putIfAbsent(version.id(), loaded);
        if (version.label() != null) idByLabel.put(version.label(), version.id());
        return previous != null ? previous : loaded;
    }

    /**
     * Records that {@code versionId} (loaded) became live with history entry {@code sequence}; a
     * change with an older sequence than the one in force is ignored, so racing deploys end on the
     * history's last entry.
     */
    public void makeLive(String versionId, long sequence) {
        if (!byId.containsKey(versionId)) throw new IllegalStateException("version " + versionId + " is not loaded");
        live.accumulateAndGet(new Live(versionId, sequence), (now, next) -> next.sequence() > now.sequence() ? next : now);
    }

    /** The live model, if one is deployed. */
    public Optional<LoadedModel> live() {
        var id = live.get().versionId();
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
    }

    /**
     * The model a client named by id or label: from memory, else read once from the registry.
     *
     * @throws forecast.domain.registry.CorruptArtifactException when its artifact fails its checksum
     */
    public Optional<LoadedModel> resolve(String reference) {
        var loaded = byId.get(reference);
        if (loaded == null) {
            var id = idByLabel.get(reference);
            if (id != null) loaded = byId.get(id);
        }
        if (loaded != null) return Optional.of(loaded);
        return registry.find(reference).map(this::load);
    }

    /** The models in memory. */
    public Collection<LoadedModel> loaded() {
        return List.copyOf(byId.values());
    }
}
