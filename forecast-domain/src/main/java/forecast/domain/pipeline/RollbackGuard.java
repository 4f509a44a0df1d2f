package forecast.domain.pipeline;

import forecast.domain.deployment.DeploymentResult;
import forecast.domain.deployment.DeploymentService;
import forecast.domain.monitoring.Alert;
import forecast.domain.monitoring.Alerts;
import forecast.domain.monitoring.Monitor;
import forecast.domain.registry.DeploymentAction;
import forecast.domain.registry.ModelRegistry;
import java.util.Locale;
import java.util.Optional;

/**
 * Rolls a promotion back when live accuracy says it was a mistake: while the live version came
 * from a deploy (a promotion, not a rollback) that replaced another, once it has
 * {@code minPoints} scored points, a live MAPE above the previous version's backtest MAPE × (1 +
 * {@code threshold}) rolls back to the previous version and raises a critical alert. Each
 * deployment is judged until it is rolled back or replaced; a rollback is never itself rolled back.
 */
public final class RollbackGuard {
    static final String ACTOR = "monitor";

    private final PipelineSettings.Rollback settings;
    private final DeploymentService deployment;
    private final ModelRegistry registry;
    private final Monitor monitor;
    private final Alerts alerts;

    public RollbackGuard(PipelineSettings.Rollback settings, DeploymentService deployment, ModelRegistry registry, Monitor monitor, Alerts alerts) {
        this.settings = settings;
        this.deployment = deployment;
        this.registry = registry;
        this.monitor = monitor;
        this.alerts = alerts;
    }

    /** Judges each model's live deployment now; the rollbacks' results, when it rolled any back. */
    public synchronized Optional<DeploymentResult> check() {
        if (!settings.enabled()) return Optional.empty();
        Optional<DeploymentResult> any = Optional.empty();
        for (String model : registry.models()) {
            var result = check(model);
            if (result.isPresent()) any = result;
        }
        return any;
    }

    private Optional<DeploymentResult> check(String model) {
        var events = deployment.history(model).events();
        if (events.isEmpty()) return Optional.empty();
        var last = events.get(events.size() - 1);
        if (last.action() != DeploymentAction.DEPLOY || last.previousVersion() == null) return Optional.empty();
        var accuracy = monitor.accuracy(last.version());
        if (accuracy.isEmpty() || accuracy.get().points() < settings.minPoints() || !Double.isFinite(accuracy.get().mape())) return Optional.empty();
        var previous = registry.find(model, last.previousVersion());
        if (previous.isEmpty() || !Double.isFinite(previous.get().metrics().mape())) return Optional.empty();
        double bound = previous.get().metrics().mape() * (1 + settings.threshold());
        double live = accuracy.get().mape();
        if (live <= bound) return Optional.empty();
        String why = String.format(Locale.ROOT, "live MAPE of %s is %.2f%% over %d points, above %s's backtest MAPE %.2f%% × %.2f = %.2f%%",
                last.version(), live, accuracy.get().points(), previous.get().id(), previous.get().metrics().mape(), 1 + settings.threshold(), bound);
        var result = deployment.rollback(model, previous.get().id(), "automatic rollback: " + why, ACTOR);
        if (result instanceof DeploymentResult.Changed)
            alerts.breach(new Alert.Breach("rollback:" + last.version(), Alert.Kind.ROLLBACK, Alert.Severity.CRITICAL, last.version(),
                    "rolled back from " + last.version() + " to " + previous.get().id() + " in the model " + model + ": " + why, live, bound, model));
        return Optional.of(result);
    }
}
