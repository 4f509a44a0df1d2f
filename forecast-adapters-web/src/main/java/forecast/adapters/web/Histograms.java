package forecast.adapters.web;

import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import java.time.Duration;
import java.util.List;

/**
 * Timers as Prometheus histograms: buckets only, because quantile lines on a histogram fail
 * {@code promtool check metrics}. Every timer of the API is built here, so none forgets that.
 */
final class Histograms {
    private static final double[] NO_PERCENTILES = new double[0];

    private Histograms() {}

    static Timer.Builder timer(String name, String description, List<Tag> tags, Duration... buckets) {
        return Timer.builder(name).description(description).tags(tags).percentiles(NO_PERCENTILES).buckets(buckets);
    }

    static Duration millis(double ms) {
        return Duration.ofNanos(Math.round(ms * 1_000_000));
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
