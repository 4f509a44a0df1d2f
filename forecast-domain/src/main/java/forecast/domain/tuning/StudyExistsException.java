package forecast.domain.tuning;

/** A study of this name already exists. */
public final class StudyExistsException extends IllegalStateException {
    public StudyExistsException(String message) {
        super(message);
    }
}
