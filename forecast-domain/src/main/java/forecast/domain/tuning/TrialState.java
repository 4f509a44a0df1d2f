package forecast.domain.tuning;

/** Where a trial is in its life, with Optuna's names. */
public enum TrialState {
    /** Enqueued with fixed parameters, waiting for a worker to take it. */
    WAITING,
    /** Asked for and not yet told. */
    RUNNING,
    /** Finished with a value. */
    COMPLETE,
    /** Stopped early by the pruner; its value is the last one it reported. */
    PRUNED,
    /** The objective threw, returned NaN, or the client told it failed. */
    FAILED;

    public boolean finished() {
        return this == COMPLETE || this == PRUNED || this == FAILED;
    }
}
