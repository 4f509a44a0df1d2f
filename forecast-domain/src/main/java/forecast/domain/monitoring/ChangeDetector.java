package forecast.domain.monitoring;

/**
 * Watches a stream of values (live forecast errors) for a rise in their mean (port): accuracy
 * drift. Not thread-safe; one per model version.
 */
public interface ChangeDetector {
    String name();

    /** Adds the next value; true when it completes a detected change. */
    boolean add(double value);

    /** The test statistic now, and the threshold at which a change is detected. */
    double statistic();

    double threshold();

    /** Values seen since the start or the last {@link #reset}. */
    long count();

    /** Starts over: after a change, the new level becomes the baseline. */
    void reset();
}
