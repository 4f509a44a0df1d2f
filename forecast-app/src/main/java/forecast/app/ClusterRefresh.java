package forecast.app;

import forecast.domain.serving.LiveRefresher;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs {@link LiveRefresher#refreshOnce()} every {@code cluster.refresh_ms} on a daemon thread, and
 * at once when the database tells of a change ({@link #refreshSoon()}, PostgreSQL's NOTIFY), so
 * that a deploy, rollback, promotion or experiment change made by another replica on the same
 * database is served here within milliseconds, or within the interval when a notification was
 * lost (plus the time to load a new version). On H2 with one replica each tick finds nothing
 * changed. A failing refresh is logged and the next one runs.
 */
final class ClusterRefresh implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ClusterRefresh.class.getName());

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        var t = new Thread(r, "forecast-cluster-refresh");
        t.setDaemon(true);
        return t;
    });

    private final LiveRefresher refresher;
    private final AtomicBoolean soon = new AtomicBoolean(); // a refresh asked for by refreshSoon() is queued

    ClusterRefresh(LiveRefresher refresher, Duration every) {
        this.refresher = refresher;
        long ms = Math.max(10, every.toMillis());
        timer.scheduleWithFixedDelay(this::refresh, ms, ms, TimeUnit.MILLISECONDS);
    }

    /**
     * Refreshes now, on the timer's thread, besides the regular ticks: called when the database
     * tells of a change. Calls while one is queued are folded into it.
     */
    void refreshSoon() {
        if (!soon.compareAndSet(false, true)) return;
        try {
            timer.execute(() -> {
                soon.set(false);
                refresh();
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            soon.set(false); // closing
        }
    }

    private void refresh() {
        try {
            refresher.refreshOnce();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "a cluster refresh failed", e);
        }
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
