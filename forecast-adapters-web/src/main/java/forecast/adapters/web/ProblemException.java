package forecast.adapters.web;

/** Ends a request with a problem response; thrown only for what the client can fix. */
final class ProblemException extends RuntimeException {
    private final transient Problem problem;
    private final boolean closeConnection;

    ProblemException(Problem problem) {
        this(problem, false);
    }

    /** {@code closeConnection}: the request body was left unread, so the connection cannot carry another request. */
    ProblemException(Problem problem, boolean closeConnection) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.closeConnection = closeConnection;
    }

    boolean closeConnection() {
        return closeConnection;
    }

    Problem problem() {
        return problem;
    }
}
