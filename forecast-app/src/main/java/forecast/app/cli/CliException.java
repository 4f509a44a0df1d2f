package forecast.app.cli;

/** A command failed: its message is the one line shown on standard error; the exit status is 1. */
public final class CliException extends RuntimeException {
    public CliException(String message) {
        super(message);
    }
}
