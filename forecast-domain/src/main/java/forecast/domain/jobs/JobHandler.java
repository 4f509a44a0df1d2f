package forecast.domain.jobs;

import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs the jobs of one kind. {@link #run} is called again from the start when a job is taken again
 * after a crash (its attempt is {@link Job#attempts()}), so a handler makes its effects idempotent:
 * a training registers its version once per job, a tuning continues its study from its stored
 * trials.
 */
public interface JobHandler {
    String kind();

    /**
     * Runs {@code job}, telling {@code progress} what it does (each call is also where a cancelled
     * job stops, with {@link JobCancelledException}). Returns the result to store: a job that ran but
     * did not get what it was asked for returns normally with {@link Outcome#failed}.
     */
    Outcome run(Job job, Consumer<String> progress) throws InterruptedException;

    /** How a run ended: succeeded or failed, with its result and, when failed, why. */
    record Outcome(boolean succeeded, Map<String, String> result, String error) {
        public Outcome {
            result = result == null ? Map.of() : Map.copyOf(result);
        }

        public static Outcome succeeded(Map<String, String> result) {
            return new Outcome(true, result, null);
        }

        public static Outcome failed(Map<String, String> result, String error) {
            return new Outcome(false, result, error);
        }
    }
}
