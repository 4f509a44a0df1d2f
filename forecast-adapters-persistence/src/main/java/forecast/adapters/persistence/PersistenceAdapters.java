package forecast.adapters.persistence;

import forecast.domain.recording.PredictionRecorder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * Opens the database behind the storage ports. Each factory applies the pending migrations of the
 * repository's {@code db/} folder before it returns, and refuses a database whose applied
 * migrations differ from this build's.
 */
public final class PersistenceAdapters {
    private PersistenceAdapters() {}

    private static final int MAX_CONNECTIONS = 32;

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

    /** Any H2 database, as the given user. */
    public static Persistence open(String jdbcUrl, String user, String password) {
        if (!jdbcUrl.startsWith("jdbc:h2:")) throw new IllegalArgumentException("not an H2 JDBC URL: " + jdbcUrl);
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
        pool.setMaxConnections(MAX_CONNECTIONS);
        var jdbi = jdbi(pool);
        var persistence = new Persistence(jdbcUrl, pool, keepAlive, jdbi);
        try {
            Migrations.apply(jdbi, Migrations.bundled());
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

    private static Jdbi jdbi(JdbcConnectionPool pool) {
        var jdbi = Jdbi.create(pool);
        jdbi.registerArrayType(String.class, "varchar");
        return jdbi;
    }
}
