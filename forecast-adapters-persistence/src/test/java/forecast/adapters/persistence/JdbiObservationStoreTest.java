package forecast.adapters.persistence;

import forecast.contract.ObservationStoreContract;
import forecast.domain.observation.ObservationStore;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/** The observation store contract on an in-memory H2 database. */
class JdbiObservationStoreTest implements ObservationStoreContract {
    private final List<Persistence> opened = new ArrayList<>();

    @Override
    public ObservationStore createStore() {
        var persistence = PersistenceAdapters.open("jdbc:h2:mem:observations-" + UUID.randomUUID());
        opened.add(persistence);
        return persistence.observationStore();
    }

    @AfterEach
    void close() {
        opened.forEach(Persistence::close);
    }
}
