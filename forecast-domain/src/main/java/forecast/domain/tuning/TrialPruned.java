package forecast.domain.tuning;

/**
 * Thrown by an objective to say its trial should stop here, after {@link Trial#shouldPrune()}
 * answered yes (Optuna's {@code raise TrialPruned()}). The trial ends as {@link TrialState#PRUNED}.
 */
public final class TrialPruned extends RuntimeException {
    public TrialPruned() {
        super("pruned", null, false, false);
    }

    public TrialPruned(String message) {
        super(message, null, false, false);
    }
}
