package forecast.domain.serving;

import forecast.domain.deployment.DeploymentHistory;
import forecast.domain.experiment.ExperimentService;
import forecast.domain.registry.ModelRegistry;
import forecast.domain.telemetry.Telemetry;

/**
 * Keeps this replica's live versions and running experiments in step with the shared store, for
 * several replicas on one database (issue 17): a deploy, rollback or promotion made elsewhere
 * appends to a model's deployment history, and an experiment started or ended elsewhere changes
 * the store's running experiments. {@link #refreshOnce()} compares each model's latest history
 * entry with the one this replica made live, loads (checksum verified) and makes live what
 * changed, and re-reads the running experiments. The application runs it every
 * {@code cluster.refresh_ms}; with one replica it finds nothing to do.
 */
public final class LiveRefresher {
    private static final System.Logger LOG = System.getLogger(LiveRefresher.class.getName());

    private final ModelRegistry registry;
    private final LiveModels models;
    private final ExperimentService experiments;
    private final Telemetry telemetry;

    /** {@code experiments} may be null: then only the live versions are refreshed. */
    public LiveRefresher(ModelRegistry registry, LiveModels models, ExperimentService experiments) {
        this(registry, models, experiments, Telemetry.NONE);
    }

    /** The same, telling {@code telemetry} of each live version changed (as a deploy here does). */
    public LiveRefresher(ModelRegistry registry, LiveModels models, ExperimentService experiments, Telemetry telemetry) {
        this.registry = registry;
        this.models = models;
        this.experiments = experiments;
        this.telemetry = telemetry;
    }

    /**
     * One refresh; returns how many models' live versions changed. A model whose new live version
     * cannot be loaded keeps serving the one it had (logged, and tried again next time).
     */
    public int refreshOnce() {
        int changed = 0;
        for (String model : registry.models()) {
            try {
                var events = registry.deployments(model);
                if (events.isEmpty()) continue;
                long latest = events.get(events.size() - 1).sequence();
                if (latest <= models.liveSequence(model)) continue;
                var live = new DeploymentHistory(events).live();
                if (live.isEmpty()) continue;
                var version = registry.find(model, live.get())
                        .orElseThrow(() -> new IllegalStateException("the deployment history of " + model + " names an unregistered version " + live.get()));
                models.load(version);
                long before = models.liveSequence(model);
                models.makeLive(model, version.id(), latest);
                if (models.liveSequence(model) != before) {
                    telemetry.liveVersionChanged(model, version.id());
                    changed++;
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not refresh the live version of " + model, e);
            }
        }
        if (experiments != null) experiments.refresh();
        return changed;
    }
}
