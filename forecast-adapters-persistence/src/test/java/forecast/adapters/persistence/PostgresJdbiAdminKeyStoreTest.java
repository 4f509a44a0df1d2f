package forecast.adapters.persistence;

import forecast.contract.AdminKeyStoreContract;
import forecast.domain.access.AdminKeyStore;
import org.junit.jupiter.api.AfterEach;

/** The AdminKeyStore contract on PostgreSQL: a database of its own for each test (see {@link TestPostgres}). */
class PostgresJdbiAdminKeyStoreTest implements AdminKeyStoreContract {
    private final PostgresDatabases databases = new PostgresDatabases();

    @Override
    public AdminKeyStore createStore() {
        return databases.fresh().adminKeyStore();
    }

    @AfterEach
    void close() {
        databases.close();
    }
}
