package forecast.adapters.persistence;

import forecast.contract.PipelineStoreContract;
import forecast.domain.pipeline.PipelineStore;
import org.junit.jupiter.api.AfterEach;

/** The PipelineStore contract on PostgreSQL: a database of its own for each test (see {@link TestPostgres}). */
class PostgresJdbiPipelineStoreTest implements PipelineStoreContract {
    private final PostgresDatabases databases = new PostgresDatabases();

    @Override
    public PipelineStore createStore() {
        return databases.fresh().pipelineStore();
    }

    @AfterEach
    void close() {
        databases.close();
    }
}
