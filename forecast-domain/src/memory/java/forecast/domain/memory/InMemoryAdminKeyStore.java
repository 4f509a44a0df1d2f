package forecast.domain.memory;

import forecast.domain.access.AdminKeyStore;
import forecast.domain.access.StoredKey;
import java.util.ArrayList;
import java.util.List;

/** An {@link AdminKeyStore} held in memory, for tests. Thread-safe. */
public final class InMemoryAdminKeyStore implements AdminKeyStore {
    private final List<StoredKey> keys = new ArrayList<>(); // oldest first; guarded by this

    @Override
    public synchronized List<StoredKey> keys() {
        return List.copyOf(keys);
    }

    @Override
    public synchronized boolean addIfAbsent(StoredKey key) {
        if (keys.stream().anyMatch(k -> k.name().equals(key.name()))) return false;
        keys.add(key);
        return true;
    }
}
