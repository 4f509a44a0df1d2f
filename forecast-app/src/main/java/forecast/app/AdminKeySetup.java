package forecast.app;

import forecast.adapters.web.AdminKeys;
import forecast.adapters.web.WebSettings;
import forecast.domain.access.AdminKeyStore;
import forecast.domain.access.StoredKey;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;

/**
 * Makes sure the admin routes have a key, and accepts the keys of every source together: the
 * configured ones ({@code security.admin_key_hashes}, {@code FORECAST_ADMIN_KEY}) and those stored
 * in the database (the key generated at a first start), so configuring a key later does not
 * silently retire the generated one, and every replica on one database accepts the same keys.
 * A data directory from before keys were stored in the database has the generated key's hash in
 * {@code <data dir>/admin-key.sha256}: it is still accepted, and stored in the database when the
 * database has no generated key yet.
 * With no key from any source, a 256-bit random key is generated, only its hash is stored, and the
 * key is printed once; of replicas starting together on a new database, one generates it.
 */
final class AdminKeySetup {
    /** Where the generated key's hash was kept before the database kept it. */
    static final String FILE_NAME = "admin-key.sha256";
    private static final System.Logger LOG = System.getLogger(AdminKeySetup.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private AdminKeySetup() {}

    /**
     * {@code web} accepting the configured keys and the stored ones; a generated key is printed on
     * {@code console}. {@code sources} tells the start log where the configured keys came from.
     */
    static WebSettings ensureKey(WebSettings web, ForecastConfig.KeySources sources, Path dataDir, AdminKeyStore store, Clock clock,
                                 PrintStream console) {
        var keys = web.adminKeys();
        var stored = new ArrayList<String>();
        String legacy = legacyHash(dataDir);
        if (legacy != null) {
            store.addIfAbsent(new StoredKey(AdminKeyStore.GENERATED, legacy, clock.instant()));
            stored.add(legacy);
        }
        store.keys().forEach(k -> stored.add(k.hash()));
        if (keys.hashes().isEmpty() && stored.isEmpty()) {
            String key = newKey();
            if (store.addIfAbsent(new StoredKey(AdminKeyStore.GENERATED, AdminKeys.hash(key), clock.instant()))) {
                console.println("Admin API key (shown once; only its hash is stored, in the database's table admin_key): " + key);
                console.println("Send it as 'Authorization: Bearer <key>' or 'X-API-Key: <key>' to train, deploy, roll back, tune and run experiments.");
                console.flush();
            } else {
                LOG.log(Level.INFO, "another replica generated the admin key at the same moment; it printed the key");
            }
            store.keys().forEach(k -> stored.add(k.hash()));
        }
        for (String hash : stored) {
            try {
                keys = keys.withHash(hash);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("the database's table admin_key holds a value that is not an admin key hash (" + e.getMessage() + ")");
            }
        }
        LOG.log(Level.INFO, "admin routes accept {0} key(s): {1} from security.admin_key_hashes, {2} from {3}, {4} stored in the database",
                keys.hashes().size(), sources.configured(), sources.environment(), ForecastConfig.ADMIN_KEY_VARIABLE,
                stored.stream().distinct().count());
        return web.withAdminKeys(keys);
    }

    /** 32 random bytes in base64url without padding: 43 characters. */
    static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The hash in {@code <dataDir>/admin-key.sha256}, or null without that file. */
    private static String legacyHash(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) return null;
        try {
            String hash = Files.readString(file, StandardCharsets.UTF_8).strip();
            AdminKeys.of(hash);
            return hash;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file.toAbsolutePath() + " does not hold an admin key hash (" + e.getMessage()
                    + "); delete it (the database keeps the generated key's hash now), or configure security.admin_key_hashes");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the admin key hash " + file, e);
        }
    }
}
