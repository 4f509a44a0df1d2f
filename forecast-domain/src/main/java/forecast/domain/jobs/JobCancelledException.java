package forecast.domain.jobs;

/** Thrown at a progress point of a job whose cancellation was asked for: the job ends {@code cancelled}. */
public final class JobCancelledException extends RuntimeException {
    public JobCancelledException(String id) {
        super("job " + id + " was cancelled");
    }
}
