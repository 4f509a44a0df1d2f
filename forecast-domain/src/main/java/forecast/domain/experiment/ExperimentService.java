package forecast.domain.experiment;

import forecast.domain.deployment.DeploymentResult;
import forecast.domain.deployment.DeploymentService;
import forecast.domain.naming.NameRule;
import forecast.domain.recording.PredictionLog;
import forecast.domain.recording.PredictionRecorder;
import forecast.domain.registry.ModelNames;
import forecast.domain.registry.DeploymentAction;
import forecast.domain.series.Violation;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * The A/B test use cases: start, route, report, stop and promote. Routing reads a snapshot of the
 * running experiments kept in memory, so that the prediction path does no I/O; every change goes
 * through the store first. Recording the arms' forecasts and scoring them against actuals is
 * {@code forecast.domain.recording}'s work, shared with monitoring: a report reads the outcomes
 * from the {@link PredictionLog} once the {@link PredictionRecorder} has written what it holds.
 */
public final class ExperimentService {
    /** Experiments must leave a difference room to show: at most this long. */
    static final double MAX_DURATION_HOURS = 24 * 366;
    static final int DEFAULT_MIN_SAMPLES = 100;

    private final ExperimentStore store;
    private final PredictionLog log;
    private final PredictionRecorder recorder;
    private final ArmVersions models;
    private final DeploymentService deployment;
    private final SignificanceTest stats;
    private final Clock clock;
    private volatile List<Experiment> running;

    public ExperimentService(ExperimentStore store, PredictionLog log, PredictionRecorder recorder, ArmVersions models, DeploymentService deployment,
                             SignificanceTest stats, Clock clock) {
        this.store = store;
        this.log = log;
        this.recorder = recorder;
        this.models = models;
        this.deployment = deployment;
        this.stats = stats;
        this.clock = clock;
        this.running = store.running();
    }

    /** How a start went. */
    public sealed interface StartResult {
        record Started(Experiment experiment) implements StartResult {}

        record Invalid(List<Violation> violations) implements StartResult {}

        record NameTaken(String name) implements StartResult {}

        record Competing(Experiment running) implements StartResult {}
    }

    public StartResult start(StartRequest r) {
        var errors = new ArrayList<Violation>();
        String model = r.model() == null ? ModelNames.DEFAULT : r.model();
        String nameProblem = NameRule.NAME.problem(r.name());
        if (nameProblem != null) errors.add(new Violation("name", nameProblem));
        var arms = new ArrayList<Arm>();
        if (r.models() == null || r.models().size() < 2) errors.add(new Violation("models", "must name at least two model versions"));
        if (r.trafficSplit() == null || r.models() != null && r.trafficSplit().size() != r.models().size())
            errors.add(new Violation("traffic_split", "must give one share per model"));
        else if (r.models() != null) {
            double sum = 0;
            for (int i = 0; i < r.trafficSplit().size(); i++) {
                Double w = r.trafficSplit().get(i);
                if (w == null || !(w >= 0 && w <= 1)) errors.add(new Violation("traffic_split[" + i + "]", "must be a share in [0, 1]"));
                else sum += w;
            }
            if (errors.stream().noneMatch(v -> v.field().startsWith("traffic_split")) && Math.abs(sum - 1) > 1e-9)
                errors.add(new Violation("traffic_split", "must sum to 1, not " + sum));
        }
        if (r.models() != null) {
            var seen = new HashSet<String>();
            for (int i = 0; i < r.models().size(); i++) {
                String ref = r.models().get(i);
                var version = ref == null ? Optional.<forecast.domain.registry.ModelVersion>empty() : models.armVersion(model, ref);
                if (version.isEmpty()) {
                    errors.add(new Violation("models[" + i + "]", "no version " + ref + " of the model " + model));
                    continue;
                }
                String id = version.get().id();
                if (!seen.add(id)) errors.add(new Violation("models[" + i + "]", ref + " is already an arm; each version serves one arm"));
                double w = r.trafficSplit() != null && i < r.trafficSplit().size() && r.trafficSplit().get(i) != null ? r.trafficSplit().get(i) : 0;
                arms.add(new Arm(id, ref, Math.max(0, Math.min(1, w))));
            }
        }
        if (r.durationHours() == null || !(r.durationHours() > 0 && r.durationHours() <= MAX_DURATION_HOURS))
            errors.add(new Violation("duration_hours", "must be more than 0 and at most " + (long) MAX_DURATION_HOURS));
        String metric = r.metric() == null ? "mape" : r.metric();
        if (!Experiment.METRICS.contains(metric)) errors.add(new Violation("metric", "must be one of " + Experiment.METRICS));
        int minSamples = r.minSamples() == null ? DEFAULT_MIN_SAMPLES : r.minSamples();
        if (minSamples < 1) errors.add(new Violation("min_samples", "must be at least 1"));
        if (!errors.isEmpty()) return new StartResult.Invalid(errors);
        var experiment = new Experiment(model, r.name(), arms, metric, minSamples, r.sticky() == null || r.sticky(),
                Duration.ofMillis(Math.round(r.durationHours() * 3_600_000)), r.scope(), Experiment.State.RUNNING, clock.instant(), r.actor(),
                null, null, null);
        var started = store.start(experiment);
        refresh();
        return switch (started) {
            case ExperimentStore.Started.Done d -> new StartResult.Started(d.experiment());
            case ExperimentStore.Started.NameTaken t -> new StartResult.NameTaken(t.name());
            case ExperimentStore.Started.Competing c -> new StartResult.Competing(c.running());
        };
    }

