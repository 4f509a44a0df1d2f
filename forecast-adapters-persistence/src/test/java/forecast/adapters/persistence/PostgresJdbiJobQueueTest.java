package forecast.adapters.persistence;

import forecast.contract.JobQueueContract;
import forecast.domain.jobs.JobQueue;
import org.junit.jupiter.api.AfterEach;

/** The JobQueue contract on PostgreSQL: a database of its own for each test (see {@link TestPostgres}). */
class PostgresJdbiJobQueueTest implements JobQueueContract {
    private final PostgresDatabases databases = new PostgresDatabases();

    @Override
    public JobQueue createQueue() {
        return databases.fresh().jobQueue();
    }

    @AfterEach
    void close() {
        databases.close();
    }
}
