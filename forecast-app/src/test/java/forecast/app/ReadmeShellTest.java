package forecast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's examples, as a new user would run them top to bottom: every {@code sh} block, in order,
 * with bash, curl and jq against one fresh real server (bootstrap model, {@code FORECAST_ADMIN_KEY}
 * set, {@code localhost:8080} pointed at its port, {@code DATA} at its data directory), where any
 * error answer fails the block (curl {@code --fail-with-body}); then every statement of every
 * {@code sql} block on that server's database. A block that cannot run here says why on the line
 * before it ({@code <!-- not run by ReadmeShellTest: why -->}); the portfolio workflow is run, and
 * its output compared, by {@link ReadmePortfolioTest}.
 */
class ReadmeShellTest {
    static final String SKIP = "<!-- not run by ReadmeShellTest:";

    @TempDir
    Path data;

    /** A fenced block of README: its language, text, first line number and the line before it. */
    record Block(String language, String text, int line, String before) {
        boolean skipped() {
            return before.startsWith(SKIP) || before.startsWith(ReadmePortfolioTest.MARKER);
        }
    }

    static List<Block> blocks() throws IOException {
        var lines = Files.readAllLines(ReadmePortfolioTest.HOME.resolve("README.md"));
        var blocks = new ArrayList<Block>();
        for (int i = 0; i < lines.size(); i++) {
            String fence = lines.get(i).strip();
            if (!fence.startsWith("```") || fence.length() == 3) continue;
            String language = fence.substring(3);
            var text = new StringBuilder();
            int start = i;
            while (++i < lines.size() && !lines.get(i).strip().equals("```")) text.append(lines.get(i)).append('\n');
            blocks.add(new Block(language, text.toString(), start + 1, start > 0 ? lines.get(start - 1).strip() : ""));
        }
        return blocks;
    }

    @Test
    void everySkippedBlockSaysWhy() throws IOException {
        for (var b : blocks())
            if (b.before().startsWith(SKIP))
                assertFalse(b.before().substring(SKIP.length()).replace("-->", "").isBlank(), "README line " + b.line() + " is skipped without a reason");
    }

    @Test
    void everyShellBlockAndEverySqlStatementOfReadmeRunsAsWritten() throws Exception {
        ReadmePortfolioTest.requireTools();
        var blocks = blocks();
        try (var server = TestServer.start(data)) {
            int ran = 0;
            for (var b : blocks) {
                if (!b.language().equals("sh") || b.skipped()) continue;
                String script = "curl() { command curl --fail-with-body \"$@\"; }\n"
                        + b.text().replace("localhost:8080", "127.0.0.1:" + server.app.port());
                var process = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(ReadmePortfolioTest.HOME.toFile())
                        .redirectErrorStream(true);
                process.environment().put("FORECAST_ADMIN_KEY", TestServer.ADMIN_KEY);
                process.environment().put("DATA", data.toAbsolutePath().toString());
                var running = process.start();
                String printed = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(running.waitFor(10, TimeUnit.MINUTES), "README line " + b.line() + " ends");
                System.out.println("README line " + b.line() + ":\n" + printed);
                assertEquals(0, running.exitValue(), "README's sh block at line " + b.line() + " failed:\n" + printed);
                ran++;
            }
            assertTrue(ran >= 6, "README's shell blocks ran: " + ran);

            int statements = 0;
            try (var sql = DriverManager.getConnection(server.app.jdbcUrl(), "sa", "")) {
                for (var b : blocks) {
                    if (!b.language().equals("sql")) continue;
                    for (String statement : b.text().split(";\\s*\n")) {
                        if (statement.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("--"))) continue;
                        try (var st = sql.createStatement()) {
                            st.execute(statement);
                        } catch (java.sql.SQLException e) {
                            throw new AssertionError("README's sql block at line " + b.line() + ": " + e.getMessage() + "\n" + statement, e);
                        }
                        statements++;
                    }
                }
            }
            assertTrue(statements >= 10, "README's SQL statements ran: " + statements);
        }
    }
}
