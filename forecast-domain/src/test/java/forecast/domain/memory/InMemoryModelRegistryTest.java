package forecast.domain.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import forecast.contract.ModelRegistryContract;
import forecast.domain.registry.ModelRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class InMemoryModelRegistryTest implements ModelRegistryContract {
    @Override
    public ModelRegistry createRegistry() {
        return new InMemoryModelRegistry();
    }

    @Test
    void versionsRegisteredAtTheSameInstantKeepTheirOrder() {
        var registry = new InMemoryModelRegistry(Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC));
        var first = registry.register(ModelRegistryContract.version(null, "arima"), new byte[1]);
        var second = registry.register(ModelRegistryContract.version(null, "arima"), new byte[1]);
        assertEquals(Instant.parse("2025-01-01T00:00:00Z"), first.createdAt());
        assertEquals(Instant.parse("2025-01-01T00:00:00.000001Z"), second.createdAt());
    }
}
