package forecast.adapters.persistence;

import forecast.contract.StudyStoreContract;
import forecast.domain.tuning.StudyStore;
import org.junit.jupiter.api.AfterEach;

/** The StudyStore contract on PostgreSQL: a database of its own for each test (see {@link TestPostgres}). */
class PostgresJdbiStudyStoreTest implements StudyStoreContract {
    private final PostgresDatabases databases = new PostgresDatabases();

    @Override
    public StudyStore createStore() {
        return databases.fresh().studyStore();
    }

    @AfterEach
    void close() {
        databases.close();
    }
}
