package forecast.adapters.persistence;

import forecast.contract.ObservationStoreContract;
import forecast.domain.observation.ObservationStore;
import org.junit.jupiter.api.AfterEach;

/** The ObservationStore contract on PostgreSQL: a database of its own for each test (see {@link TestPostgres}). */
class PostgresJdbiObservationStoreTest implements ObservationStoreContract {
    private final PostgresDatabases databases = new PostgresDatabases();

    @Override
    public ObservationStore createStore() {
        return databases.fresh().observationStore();
    }

    @AfterEach
    void close() {
        databases.close();
    }
}
