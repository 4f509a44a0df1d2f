package forecast.domain.monitoring;

/**
 * Where alerts are sent when they open or resolve (port): a webhook, a log. Called off the
 * monitor's thread; may throw, and is then retried a few times.
 */
public interface AlertSink {
    /** {@code event} is {@code raised} or {@code resolved}. */
    void send(String event, Alert alert) throws Exception;
}
