package forecast.adapters.persistence;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * H2 file databases in a test's temporary folder, opened as the server opens them and closed when
 * the test ends. The folder is a supplier because JUnit injects {@code @TempDir} after field
 * initializers run.
 */
final class FileDatabases implements AutoCloseable {
    private final Supplier<Path> folder;
    private final List<Persistence> opened = new ArrayList<>();

    FileDatabases(Supplier<Path> folder) {
        this.folder = folder;
    }

    /** A database of its own, as each contract test needs. */
    Persistence fresh() {
        return open("db" + opened.size());
    }

    /** The database in {@code directory}, again if it was opened (and closed) before. */
    Persistence open(String directory) {
        var persistence = PersistenceAdapters.openH2(folder.get().resolve(directory));
        opened.add(persistence);
        return persistence;
    }

    /** Closes the database opened last, as a restart would. */
    void closeLast() {
        opened.removeLast().close();
    }

    @Override
    public void close() {
        opened.forEach(Persistence::close);
    }
}
