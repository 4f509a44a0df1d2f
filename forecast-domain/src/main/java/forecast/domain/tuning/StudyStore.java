package forecast.domain.tuning;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where studies and their trials live (port): in memory, or in H2 through JDBI so that a study
 * survives a restart, can be resumed by name and inspected by SQL. Every method is atomic and safe
 * to call from several threads (and processes, for the database) at once: trial numbers are never
 * handed out twice and a trial is finished at most once.
 */
public interface StudyStore {
    /**
     * Stores a new study.
     *
     * @throws StudyExistsException when the name is taken
     */
    void create(StudyDefinition study);

    Optional<StudyDefinition> find(String name);

    /** Every study, oldest first. */
    List<StudyDefinition> list();

    /**
     * Adds a {@link TrialState#WAITING} trial with {@code fixedParams} (external values) for a later
     * {@link #startTrial} to take: Optuna's {@code enqueue_trial}, used to warm-start a study.
     *
     * @throws UnknownStudyException when there is no such study
     */
    FrozenTrial enqueue(String study, Map<String, Object> fixedParams);

    /**
     * Starts a trial: the oldest waiting one becomes {@link TrialState#RUNNING}, or else a new
     * running trial gets the next number.
     *
     * @throws UnknownStudyException when there is no such study
     */
    FrozenTrial startTrial(String study, Instant at);

    /**
     * Records that a running trial took {@code value} (external) for parameter {@code name} from
     * {@code distribution}.
     *
     * @throws TrialStateException when the trial is unknown or not running
     */
    void saveParam(String study, int number, String name, Distribution distribution, Object value);

    /** Records an intermediate value of a running trial (a later report of the same step replaces it). */
    void saveIntermediate(String study, int number, int step, double value);

    /** Sets an attribute of a trial in any state. */
    void saveAttribute(String study, int number, String key, String value);

    /**
     * Finishes a running trial as {@code state} (complete, pruned or failed) with {@code value}
     * (null for a failure).
     *
     * @throws TrialStateException when the trial is unknown or already finished
     */
    FrozenTrial finish(String study, int number, TrialState state, Double value, Instant at);

    /** The study's trials by number. */
    List<FrozenTrial> trials(String study);

    Optional<FrozenTrial> trial(String study, int number);
}
