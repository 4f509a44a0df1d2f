package forecast.domain.tuning;

/** No study of this name. */
public final class UnknownStudyException extends IllegalStateException {
    public UnknownStudyException(String message) {
        super(message);
    }
}
