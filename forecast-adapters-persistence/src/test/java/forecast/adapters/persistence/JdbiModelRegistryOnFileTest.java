package forecast.adapters.persistence;

import forecast.contract.ModelRegistryContract;
import forecast.domain.registry.ModelRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The registry contract on an H2 file database, opened as the server opens it. */
class JdbiModelRegistryOnFileTest implements ModelRegistryContract {
    @TempDir
    Path data;

    private final FileDatabases databases = new FileDatabases(() -> data);

    @Override
    public ModelRegistry createRegistry() {
        return databases.fresh().modelRegistry();
    }

    @AfterEach
    void close() {
        databases.close();
    }
}
