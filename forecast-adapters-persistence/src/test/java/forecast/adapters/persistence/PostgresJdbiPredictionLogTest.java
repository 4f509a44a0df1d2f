package forecast.adapters.persistence;

import forecast.contract.PredictionLogContract;
import forecast.domain.recording.PredictionLog;
import org.junit.jupiter.api.AfterEach;

/** The PredictionLog contract on PostgreSQL: a database of its own for each test (see {@link TestPostgres}). */
class PostgresJdbiPredictionLogTest implements PredictionLogContract {
    private final PostgresDatabases databases = new PostgresDatabases();

    @Override
    public PredictionLog createLog() {
        return databases.fresh().predictionLog();
    }

    @AfterEach
    void close() {
        databases.close();
    }
}
