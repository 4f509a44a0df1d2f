package forecast.domain.experiment;

import forecast.domain.naming.NameRule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An A/B test on live traffic: requests without an explicit model version are split between the
 * {@code arms} by weight (stickily by unit when asked), every forecast is recorded, and realised
 * actuals score the arms by {@code metric} ({@code mape} or {@code mae}). It decides once each arm
 * has {@code minSamples} scored predictions and {@code duration} has passed. {@code scope} is the
 * series whose traffic it takes, or null for all traffic. It tests versions of the model
 * {@code model} ({@link forecast.domain.registry.ModelNames}) on that model's traffic, and its
 * promotion changes only that model's live version.
 *
 * @param startedBy who started it; {@code endedBy} who stopped or promoted it
 * @param promoted  the version deployed by promotion, once promoted
 */
public record Experiment(String model, String name, List<Arm> arms, String metric, int minSamples, boolean sticky, Duration duration, String scope,
                         State state, Instant started, String startedBy, Instant ended, String endedBy, String promoted) {
    public static final List<String> METRICS = List.of("mape", "mae");

    /** Running takes traffic; stopped and promoted do not (promoting stops it). */
    public enum State { RUNNING, STOPPED, PROMOTED }

    public Experiment {
        if (model == null || model.isBlank()) throw new IllegalArgumentException("an experiment belongs to a model");
        NameRule.NAME.check("an experiment name", name);
        arms = List.copyOf(arms);
        if (arms.size() < 2) throw new IllegalArgumentException("an experiment needs at least two arms");
        if (!METRICS.contains(metric)) throw new IllegalArgumentException("metric must be one of " + METRICS);
        if (minSamples < 1) throw new IllegalArgumentException("min_samples must be >= 1");
        if (duration == null || duration.isNegative()) throw new IllegalArgumentException("duration must be >= 0");
        if (state == null || started == null) throw new IllegalArgumentException("state and start are required");
    }

    /** An experiment of the model {@link forecast.domain.registry.ModelNames#DEFAULT}. */
    public Experiment(String name, List<Arm> arms, String metric, int minSamples, boolean sticky, Duration duration, String scope,
                      State state, Instant started, String startedBy, Instant ended, String endedBy, String promoted) {
        this(forecast.domain.registry.ModelNames.DEFAULT, name, arms, metric, minSamples, sticky, duration, scope, state, started, startedBy,
                ended, endedBy, promoted);
    }

    public Instant endsAt() {
        return started.plus(duration);
    }

    public boolean running() {
        return state == State.RUNNING;
    }

    /**
     * Whether this and {@code other} would take some of the same requests: they test the same
     * model, and either takes all its traffic, or both the same series.
     */
    public boolean competesWith(Experiment other) {
        return model.equals(other.model()) && (scope == null || other.scope() == null || scope.equals(other.scope()));
    }

    /** The arm serving {@code version}, if any. */
    public java.util.Optional<Arm> arm(String version) {
        return arms.stream().filter(a -> a.version().equals(version) || a.reference().equals(version)).findFirst();
    }

    public Experiment ended(State to, Instant at, String by, String promotedVersion) {
        return new Experiment(model, name, arms, metric, minSamples, sticky, duration, scope, to, started, startedBy, at, by, promotedVersion);
    }
}
