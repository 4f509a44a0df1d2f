package forecast.adapters.persistence;

import forecast.contract.ModelRegistryContract;
import forecast.domain.registry.ModelRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The registry contract on an H2 file database, opened as the server opens it. */
class JdbiModelRegistryOnFileTest implements ModelRegistryContract {
    @TempDir
    Path data;

    private final List<Persistence> opened = new ArrayList<>();

    @Override
    public ModelRegistry createRegistry() {
        var persistence = PersistenceAdapters.openH2(data.resolve("db" + opened.size()));
        opened.add(persistence);
        return persistence.modelRegistry();
    }

    @AfterEach
    void close() {
        opened.forEach(Persistence::close);
    }
}
