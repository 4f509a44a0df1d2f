package forecast.adapters.web;

/** Ends a request with a problem response; thrown only for what the client can fix. */
final class ProblemException extends RuntimeException {
    private final transient Problem problem;
    private final boolean closeConnection;
    private final long retryAfterSeconds;

    ProblemException(Problem problem) {
        this(problem, false);
    }

    /** {@code closeConnection}: the request body was left unread, so the connection cannot carry another request. */
    ProblemException(Problem problem, boolean closeConnection) {
        this(problem, closeConnection, 0);
    }

    /** {@code retryAfterSeconds}: when the client may try again (a {@code Retry-After} header); 0 for none. */
    ProblemException(Problem problem, boolean closeConnection, long retryAfterSeconds) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.closeConnection = closeConnection;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    boolean closeConnection() {
        return closeConnection;
    }

    Problem problem() {
        return problem;
    }
}
