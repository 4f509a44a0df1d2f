package forecast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.adapters.web.AdminKeys;
import forecast.adapters.web.WebSettings;
import forecast.domain.access.AdminKeyStore;
import forecast.domain.memory.InMemoryAdminKeyStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminKeySetupTest {
    @TempDir
    Path dir;

    final AdminKeyStore store = new InMemoryAdminKeyStore();
    final ByteArrayOutputStream console = new ByteArrayOutputStream();

    WebSettings ensure(WebSettings web, Path data) {
        return ensure(web, data, store, console);
    }

    static WebSettings ensure(WebSettings web, Path data, AdminKeyStore store, ByteArrayOutputStream console) {
        return AdminKeySetup.ensureKey(web, new ForecastConfig.KeySources(web.adminKeys().hashes().size(), 0), data, store, Clock.systemUTC(),
                new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    /** The key a start printed. */
    static String printed(ByteArrayOutputStream console) {
        String text = console.toString(StandardCharsets.UTF_8);
        return text.substring(text.indexOf("): ") + 3, text.indexOf('\n')).strip();
    }

    @Test
    void configuredKeysAreUsedAndNothingIsGeneratedNorWritten() {
        var web = WebSettings.defaults().withAdminKeys(AdminKeys.of(AdminKeys.hash("k")));
        assertEquals(web, ensure(web, dir.resolve("data")));
        assertTrue(store.keys().isEmpty());
        assertTrue(Files.notExists(dir.resolve("data")));
        assertEquals(0, console.size());
    }

    @Test
    void aGeneratedKeyIsStoredAsItsHashInTheDatabaseAndAcceptedAgainAtTheNextStart() {
        var first = ensure(WebSettings.defaults(), dir);
        String key = printed(console);
        assertEquals(Set.of(AdminKeys.hash(key)), first.adminKeys().hashes());
        assertEquals(List.of(AdminKeys.hash(key)), store.keys().stream().map(k -> k.hash()).toList(), "only the hash is stored");
        assertEquals(AdminKeyStore.GENERATED, store.keys().getFirst().name());
        assertTrue(Files.notExists(dir.resolve(AdminKeySetup.FILE_NAME)), "the database keeps it, not a file");

        console.reset();
        var second = ensure(WebSettings.defaults().withAdminKeys(AdminKeys.none().withPredictRequiresKey(true)), dir);
        assertEquals(0, console.size());
        assertEquals(Set.of(AdminKeys.hash(key)), second.adminKeys().hashes());
        assertTrue(second.adminKeys().predictRequiresKey(), "the other settings are kept");
    }

    @Test
    void aKeyConfiguredAfterTheFirstStartIsAcceptedBesideTheGeneratedOne() {
        ensure(WebSettings.defaults(), dir);
        String generated = printed(console);
        console.reset();
        var later = ensure(WebSettings.defaults().withAdminKeys(AdminKeys.of(AdminKeys.hash("from-the-environment"))), dir);
        assertEquals(Set.of(AdminKeys.hash("from-the-environment"), AdminKeys.hash(generated)), later.adminKeys().hashes());
        assertEquals(0, console.size(), "nothing new is generated");
    }

    @Test
    void replicasStartingTogetherOnANewDatabaseKeepOneGeneratedKey() throws Exception {
        int replicas = 4;
        var consoles = new ByteArrayOutputStream[replicas];
        var accepted = new WebSettings[replicas];
        var gate = new CyclicBarrier(replicas);
        var threads = new Thread[replicas];
        for (int i = 0; i < replicas; i++) {
            int r = i;
            consoles[r] = new ByteArrayOutputStream();
            threads[r] = Thread.ofPlatform().start(() -> {
                try {
                    gate.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                accepted[r] = ensure(WebSettings.defaults(), dir.resolve("replica-" + r), store, consoles[r]);
            });
        }
        for (var t : threads) t.join();
        var printing = java.util.Arrays.stream(consoles).filter(c -> c.size() > 0).toList();
        assertEquals(1, printing.size(), "one replica generated and printed the key");
        var hash = AdminKeys.hash(printed(printing.getFirst()));
        for (var web : accepted) assertEquals(Set.of(hash), web.adminKeys().hashes(), "every replica accepts that one key");
        assertEquals(1, store.keys().size());
    }

    @Test
    void theHashFileOfAnOlderDataDirectoryIsAcceptedAndMovedIntoTheDatabase() throws IOException {
        String hash = AdminKeys.hash("kept-from-before");
        Files.writeString(dir.resolve(AdminKeySetup.FILE_NAME), hash + "\n");
        var web = ensure(WebSettings.defaults(), dir);
        assertEquals(Set.of(hash), web.adminKeys().hashes());
        assertEquals(0, console.size(), "no key generated");
        assertEquals(List.of(hash), store.keys().stream().map(k -> k.hash()).toList(), "a replica without the file accepts it too");
        assertTrue(Files.exists(dir.resolve(AdminKeySetup.FILE_NAME)), "nothing a user stored is deleted");
    }

    @Test
    void generatedKeysDiffer() {
        assertNotEquals(AdminKeySetup.newKey(), AdminKeySetup.newKey());
        assertEquals(43, AdminKeySetup.newKey().length());
    }

    @Test
    void aDamagedHashFileStopsTheStartWithAWayOut() throws IOException {
        Files.writeString(dir.resolve(AdminKeySetup.FILE_NAME), "not a hash\n");
        var e = assertThrows(IllegalStateException.class, () -> ensure(WebSettings.defaults(), dir));
        assertTrue(e.getMessage().contains("delete it"), e.getMessage());
        assertEquals(0, console.size());
    }
}
