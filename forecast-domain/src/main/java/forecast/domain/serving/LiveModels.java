package forecast.domain.serving;

import forecast.domain.deployment.DeploymentHistory;
import forecast.domain.deployment.LiveVersions;
import forecast.domain.forecasting.CalibratedModel;
import forecast.domain.forecasting.Forecaster;
import forecast.domain.forecasting.ModelArtifact;
import forecast.domain.forecasting.Portfolio;
import forecast.domain.forecasting.PortfolioArtifact;
import forecast.domain.registry.ModelNames;
import forecast.domain.registry.ModelRegistry;
import forecast.domain.registry.ModelVersion;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The models kept in memory for serving, and which version of each model is live. A version is
 * read from the registry (checksum verified) once, on deploy or on its first request; after that
 * forecasts touch no storage. Deploys and rollbacks reach it as {@link LiveVersions}.
 */
public final class LiveModels implements LiveVersions, forecast.domain.experiment.ArmVersions {
    private record Live(String versionId, long sequence) {}

    private final ModelRegistry registry;
    private final Map<String, Forecaster> forecasters;
    private final Map<String, LoadedModel> byId = new ConcurrentHashMap<>();
    /** model + '\0' + label → version id. */
    private final Map<String, String> idByLabel = new ConcurrentHashMap<>();
    private final Map<String, Live> live = new ConcurrentHashMap<>();

    public LiveModels(ModelRegistry registry, List<Forecaster> forecasters) {
        this.registry = registry;
        this.forecasters = forecasters.stream().collect(Collectors.toUnmodifiableMap(Forecaster::algorithm, Function.identity()));
    }

    /** The forecasters it can load models of, by algorithm. */
    public Map<String, Forecaster> forecasters() {
        return forecasters;
    }

    /**
     * Loads the version of each model that its stored deployment history makes live, and returns
     * them.
     *
     * @throws forecast.domain.registry.CorruptArtifactException when an artifact fails its checksum
     */
    public List<LoadedModel> restore() {
        for (String model : registry.models()) {
            var events = registry.deployments(model);
            var history = new DeploymentHistory(events);
            if (history.live().isEmpty()) continue;
            var version = registry.find(model, history.live().get())
                    .orElseThrow(() -> new IllegalStateException("the deployment history of " + model + " names an unregistered version " + history.live().get()));
            load(version);
            makeLive(model, version.id(), events.get(events.size() - 1).sequence());
        }
        return liveModels();
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
        byte[] bytes = artifact.verified();
        if (PortfolioArtifact.isPortfolio(bytes)) return add(version, PortfolioArtifact.read(bytes, forecasters));
        return add(version, ModelArtifact.read(bytes, forecasters));
    }

    /** {@link #load}, for a deploy or rollback: the version is in memory before it is made live. */
    @Override
    public void preload(ModelVersion version) {
        load(version);
    }

    /** Keeps a portfolio just trained, so that it need not be read back. */
    public LoadedModel add(ModelVersion version, Portfolio portfolio) {
        return keep(new LoadedModel(version, portfolio.representative(), portfolio));
    }

    /** Keeps a model just trained, so that it need not be read back. */
    public LoadedModel add(ModelVersion version, CalibratedModel model) {
        return keep(new LoadedModel(version, model));
    }

    private LoadedModel keep(LoadedModel loaded) {
        var version = loaded.version();
        var previous = byId.putIfAbsent(version.id(), loaded);
        if (version.label() != null) idByLabel.put(version.model() + '\0' + version.label(), version.id());
        return previous != null ? previous : loaded;
    }

    /**
     * Records that {@code versionId} (loaded, a version of {@code model}) became live with history
     * entry {@code sequence}; a change with an older sequence than the one in force is ignored, so
     * racing deploys end on the history's last entry.
     */
    @Override
    public void makeLive(String model, String versionId, long sequence) {
        var loaded = byId.get(versionId);
        if (loaded == null) throw new IllegalStateException("version " + versionId + " is not loaded");
        if (!loaded.version().model().equals(model)) throw new IllegalArgumentException("version " + versionId + " is not a version of " + model);
        live.merge(model, new Live(versionId, sequence), (now, next) -> next.sequence() > now.sequence() ? next : now);
    }

    /**
     * The deployment history entry that made {@code model}'s live version live in this replica, or
     * -1 when none is live here: what {@link LiveRefresher} compares with the store's latest entry.
     */
    public long liveSequence(String model) {
        var l = live.get(model);
        return l == null ? -1 : l.sequence();
    }

    /** The live version of {@code model}, if one is deployed. */
    public Optional<LoadedModel> live(String model) {
        var l = live.get(model);
        return l == null ? Optional.empty() : Optional.ofNullable(byId.get(l.versionId()));
    }

    /** The live version of the model {@link ModelNames#DEFAULT}. */
    public Optional<LoadedModel> live() {
        return live(ModelNames.DEFAULT);
    }

    /** The live version of every model that has one, by model name. */
    public List<LoadedModel> liveModels() {
        return live.keySet().stream().sorted().map(this::live).flatMap(Optional::stream).toList();
    }

    /**
     * The version of {@code model} a client named by id or label: from memory, else read once from
     * the registry.
     *
     * @throws forecast.domain.registry.CorruptArtifactException when its artifact fails its checksum
     */
    @Override
    public Optional<forecast.domain.registry.ModelVersion> armVersion(String model, String reference) {
        return resolve(model, reference).map(LoadedModel::version);
    }

    public Optional<LoadedModel> resolve(String model, String reference) {
        var loaded = byId.get(reference);
        if (loaded == null) {
            var id = idByLabel.get(model + '\0' + reference);
            if (id != null) loaded = byId.get(id);
        }
        if (loaded != null) return loaded.version().model().equals(model) ? Optional.of(loaded) : Optional.empty();
        return registry.find(model, reference).map(this::load);
    }

    /** A version of the model {@link ModelNames#DEFAULT} by id or label: what a reference means where no model is named. */
    public Optional<LoadedModel> resolve(String reference) {
        return resolve(ModelNames.DEFAULT, reference);
    }

    /**
     * The version whose id is {@code id}, of any model: from memory, else read once from the
     * registry (for what follows a version's own id, such as the accuracy of its recorded forecasts).
     */
    public Optional<LoadedModel> byId(String id) {
        var loaded = byId.get(id);
        if (loaded != null) return Optional.of(loaded);
        return registry.find(id).filter(v -> v.id().equals(id)).map(this::load);
    }

    /** The models in memory. */
    public Collection<LoadedModel> loaded() {
        return List.copyOf(byId.values());
    }
}
