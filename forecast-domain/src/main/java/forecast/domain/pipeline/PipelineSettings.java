package forecast.domain.pipeline;

import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.tuning.Distribution;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * How the retraining pipeline runs (the {@code pipeline} section of {@code ml_config.yaml}).
 *
 * @param seriesId          the stored series to retrain on; null: the live version's training series
 * @param algorithm         the candidate's family; null: the live version's
 * @param hyperparameters   fixed settings for the candidate over the family's defaults (tuning varies the rest)
 * @param searchSpace       entries replacing or adding to the family's search space (narrower ranges bound a run's cost)
 * @param nTrials           tuning trials within the budget (0: no tuning, the live version's settings)
 * @param tuneTimeout       the tuning budget's time limit (null: none)
 * @param policy            what a candidate that is better does: deploy, start a canary, or stay registered
 * @param margin            the candidate's backtest MASE must be below the live version's × (1 - margin), and below the baseline's
 * @param schedule          a run every this long (null: no schedule)
 * @param alertTriggers     the kinds of alert (lower-case names) whose opening starts a run
 * @param canary            the canary experiment's settings
 * @param rollback          when an automatic rollback follows a promotion
 */
public record PipelineSettings(String seriesId, String algorithm, Hyperparameters hyperparameters, Map<String, Distribution> searchSpace, int nTrials, Duration tuneTimeout, Policy policy,
                               double margin, Duration schedule, Set<String> alertTriggers, Canary canary, Rollback rollback) {
    /** What a better candidate does. */
    public enum Policy { DEPLOY, CANARY, REGISTER }

    /**
     * A canary: an A/B test with {@code split} of the traffic on the candidate, decided by MAPE
     * after {@code minSamples} scored predictions per arm and {@code durationHours}; the candidate
     * is promoted when it wins and the experiment stopped when it loses (or shows no difference).
     */
    public record Canary(double split, int minSamples, double durationHours) {
        public Canary {
            if (!(split > 0 && split < 1)) throw new IllegalArgumentException("canary split must be in (0, 1)");
            if (minSamples < 1 || !(durationHours > 0)) throw new IllegalArgumentException("canary needs min samples >= 1 and a positive duration");
        }
    }

    /**
     * After a promotion (a deploy that is not a rollback), once the new live version has
     * {@code minPoints} scored points, its live MAPE above the previous version's backtest MAPE ×
     * (1 + {@code threshold}) rolls it back and raises an alert.
     */
    public record Rollback(boolean enabled, double threshold, int minPoints) {
        public Rollback {
            if (!(threshold >= 0) || minPoints < 1) throw new IllegalArgumentException("rollback needs threshold >= 0 and min points >= 1");
        }
    }

    public PipelineSettings {
        hyperparameters = hyperparameters == null ? Hyperparameters.NONE : hyperparameters;
        searchSpace = searchSpace == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(searchSpace));
        if (nTrials < 0) throw new IllegalArgumentException("n_trials must be >= 0");
        if (policy == null) throw new IllegalArgumentException("policy is required");
        if (!(margin >= 0 && margin < 1)) throw new IllegalArgumentException("margin must be in [0, 1)");
        if (schedule != null && (schedule.isNegative() || schedule.isZero())) throw new IllegalArgumentException("schedule must be positive");
        alertTriggers = alertTriggers == null ? Set.of() : Set.copyOf(alertTriggers);
        if (canary == null || rollback == null) throw new IllegalArgumentException("canary and rollback settings are required");
    }

    public static PipelineSettings defaults() {
        return new PipelineSettings(null, null, Hyperparameters.NONE, Map.of(), 10, Duration.ofMinutes(10), Policy.CANARY, 0.05, null,
                Set.of("input_drift", "accuracy_drift", "accuracy"), new Canary(0.1, 100, 24), new Rollback(true, 0.5, 100));
    }
}
