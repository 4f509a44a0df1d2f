package forecast.domain.access;

import java.util.List;

/**
 * The admin API keys the service stores, as hashes, durable (port). Every replica on one database
 * sees the same keys. A name is stored once: of two processes adding the same name at once,
 * exactly one stores its key, and the other reads it.
 */
public interface AdminKeyStore {
    /** The name of the key generated at a first start. */
    String GENERATED = "generated";

    /** Every stored key, oldest first. */
    List<StoredKey> keys();

    /**
     * Stores {@code key} unless a key of its name is stored.
     *
     * @return whether it was stored; false when its name was taken, also by a concurrent add
     */
    boolean addIfAbsent(StoredKey key);
}
