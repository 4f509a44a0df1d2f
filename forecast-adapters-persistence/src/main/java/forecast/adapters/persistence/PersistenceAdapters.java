package forecast.adapters.persistence;

import forecast.domain.recording.PredictionRecorder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * Opens the database behind the storage ports: H2 (embedded, the default) or PostgreSQL. Each
 * factory applies the pending migrations of the repository's {@code db/} folder (by Flyway, see
 * {@code Migrations}) before it returns, and refuses a database whose applied migrations differ
 * from this build's.
 */
public final class PersistenceAdapters {
    private PersistenceAdapters() {}

    /** Connections at most, when the caller does not say. */
    public static final int DEFAULT_POOL_SIZE = 32;

    /**
     * The H2 file database {@code <dataDirectory>/forecast} (the file {@code forecast.mv.db}),
     * created with the directory if missing. It is opened with {@code AUTO_SERVER=TRUE}, so a SQL
     * client can open the same {@link Persistence#jdbcUrl()} while the server runs, and with
     * {@code WRITE_DELAY=0}, so that each commit is written to the file before the call returns.
     *
     * @throws IllegalStateException when the database's migrations differ from this build's
     */
    public static Persistence openH2(Path dataDirectory) {
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDirectory, e);
        }
        var file = dataDirectory.toAbsolutePath().normalize().resolve("forecast");
        return open("jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE;WRITE_DELAY=0");
    }

    /**
     * Any H2 database, such as {@code jdbc:h2:mem:test} for a test (it lives until the returned
     * {@link Persistence} is closed), as user {@code sa} without a password.
     */
    public static Persistence open(String jdbcUrl) {
        return open(jdbcUrl, "sa", "");
    }

    /** Any H2 or PostgreSQL database, as the given user, with the default pool size. */
    public static Persistence open(String jdbcUrl, String user, String password) {
        return open(jdbcUrl, user, password, DEFAULT_POOL_SIZE);
    }

    /**
     * Any H2 ({@code jdbc:h2:...}) or PostgreSQL ({@code jdbc:postgresql://host:port/database},
     * version 15 or newer) database, as the given user, with at most {@code poolSize} connections.
     * PostgreSQL's connections come from a HikariCP pool; H2's from H2's own pool, as before.
     * The password is never logged nor put in an exception's message.
     *
     * @throws IllegalArgumentException for a URL of another database
     * @throws IllegalStateException    when the database cannot be opened, or its migrations differ from this build's
     */
    public static Persistence open(String jdbcUrl, String user, String password, int poolSize) {
        if (poolSize < 1) throw new IllegalArgumentException("the pool size must be at least 1: " + poolSize);
        var dialect = Dialect.of(jdbcUrl);
        return switch (dialect) {
            case H2 -> openH2(jdbcUrl, user, password, poolSize);
            case POSTGRESQL -> openPostgres(jdbcUrl, user, password, poolSize);
        };
    }

    private static Persistence openH2(String jdbcUrl, String user, String password, int poolSize) {
        var source = new JdbcDataSource();
        source.setURL(jdbcUrl);
        source.setUser(user);
        source.setPassword(password);
        Connection keepAlive;
        try {
            keepAlive = source.getConnection();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the database " + jdbcUrl + ": " + e.getMessage(), e);
        }
        var pool = JdbcConnectionPool.create(source);
        pool.setMaxConnections(poolSize);
        return migrated(new Persistence(jdbcUrl, Dialect.H2, pool::dispose, keepAlive, jdbi(pool, Dialect.H2)), pool, Dialect.H2);
    }

    private static Persistence openPostgres(String jdbcUrl, String user, String password, int poolSize) {
        var config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setPoolName("forecast");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot open the database " + jdbcUrl + " as " + user + ": " + rootMessage(e), e);
        }
        return migrated(new Persistence(jdbcUrl, Dialect.POSTGRESQL, pool::close, null, jdbi(pool, Dialect.POSTGRESQL),
                () -> java.sql.DriverManager.getConnection(jdbcUrl, user, password)), pool, Dialect.POSTGRESQL);
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) e = e.getCause();
        return e.getMessage();
    }

    private static Persistence migrated(Persistence persistence, DataSource source, Dialect dialect) {
        try {
            Migrations.apply(source, dialect);
            return persistence;
        } catch (RuntimeException e) {
            persistence.close();
            throw e;
        }
    }

    /**
     * The prediction recorder's overflow in {@code file} (created with its directory if missing):
     * each spilled record is appended as a line before {@code write} returns, and the records of
     * a process that died are taken by the next one to open the same file. Lines that cannot be
     * read back are moved to {@code <file>.rejected}. Use one file per process.
     */
    public static PredictionRecorder.Spill spill(Path file) {
        return new FileSpill(file);
    }

    private static Jdbi jdbi(DataSource pool, Dialect dialect) {
        var jdbi = Jdbi.create(pool);
        jdbi.registerArrayType(String.class, "varchar");
        dialect.install(jdbi);
        return jdbi;
    }
}
