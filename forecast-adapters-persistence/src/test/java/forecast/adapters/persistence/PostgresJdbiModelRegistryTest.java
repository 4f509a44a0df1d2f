package forecast.adapters.persistence;

import forecast.contract.ModelRegistryContract;
import forecast.domain.registry.ModelRegistry;
import org.junit.jupiter.api.AfterEach;

/** The ModelRegistry contract on PostgreSQL: a database of its own for each test (see {@link TestPostgres}). */
class PostgresJdbiModelRegistryTest implements ModelRegistryContract {
    private final PostgresDatabases databases = new PostgresDatabases();

    @Override
    public ModelRegistry createRegistry() {
        return databases.fresh().modelRegistry();
    }

    @AfterEach
    void close() {
        databases.close();
    }
}
