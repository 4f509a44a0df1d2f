package forecast.adapters.persistence;

import forecast.contract.ExperimentStoreContract;
import forecast.domain.experiment.ExperimentStore;
import org.junit.jupiter.api.AfterEach;

/** The ExperimentStore contract on PostgreSQL: a database of its own for each test (see {@link TestPostgres}). */
class PostgresJdbiExperimentStoreTest implements ExperimentStoreContract {
    private final PostgresDatabases databases = new PostgresDatabases();

    @Override
    public ExperimentStore createStore() {
        return databases.fresh().experimentStore();
    }

    @AfterEach
    void close() {
        databases.close();
    }
}