    /** Where a request goes: the experiment, the arm's index and the arm. */
    public record Routing(Experiment experiment, int index, Arm arm) {}

    /**
     * The arm for a request to {@code model} of {@code seriesId} (null: the default traffic) and
     * {@code unitId}: the model's running experiment scoped to the series, else its unscoped one;
     * empty when none runs. Without a unit, or in a non-sticky experiment, the arm is drawn at
     * random by weight.
     */
    public Optional<Routing> route(String model, String seriesId, String unitId) {
        Experiment chosen = null;
        for (var e : running) {
            if (!e.model().equals(model)) continue;
            if (e.scope() != null && e.scope().equals(seriesId)) {
                chosen = e;
                break;
            }
            if (e.scope() == null && chosen == null) chosen = e;
        }
        if (chosen == null) return Optional.empty();
        int i = Assignment.arm(chosen, chosen.sticky() ? unitId : null);
        return Optional.of(new Routing(chosen, i, chosen.arms().get(i)));
    }

    public Optional<Experiment> find(String name) {
        return store.find(name);
    }

    public List<Experiment> list() {
        return store.list();
    }

    public Optional<ExperimentReport> report(String name) {
        return store.find(name).map(e -> {
            try {
                recorder.flush();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return ExperimentAnalysis.analyse(e, log.outcomes(name), stats, clock.instant());
        });
    }

    /** How a stop or promotion went. */
    public sealed interface EndResult {
        record Ended(Experiment experiment, DeploymentResult deployment) implements EndResult {}

        record Unknown(String name) implements EndResult {}

        record NotRunning(Experiment experiment) implements EndResult {}

        /** Promotion without a named arm needs a winner. */
        record NoWinner(ExperimentReport.Decision decision) implements EndResult {}

        /** The named arm is not one of the experiment's. */
        record UnknownArm(String arm) implements EndResult {}
    }

    public EndResult stop(String name, String actor) {
        var e = store.find(name);
        if (e.isEmpty()) return new EndResult.Unknown(name);
        var ended = store.end(name, Experiment.State.STOPPED, clock.instant(), actor, null);
        refresh();
        return ended.<EndResult>map(x -> new EndResult.Ended(x, null)).orElseGet(() -> new EndResult.NotRunning(store.find(name).orElseThrow()));
    }

    /**
     * Ends a running experiment by deploying its winner, or {@code arm} when named, through the
     * normal deploy path. The experiment is marked promoted first (one atomic step, so that two
     * racing promotions cannot both win), then the version deployed; a deploy cut short by a crash
     * is finished by {@link #completePromotions()} at the next start.
     */
    public EndResult promote(String name, String arm, String actor) {
        var found = store.find(name);
        if (found.isEmpty()) return new EndResult.Unknown(name);
        var e = found.get();
        if (!e.running()) return new EndResult.NotRunning(e);
        String version;
        if (arm != null) {
            var a = e.arm(arm);
            if (a.isEmpty()) return new EndResult.UnknownArm(arm);
            version = a.get().version();
        } else {
            var decision = report(name).orElseThrow().decision();
            if (!(decision instanceof ExperimentReport.Decision.Winner w)) return new EndResult.NoWinner(decision);
            version = w.version();
        }
        var ended = store.end(name, Experiment.State.PROMOTED, clock.instant(), actor, version);
        refresh();
        if (ended.isEmpty()) return new EndResult.NotRunning(store.find(name).orElseThrow());
        return new EndResult.Ended(ended.get(), deploy(ended.get(), actor));
    }

    private DeploymentResult deploy(Experiment e, String actor) {
        return deployment.deploy(e.model(), e.promoted(), "promoted by experiment " + e.name(), actor);
    }

    /** Deploys the version of any promotion that a crash left undeployed; returns how many. */
    public int completePromotions() {
        int done = 0;
        for (var e : store.list()) {
            if (e.state() != Experiment.State.PROMOTED || e.promoted() == null) continue;
            var events = deployment.history(e.model()).events();
            boolean deployed = events.stream().anyMatch(ev -> ev.version().equals(e.promoted()) && ev.action() == DeploymentAction.DEPLOY
                    && !ev.at().isBefore(e.ended()));
            if (!deployed) {
                deploy(e, e.endedBy());
                done++;
            }
        }
        return done;
    }

    /** Re-reads the running experiments (after a change here or, for a shared database, elsewhere). */
    public void refresh() {
        running = store.running();
    }
}
