package forecast.app;

import forecast.domain.serving.LiveRefresher;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link LiveRefresher#refreshOnce()} every {@code cluster.refresh_ms} on a daemon thread, so
 * that a deploy, rollback, promotion or experiment change made by another replica on the same
 * database is served here within that interval (plus the time to load a new version). On H2 with
 * one replica each tick finds nothing changed. A failing tick is logged and the next one runs.
 */
final class ClusterRefresh implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ClusterRefresh.class.getName());

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        var t = new Thread(r, "forecast-cluster-refresh");
        t.setDaemon(true);
        return t;
    });

    ClusterRefresh(LiveRefresher refresher, Duration every) {
        long ms = Math.max(10, every.toMillis());
        timer.scheduleWithFixedDelay(() -> {
            try {
                refresher.refreshOnce();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a cluster refresh failed", e);
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
