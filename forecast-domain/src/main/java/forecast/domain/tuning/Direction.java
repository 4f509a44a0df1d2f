package forecast.domain.tuning;

/** Whether a study looks for the lowest or the highest value. */
public enum Direction {
    MINIMIZE,
    MAXIMIZE;

    /** Whether {@code a} is strictly better than {@code b}. */
    public boolean better(double a, double b) {
        return this == MINIMIZE ? a < b : a > b;
    }

    /** {@code value} turned so that lower is better (what samplers and pruners compare). */
    public double loss(double value) {
        return this == MINIMIZE ? value : -value;
    }
}
