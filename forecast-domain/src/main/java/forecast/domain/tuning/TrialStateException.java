package forecast.domain.tuning;

/** A trial that does not exist or is not in the state the call needs (telling a finished trial, reporting to one that is not running). */
public final class TrialStateException extends IllegalStateException {
    public TrialStateException(String message) {
        super(message);
    }
}
