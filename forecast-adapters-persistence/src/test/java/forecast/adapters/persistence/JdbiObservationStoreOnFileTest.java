package forecast.adapters.persistence;

import forecast.contract.ObservationStoreContract;
import forecast.domain.observation.ObservationStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The observation store contract on an H2 file database, opened as the server opens it. */
class JdbiObservationStoreOnFileTest implements ObservationStoreContract {
    @TempDir
    Path data;

    private final List<Persistence> opened = new ArrayList<>();

    @Override
    public ObservationStore createStore() {
        var persistence = PersistenceAdapters.openH2(data.resolve("db" + opened.size()));
        opened.add(persistence);
        return persistence.observationStore();
    }

    @AfterEach
    void close() {
        opened.forEach(Persistence::close);
    }
}
