package forecast.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import forecast.contract.AdminKeyStoreContract;
import forecast.domain.access.AdminKeyStore;
import forecast.domain.access.StoredKey;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin key store contract on an H2 file database, opened as the server opens it; keys survive a restart. */
class JdbiAdminKeyStoreTest implements AdminKeyStoreContract {
    @TempDir
    Path data;

    private final FileDatabases databases = new FileDatabases(() -> data);

    @Override
    public AdminKeyStore createStore() {
        return databases.fresh().adminKeyStore();
    }

    @AfterEach
    void close() {
        databases.close();
    }

    @Test
    void keysSurviveClosingTheDatabase() {
        var key = new StoredKey(AdminKeyStore.GENERATED, AdminKeyStoreContract.hash('f'), T0);
        databases.open("restart").adminKeyStore().addIfAbsent(key);
        databases.close();
        assertEquals(List.of(key), databases.open("restart").adminKeyStore().keys());
    }
}
