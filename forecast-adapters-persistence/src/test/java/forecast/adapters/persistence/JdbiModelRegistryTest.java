package forecast.adapters.persistence;

import forecast.contract.ModelRegistryContract;
import forecast.domain.registry.ModelRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/** The registry contract on an in-memory H2 database. */
class JdbiModelRegistryTest implements ModelRegistryContract {
    private final List<Persistence> opened = new ArrayList<>();

    @Override
    public ModelRegistry createRegistry() {
        var persistence = PersistenceAdapters.open("jdbc:h2:mem:registry-" + UUID.randomUUID());
        opened.add(persistence);
        return persistence.modelRegistry();
    }

    @AfterEach
    void close() {
        opened.forEach(Persistence::close);
    }
}
