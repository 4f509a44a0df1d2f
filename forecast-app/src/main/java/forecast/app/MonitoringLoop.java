package forecast.app;

import forecast.domain.monitoring.Monitor;
import forecast.domain.pipeline.RetrainingPipeline;
import forecast.domain.pipeline.RollbackGuard;
import forecast.domain.serving.Leadership;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The clock of monitoring: every interval, checks drift and accuracy, lets the rollback guard judge
 * the live deployment, and lets the pipeline start a scheduled run or decide a canary. One thread,
 * so ticks never overlap; a failing tick is logged and the next one runs. Among replicas on one
 * database only the leader's loop works: on the others each tick does nothing, until one of them
 * takes the leadership over.
 */
final class MonitoringLoop implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MonitoringLoop.class.getName());

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        var t = new Thread(r, "forecast-monitoring");
        t.setDaemon(true);
        return t;
    });

    MonitoringLoop(Monitor monitor, RollbackGuard guard, RetrainingPipeline pipeline, Duration every, Leadership leadership) {
        long ms = Math.max(10, every.toMillis());
        timer.scheduleWithFixedDelay(() -> {
            try {
                if (!leadership.isLeader()) return;
                monitor.check();
                guard.check();
                pipeline.tick();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a monitoring tick failed", e);
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
