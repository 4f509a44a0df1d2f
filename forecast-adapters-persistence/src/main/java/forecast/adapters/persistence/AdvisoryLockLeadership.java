package forecast.adapters.persistence;

import forecast.domain.serving.Leadership;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Leadership on PostgreSQL: the replica holding the session-level advisory lock {@link #KEY} leads.
 * The lock is taken on a connection of its own (not from the pool) kept open while this replica
 * leads; every {@code retry} a non-leader tries {@code pg_try_advisory_lock} again and the leader
 * checks that its connection still answers. When the leader's connection dies PostgreSQL releases
 * the lock, and another replica takes it on its next try.
 */
final class AdvisoryLockLeadership implements Leadership, AutoCloseable {
    /** The advisory lock's key: fixed, the same for every replica of every version. */
    static final long KEY = 0x466f7265636173L; // "Forecas"
    private static final System.Logger LOG = System.getLogger(AdvisoryLockLeadership.class.getName());

    private final Callable<Connection> connect;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        var t = new Thread(r, "forecast-leadership");
        t.setDaemon(true);
        return t;
    });
    private Connection connection; // only touched on the timer's thread, and by close() after it stops
    private volatile boolean leader;

    AdvisoryLockLeadership(Callable<Connection> connect, Duration retry) {
        this.connect = connect;
        long ms = Math.max(10, retry.toMillis());
        timer.scheduleWithFixedDelay(this::tryOnce, 0, ms, TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean isLeader() {
        return leader;
    }

    private void tryOnce() {
        try {
            if (connection == null || connection.isClosed()) connection = connect.call();
            try (var st = connection.createStatement();
                 var rs = st.executeQuery(leader ? "SELECT true" : "SELECT pg_try_advisory_lock(" + KEY + ")")) {
                rs.next();
                boolean now = rs.getBoolean(1);
                if (now != leader) LOG.log(System.Logger.Level.INFO, now ? "this replica is the leader" : "this replica is no longer the leader");
                leader = now;
            }
        } catch (Exception e) {
            if (leader) LOG.log(System.Logger.Level.WARNING, "this replica lost the leadership: its lock connection failed: " + e.getMessage());
            leader = false;
            closeConnection();
        }
    }

    private void closeConnection() {
        if (connection == null) return;
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the connection is gone already
        }
        connection = null;
    }

    /** Gives the leadership up (closing the lock's connection releases the lock) and stops trying. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        leader = false;
        closeConnection();
    }
}
