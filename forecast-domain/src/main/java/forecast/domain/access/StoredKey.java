package forecast.domain.access;

import java.time.Instant;

/**
 * An admin API key the service stores: its role ({@code name}, such as {@link AdminKeyStore#GENERATED}),
 * the hash of the key (the key itself is never stored) and when it was stored.
 */
public record StoredKey(String name, String hash, Instant createdAt) {
    /** @throws IllegalArgumentException for a blank or over-long name or hash, or no time */
    public StoredKey {
        if (name == null || name.isBlank() || name.length() > 64) throw new IllegalArgumentException("a stored key needs a name of 1 to 64 characters");
        if (hash == null || hash.isBlank() || hash.length() > 100) throw new IllegalArgumentException("a stored key needs a hash of 1 to 100 characters");
        if (createdAt == null) throw new IllegalArgumentException("a stored key needs the time it was stored");
    }
}
