package forecast.adapters.persistence;

import forecast.contract.AlertStoreContract;
import forecast.domain.monitoring.AlertStore;
import org.junit.jupiter.api.AfterEach;

/** The AlertStore contract on PostgreSQL: a database of its own for each test (see {@link TestPostgres}). */
class PostgresJdbiAlertStoreTest implements AlertStoreContract {
    private final PostgresDatabases databases = new PostgresDatabases();

    @Override
    public AlertStore createStore() {
        return databases.fresh().alertStore();
    }

    @AfterEach
    void close() {
        databases.close();
    }
}
