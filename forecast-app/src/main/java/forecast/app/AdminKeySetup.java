package forecast.app;

import forecast.adapters.web.AdminKeys;
import forecast.adapters.web.WebSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes sure the admin routes have a key. Keys configured ({@code security.admin_key_hashes},
 * {@code FORECAST_ADMIN_KEY}) are used as they are. Without any, the hash in
 * {@code <data dir>/admin-key.sha256} is used: the hash of a key generated on an earlier start.
 * Without that file, a 256-bit random key is generated, only its hash is written there (owner-only
 * where the file system has POSIX permissions), and the key is printed once.
 */
final class AdminKeySetup {
    static final String FILE_NAME = "admin-key.sha256";
    private static final System.Logger LOG = System.getLogger(AdminKeySetup.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private AdminKeySetup() {}

    /** {@code web} with at least one admin key; a generated key is printed on {@code console}. */
    static WebSettings ensureKey(WebSettings web, Path dataDir, PrintStream console) {
        var keys = web.adminKeys();
        if (!keys.hashes().isEmpty()) {
            LOG.log(Level.INFO, "admin routes accept {0} configured key(s)", keys.hashes().size());
            return web;
        }
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                LOG.log(Level.INFO, "admin routes accept the key whose hash is in {0}", file.toAbsolutePath());
                return web.withAdminKeys(keys.withHash(read(file)));
            }
            String key = newKey();
            write(file, AdminKeys.hash(key));
            console.println("Admin API key (shown once, only its hash is stored, in " + file.toAbsolutePath() + "): " + key);
            console.println("Send it as 'Authorization: Bearer <key>' or 'X-API-Key: <key>' to train, deploy, roll back, tune and run experiments.");
            console.flush();
            return web.withAdminKeys(keys.withHash(AdminKeys.hash(key)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the admin key hash " + file, e);
        }
    }

    /** 32 random bytes in base64url without padding: 43 characters. */
    static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String read(Path file) throws IOException {
        String hash = Files.readString(file, StandardCharsets.UTF_8).strip();
        try {
            AdminKeys.of(hash);
            return hash;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file.toAbsolutePath() + " does not hold an admin key hash (" + e.getMessage()
                    + "); delete it to have a new key generated at the next start, or configure security.admin_key_hashes");
        }
    }

    /** Writes a temporary file beside {@code file}, then moves it into place, so that no start sees half a hash. */
    private static void write(Path file, String hash) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] ownerOnly = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(dir, FILE_NAME, ".tmp", ownerOnly);
        try {
            Files.writeString(temp, hash + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
