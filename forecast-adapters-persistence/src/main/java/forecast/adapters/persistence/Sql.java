package forecast.adapters.persistence;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.JdbiException;

/** Conversions between domain values and columns, shared by the adapters. */
final class Sql {
    private Sql() {}

    /**
     * SQLSTATEs of a transaction that lost a race with another one and changed nothing: a unique
     * or primary key violation, a serialization failure or deadlock (H2 and PostgreSQL alike), a
     * PostgreSQL deadlock, an H2 concurrent update of one row.
     */
    private static final Set<String> CONFLICTS = Set.of("23505", "40001", "40P01", "90131");

    /**
     * An instant as a {@code TIMESTAMP WITH TIME ZONE} parameter. JDBI binds an {@code Instant}
     * through {@code java.sql.Timestamp}, which passes through the JVM's zone and can shift times
     * in a daylight-saving overlap; an {@code OffsetDateTime} is bound with {@code setObject}.
     */
    static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        var t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** NaN, which SQL has no portable literal for, is stored as NULL. */
    static Double nullable(double x) {
        return Double.isNaN(x) ? null : x;
    }

    static double orNaN(ResultSet rs, String column) throws SQLException {
        double x = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : x;
    }

    static String[] array(List<String> values) {
        return values.toArray(String[]::new);
    }

    static List<String> strings(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        if (array == null) return List.of();
        try {
            return Arrays.stream((Object[]) array.getArray()).map(String.class::cast).toList();
        } finally {
            array.free();
        }
    }

    /** Whether {@code e} says that another transaction got there first (see {@link #CONFLICTS}); trying again may succeed. */
    static boolean isConflict(JdbiException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && CONFLICTS.contains(s.getSQLState())) return true;
        }
        return false;
    }

    /** How often a write that lost a race is tried before its failure is reported. */
    private static final int WRITE_ATTEMPTS = 25;
    /** H2's "timeout trying to lock table/row" (SQLSTATE HYT00). */
    private static final int H2_LOCK_TIMEOUT = 50200;

    /**
     * Runs {@code work} in a transaction, again (after a short random pause, so that two busy
     * writers do not collide in step) when it loses a race to another writer: a key taken, a
     * serialization failure, a lock that timed out.
     */
    static <T> T writeRetrying(org.jdbi.v3.core.Jdbi jdbi, org.jdbi.v3.core.HandleCallback<T, RuntimeException> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbi.inTransaction(work);
            } catch (JdbiException e) {
                if (!(isConflict(e) || lockTimedOut(e)) || attempt == WRITE_ATTEMPTS) throw e;
                try {
                    Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextInt(1, 2 + 2 * attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static boolean lockTimedOut(JdbiException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getErrorCode() == H2_LOCK_TIMEOUT) return true;
        }
        return false;
    }
}
