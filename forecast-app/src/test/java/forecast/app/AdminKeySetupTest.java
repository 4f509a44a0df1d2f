package forecast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.adapters.web.AdminKeys;
import forecast.adapters.web.WebSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminKeySetupTest {
    @TempDir
    Path dir;

    final ByteArrayOutputStream console = new ByteArrayOutputStream();

    WebSettings ensure(WebSettings web, Path data) {
        return AdminKeySetup.ensureKey(web, data, new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    @Test
    void configuredKeysAreUsedAsTheyAreAndNothingIsWritten() {
        var web = WebSettings.defaults().withAdminKeys(AdminKeys.of(AdminKeys.hash("k")));
        assertSame(web, ensure(web, dir.resolve("data")));
        assertFalse(Files.exists(dir.resolve("data")));
        assertEquals(0, console.size());
    }

    @Test
    void aGeneratedKeyIsStoredAsItsHashInANewDataDirectoryAndFoundAgain() throws IOException {
        Path data = dir.resolve("not/yet/there");
        var first = ensure(WebSettings.defaults(), data);
        String printed = console.toString(StandardCharsets.UTF_8);
        String key = printed.substring(printed.indexOf("): ") + 3, printed.indexOf('\n')).strip();
        assertEquals(Set.of(AdminKeys.hash(key)), first.adminKeys().hashes());
        assertEquals(AdminKeys.hash(key), Files.readString(data.resolve(AdminKeySetup.FILE_NAME)).strip());

        console.reset();
        var second = ensure(WebSettings.defaults().withAdminKeys(AdminKeys.none().withPredictRequiresKey(true)), data);
        assertEquals(0, console.size());
        assertEquals(Set.of(AdminKeys.hash(key)), second.adminKeys().hashes());
        assertTrue(second.adminKeys().predictRequiresKey(), "the other settings are kept");
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
