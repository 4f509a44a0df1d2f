package forecast.domain.forecasting;

/** A history shorter than a model needs: {@code required} observations, {@code actual} given. */
public final class InsufficientHistoryException extends RuntimeException {
    private final int required;
    private final int actual;

    public InsufficientHistoryException(int required, int actual) {
        super("the history has " + actual + " observations; the model needs at least " + required);
        this.required = required;
        this.actual = actual;
    }

    public int required() {
        return required;
    }

    public int actual() {
        return actual;
    }
}
