package forecast.domain.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The durable queue of heavy work (port). Every change of a job is one atomic step on its row, so
 * that several workers, in one process or in several sharing a database, never hold the same job:
 * a job is taken by {@link #claim}, kept by {@link #heartbeat} while it runs, and taken again by
 * another claim when its holder stopped renewing the lease (a crash).
 */
public interface JobQueue {
    /** Queues {@code job}. */
    Job enqueue(NewJob job);

    /**
     * Takes the oldest job of {@code kinds} that is queued, or running with a lease that expired
     * before {@code now}, for {@code holder} until {@code leaseUntil}, counting an attempt. A job whose
     * lease expired after {@code maxAttempts} attempts is not taken but {@link Job.State#FAILED}
     * with the reason. Empty when there is nothing to take.
     */
    Optional<Job> claim(List<String> kinds, String holder, Instant now, Instant leaseUntil, int maxAttempts);

    /** Extends {@code holder}'s lease on job {@code id}; false when it no longer holds it (taken again, or ended). */
    boolean heartbeat(String id, String holder, Instant leaseUntil);

    /** Adds a line to a running job's progress; false when {@code holder} no longer holds it. */
    boolean progress(String id, String holder, String line);

    /** Ends a job {@code holder} holds as {@code state} with {@code result} or {@code error}; false when it no longer holds it. */
    boolean finish(String id, String holder, Job.State state, Map<String, String> result, String error, Instant at);

    /**
     * Cancels job {@code id}: a queued one at once, a running one is marked so that it stops at its
     * next progress point. Empty when there is no such job; an ended job is returned unchanged.
     */
    Optional<Job> cancel(String id, Instant at);

    Optional<Job> find(String id);

    /** The newest {@code limit} jobs, newest first. */
    List<Job> list(int limit);

    /** How many queued jobs are ahead of queued job {@code id} (0: it is next), or empty when it is not queued. */
    Optional<Integer> position(String id);
}
