package forecast.domain.experiment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where experiments live (port). Starting, stopping and promoting are each one atomic step, safe
 * when two admin calls race and durable once they return.
 */
public interface ExperimentStore {
    /** How a start went. */
    sealed interface Started {
        record Done(Experiment experiment) implements Started {}

        record NameTaken(String name) implements Started {}

        /** A running experiment already takes some of the same traffic. */
        record Competing(Experiment running) implements Started {}
    }

    /** Stores {@code experiment} (running) unless its name is taken or a running one competes for its traffic. */
    Started start(Experiment experiment);

    Optional<Experiment> find(String name);

    /** Every experiment, newest first. */
    List<Experiment> list();

    /** The running experiments. */
    List<Experiment> running();

    /**
     * Ends a running experiment as {@code to} (stopped or promoted, the latter with the version).
     *
     * @return the ended experiment, or empty when it was not running (unknown, or ended by someone else)
     */
    Optional<Experiment> end(String name, Experiment.State to, Instant at, String by, String promotedVersion);
}
