package forecast.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.access.AdminKeyStore;
import forecast.domain.access.StoredKey;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AdminKeyStore} promises. An implementation's test implements this interface
 * and {@link #createStore()}; each test calls it once.
 */
public interface AdminKeyStoreContract {
    /** A new, empty store. */
    AdminKeyStore createStore();

    /** Microseconds, which every database keeps. */
    Instant T0 = Instant.parse("2024-05-01T09:30:00.123456Z");

    static String hash(char digit) {
        return "sha256:" + String.valueOf(digit).repeat(64);
    }

    @Test
    default void aNewStoreHasNoKeys() {
        assertEquals(List.of(), createStore().keys());
    }

    @Test
    default void aNameIsStoredOnceAndKeysComeBackOldestFirst() {
        var store = createStore();
        var generated = new StoredKey(AdminKeyStore.GENERATED, hash('a'), T0);
        assertTrue(store.addIfAbsent(generated));
        assertFalse(store.addIfAbsent(new StoredKey(AdminKeyStore.GENERATED, hash('b'), T0.plusSeconds(1))), "the name is taken");
        var other = new StoredKey("rotated-2024-05", hash('c'), T0.plusSeconds(2));
        assertTrue(store.addIfAbsent(other));
        assertEquals(List.of(generated, other), store.keys());
    }

    @Test
    default void ofProcessesAddingOneNameAtOnceExactlyOneStoresItsKey() throws Exception {
        var store = createStore();
        var stored = StudyStoreContract.run(8, t -> List.of(store.addIfAbsent(new StoredKey(AdminKeyStore.GENERATED, hash(Character.forDigit(t, 16)), T0))));
        assertEquals(1, stored.stream().filter(b -> b).count());
        assertEquals(1, store.keys().size());
    }
}
