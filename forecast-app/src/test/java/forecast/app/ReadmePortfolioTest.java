package forecast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's portfolio workflow, run as written with bash, curl and jq against a fresh real server:
 * every command must succeed (curl fails on any 4xx/5xx) and print what README says it printed.
 * Then README's SQL on that workflow runs on the server's database.
 */
class ReadmePortfolioTest {
    static final Path HOME = Path.of("").toAbsolutePath().getParent();
    static final String MARKER = "<!-- run by ReadmePortfolioTest";

    @TempDir
    Path data;

    /** The fenced blocks after README's marker: the shell block, what it printed, and the SQL. */
    static List<String> blocks() throws IOException {
        var all = ReadmeShellTest.blocks();
        for (int b = 0; b < all.size(); b++)
            if (all.get(b).before().startsWith(MARKER)) return all.subList(b, b + 3).stream().map(ReadmeShellTest.Block::text).toList();
        throw new AssertionError("README.md has the portfolio workflow marker");
    }

    /** curl and jq run the workflow; under CI=true (.ci/run installs them) a missing one fails. */
    static void requireTools() {
        for (String tool : List.of("curl", "jq")) {
            boolean found = List.of("/usr/bin/", "/bin/", "/usr/local/bin/").stream().anyMatch(d -> Files.isExecutable(Path.of(d + tool)));
            if ("true".equals(System.getenv("CI"))) assertTrue(found, "CI=true: " + tool + " must be installed (.ci/run installs it)");
            Assumptions.assumeTrue(found, tool + " is not installed");
        }
    }

    @Test
    void thePortfolioWorkflowPrintsWhatReadmeShows() throws Exception {
        requireTools();
        var blocks = blocks();
        try (var server = TestServer.start(data)) {
            // Every curl of the block fails the script on an error answer instead of printing it.
            String script = "curl() { command curl --fail-with-body \"$@\"; }\n"
                    + blocks.get(0).replace("localhost:8080", "127.0.0.1:" + server.app.port());
            var process = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(HOME.toFile()).redirectErrorStream(true);
            process.environment().put("FORECAST_ADMIN_KEY", TestServer.ADMIN_KEY);
            var running = process.start();
            String printed = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(running.waitFor(10, TimeUnit.MINUTES));
            assertEquals(0, running.exitValue(), printed);
            assertEquals(blocks.get(1), printed, "README's portfolio workflow prints what README shows");

            try (var sql = DriverManager.getConnection(server.app.jdbcUrl(), "sa", "")) {
                int queries = 0;
                for (String query : blocks.get(2).split(";\n")) {
                    if (query.isBlank()) continue;
                    try (var rows = sql.createStatement().executeQuery(query)) {
                        assertTrue(rows.next(), "rows from " + query);
                        assertEquals("shop-sales", rows.getString("model"), query);
                    }
                    queries++;
                }
                assertEquals(3, queries);
            }
        }
    }
}
