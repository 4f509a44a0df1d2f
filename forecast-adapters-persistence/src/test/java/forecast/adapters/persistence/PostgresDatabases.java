package forecast.adapters.persistence;

import forecast.testpostgres.TestPostgres;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL databases of the tests' server ({@link TestPostgres}), one new database for each
 * {@link #fresh()}, opened as the server opens its database, and closed and dropped when the test
 * ends. Safe to open from several threads, as replicas starting together do. A test skips (fails under CI=true) when there is no PostgreSQL.
 */
final class PostgresDatabases implements AutoCloseable {
    /** Connections per database: the contract tests use a few at a time. */
    private static final int POOL_SIZE = 8;
    private final List<Persistence> opened = new ArrayList<>();
    private final List<String> created = new ArrayList<>();

    /** A database of its own, as each contract test needs. */
    Persistence fresh() {
        var url = TestPostgres.createDatabase();
        synchronized (this) {
            created.add(url);
        }
        return open(url);
    }

    /** The database at {@code url} again, as another replica or a restart would open it. */
    Persistence open(String url) {
        var server = TestPostgres.server();
        var persistence = PersistenceAdapters.open(url, server.user(), server.password(), POOL_SIZE);
        synchronized (this) {
            opened.add(persistence);
        }
        return persistence;
    }

    @Override
    public synchronized void close() {
        opened.forEach(Persistence::close);
        opened.clear();
        created.forEach(TestPostgres::dropDatabase);
        created.clear();
    }
}
