package forecast.domain.serving;

/**
 * Whether this replica is the one that runs the singletons (the monitoring loop and the
 * retraining pipeline's schedule). Among replicas on one database at most one is the leader at a
 * time; when it goes away, another takes over. Thread-safe.
 */
@FunctionalInterface
public interface Leadership {
    /** A replica alone on its database: always the leader. */
    Leadership ALONE = () -> true;

    /** Whether this replica leads now; cheap, as it is asked on every tick. */
    boolean isLeader();
}
