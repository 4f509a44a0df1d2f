package forecast.adapters.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.postgresql.PGConnection;

/**
 * Listens on PostgreSQL for {@value #CHANNEL}, which the triggers of
 * {@code db/postgresql/V11__change_notifications.sql} send when a deployment or an experiment
 * changes, and calls back on each batch of notifications. It listens on a connection of its own
 * (not from the pool: a pooled connection would be handed to others between waits). When that
 * connection fails it connects again after {@code reconnect}, and calls back once on every
 * (re)connect, since what was sent meanwhile is lost.
 */
final class ChangeListener implements AutoCloseable {
    static final String CHANNEL = "forecast_change";
    private static final System.Logger LOG = System.getLogger(ChangeListener.class.getName());
    /** How long one wait for notifications lasts, so that close() is noticed soon. */
    private static final int WAIT_MS = 500;

    private final Callable<Connection> connect;
    private final Runnable onChange;
    private final Duration reconnect;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;

    ChangeListener(Callable<Connection> connect, Runnable onChange, Duration reconnect) {
        this.connect = connect;
        this.onChange = onChange;
        this.reconnect = reconnect;
        this.thread = Thread.ofPlatform().daemon().name("forecast-change-listener").start(this::listen);
    }

    private void listen() {
        while (!closed) {
            try {
                if (connection == null) {
                    connection = connect.call();
                    try (var st = connection.createStatement()) {
                        st.execute("LISTEN " + CHANNEL);
                    }
                    onChange.run();
                }
                var notifications = connection.unwrap(PGConnection.class).getNotifications(WAIT_MS);
                if (notifications != null && notifications.length > 0) onChange.run();
            } catch (Exception e) {
                if (closed) break;
                LOG.log(System.Logger.Level.WARNING, "listening for changes failed (polling goes on); connecting again in " + reconnect.toMillis() + " ms: "
                        + e.getMessage());
                closeConnection();
                try {
                    Thread.sleep(reconnect);
                } catch (InterruptedException interrupted) {
                    break;
                }
            }
        }
        closeConnection();
    }

    private void closeConnection() {
        var c = connection;
        connection = null;
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException ignored) {
            // gone already
        }
    }

    /** Stops listening and closes the connection; waits for the listening thread to end. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
