package forecast.adapters.persistence;

import forecast.contract.ObservationStoreContract;
import forecast.domain.observation.ObservationStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The observation store contract on an H2 file database, opened as the server opens it. */
class JdbiObservationStoreOnFileTest implements ObservationStoreContract {
    @TempDir
    Path data;

    private final FileDatabases databases = new FileDatabases(() -> data);

    @Override
    public ObservationStore createStore() {
        return databases.fresh().observationStore();
    }

    @AfterEach
    void close() {
        databases.close();
    }
}
