package forecast.testpostgres;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL for the tests, shared by every test of the JVM: the one {@code FORECAST_TEST_DATABASE_URL}
 * names (a database the user of {@code FORECAST_TEST_DATABASE_USER} / {@code _PASSWORD} may create
 * databases from), or else a throwaway server started on first use from the machine's server
 * binaries ({@code /usr/lib/postgresql/<version>/bin}, the newest; or {@code FORECAST_TEST_POSTGRES_BIN}):
 * {@code initdb} into {@code target/postgres-<pid>}, {@code pg_ctl start} on a free loopback port,
 * as user {@code nobody} when the tests run as root (PostgreSQL refuses root), and stopped by a
 * shutdown hook when the JVM ends. Each {@link #createDatabase()} is a new, empty database.
 *
 * <p>A test fixture of the persistence and app modules' tests (compiled into each, as the
 * contract tests are), in no production jar.
 *
 * <p>When no PostgreSQL can be had, a test that asks for one is skipped with the reason, except
 * under {@code CI=true}: there it fails, so that a build machine without PostgreSQL is noticed.
 */
public final class TestPostgres {
    private TestPostgres() {}

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static Server server;      // guarded by TestPostgres.class
    private static String unavailable; // why there is none; guarded by TestPostgres.class

    /** Where the server is, and as whom to connect. */
    public record Server(String adminUrl, String user, String password) {
        /** The URL of database {@code name} on this server. */
        public String url(String name) {
            int slash = adminUrl.indexOf('/', "jdbc:postgresql://".length());
            int query = adminUrl.indexOf('?', slash);
            return adminUrl.substring(0, slash + 1) + name + (query < 0 ? "" : adminUrl.substring(query));
        }
    }

    /** The server; skips the calling test (fails it under CI=true) when there is none. */
    public static synchronized Server server() {
        if (server == null && unavailable == null) {
            try {
                server = start();
            } catch (Exception e) {
                unavailable = e.getMessage();
                if (!"true".equalsIgnoreCase(System.getenv("CI"))) e.printStackTrace();
            }
        }
        if (server == null) {
            var reason = "no PostgreSQL for the tests: " + unavailable
                    + " (install the Debian package postgresql, or set FORECAST_TEST_DATABASE_URL)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) throw new IllegalStateException(reason + "; CI=true, so this fails rather than skips");
            Assumptions.abort(reason);
        }
        return server;
    }

    /** A new, empty database; returns its JDBC URL. */
    public static String createDatabase() {
        var s = server();
        var name = "forecast_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        execute(s, "CREATE DATABASE " + name);
        return s.url(name);
    }

    /** Drops a database made by {@link #createDatabase()}, connections and all. */
    public static void dropDatabase(String url) {
        var name = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        execute(server(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void execute(Server s, String sql) {
        try (var c = DriverManager.getConnection(s.adminUrl(), s.user(), s.password()); var st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static Server start() throws IOException, InterruptedException {
        var url = System.getenv("FORECAST_TEST_DATABASE_URL");
        if (url != null && !url.isBlank()) {
            var user = Optional.ofNullable(System.getenv("FORECAST_TEST_DATABASE_USER")).orElse("postgres");
            var password = Optional.ofNullable(System.getenv("FORECAST_TEST_DATABASE_PASSWORD")).orElse("");
            return new Server(url, user, password);
        }
        var bin = binaries().orElseThrow(() -> new IllegalStateException("no PostgreSQL server binaries (initdb, pg_ctl) in /usr/lib/postgresql/*/bin"));
        boolean root = "root".equals(System.getProperty("user.name"));
        var data = Path.of("target", "postgres-" + ProcessHandle.current().pid()).toAbsolutePath();
        if (Files.exists(data)) run(List.of("rm", "-rf", data.toString()), false);
        Files.createDirectories(data);
        if (root) run(List.of("chown", "nobody:nogroup", data.toString()), false);
        run(List.of(bin.resolve("initdb").toString(), "-D", data.resolve("data").toString(), "-U", "postgres", "-A", "trust",
                "-E", "UTF8", "--no-locale", "--no-sync"), root);
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var options = "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=400"
                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=32MB";
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.resolve("data").toString(), "-o", options,
                "-l", data.resolve("server.log").toString(), "-w", "-t", "60", "start"), root);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.resolve("data").toString(), "-m", "immediate", "-w", "stop"), root);
                run(List.of("rm", "-rf", data.toString()), false);
            } catch (Exception e) {
                System.err.println("could not stop the test PostgreSQL in " + data + ": " + e.getMessage());
            }
        }, "stop-test-postgres"));
        return new Server("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
    }

    /** The newest {@code /usr/lib/postgresql/<version>/bin} with initdb, or FORECAST_TEST_POSTGRES_BIN. */
    private static Optional<Path> binaries() throws IOException {
        var configured = System.getenv("FORECAST_TEST_POSTGRES_BIN");
        if (configured != null && !configured.isBlank()) return Optional.of(Path.of(configured));
        var root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) return Optional.empty();
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(b -> version(b.getParent().getFileName().toString())));
        }
    }

    private static int version(String name) {
        try {
            return Integer.parseInt(name.replaceAll("\\..*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void run(List<String> command, boolean asNobody) throws IOException, InterruptedException {
        var full = new ArrayList<String>();
        if (asNobody) full.addAll(List.of("runuser", "-u", "nobody", "--"));
        full.addAll(command);
        var log = Files.createTempFile("postgres-command", ".log");
        try {
            var process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).directory(Path.of("/").toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " did not finish in 120 s");
            }
            if (process.exitValue() != 0)
                throw new IllegalStateException(String.join(" ", full) + " failed (" + process.exitValue() + "): " + Files.readString(log).strip());
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
