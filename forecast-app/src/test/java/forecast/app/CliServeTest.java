package forecast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.adapters.web.AdminKeys;
import forecast.adapters.web.ForecastServer;
import forecast.adapters.web.WebSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} and {@code tune} through the picocli entry point: a port in use, tune's options, CSV dates. */
@Timeout(value = 15, unit = java.util.concurrent.TimeUnit.MINUTES)
class CliServeTest {
    @TempDir
    Path data;

    private static Set<Thread> liveNonDaemon() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !t.isDaemon()).collect(Collectors.toSet());
    }

    @Test
    void serveOnAPortInUseExitsOneWithOneLineNamingThePort() throws Exception {
        try (var taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("0.0.0.0", 0));
            int port = taken.getLocalPort();
            var before = liveNonDaemon();
            var r = CliTest.cli(Map.of(), "", "serve", "--port", String.valueOf(port), "--data", data.toString(), "--home", TestServer.home().toString());
            assertEquals(1, r.status(), r.toString());
            assertEquals(1, r.err().lines().count(), "one line: " + r);
            assertTrue(r.err().contains("port " + port) && r.err().contains("in use"), r.toString());
            assertFalse(r.out().contains("serving"), r.toString());
            var after = liveNonDaemon();
            after.removeAll(before);
            assertTrue(after.isEmpty(), "nothing keeps the JVM alive: " + after);
            assertFalse(Files.exists(data.resolve("forecast.mv.db")), "it fails before opening the database");
        }
    }

    @Test
    void aServerThatCannotBindFailsWithTheBindExceptionAndStopsWhatItStarted() throws Exception {
        try (var taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            var e = org.junit.jupiter.api.Assertions.assertThrows(ForecastServer.BindException.class,
                    () -> ForecastServer.checkPort("127.0.0.1", port));
            assertEquals(port, e.port());
            assertTrue(e.getMessage().startsWith("cannot listen on port " + port), e.getMessage());
        }
        ForecastServer.checkPort("127.0.0.1", 0); // any free port: nothing to check
    }

    @Test
    void serveWithABadOptionIsUsageAndExitTwo() {
        var r = CliTest.cli(Map.of(), "", "serve", "--port", "eighty");
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().lines().findFirst().orElse("").contains("eighty"), r.toString());
        assertTrue(r.err().contains("Usage: forecast serve"), r.toString());
    }

    @Test
    void hashKeyReadsStandardInput() {
        var r = CliTest.cli(Map.of(), "s3cret-key\n", "hash-key", "--home", ".");
        assertEquals(0, r.status(), r.toString());
        assertEquals(AdminKeys.hash("s3cret-key"), r.out().strip());
        var empty = CliTest.cli(Map.of(), "", "hash-key");
        assertEquals(2, empty.status(), empty.toString());
    }

    @Test
    void tuneTakesTheCsvAsSeriesFileReadsDatesAndPrintsATrainCommandOnThatSeries() throws Exception {
        Path csv = data.resolve("daily.csv");
        var lines = new StringBuilder("timestamp,value\n");
        var day = java.time.LocalDate.parse("2024-01-01");
        for (int i = 0; i < 120; i++) lines.append(day.plusDays(i)).append(',').append(100 + 10 * Math.sin(2 * Math.PI * i / 7) + (i % 3)).append('\n');
        Files.writeString(csv, lines);
        Path dir = data.resolve("tune-data");
        var r = CliTest.cli(Map.of(), "", "tune", "--home", TestServer.home().toString(), "--algorithm", "arima", "--trials", "2", "--seed", "1",
                "--study", "cli-dates", "--series-file", csv.toString(), "--data", dir.toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("database: jdbc:h2:file:" + dir.toAbsolutePath()), "says where it wrote: " + r);
        assertTrue(Files.exists(dir.resolve("forecast.mv.db")), "it wrote to --data");
        assertTrue(r.out().contains("(120 observations)"), r.toString());
        var train = r.out().lines().filter(l -> l.contains("./forecast train --algorithm arima")).findFirst().orElse("");
        assertTrue(train.contains("--series-file " + csv.toAbsolutePath()), "trains on the tuned series: " + r);

        var wrong = CliTest.cli(Map.of(), "", "tune", "--home", TestServer.home().toString(), "--algorithm", "arima", "--data", csv.toString());
        assertEquals(2, wrong.status(), wrong.toString());
        assertTrue(wrong.err().lines().findFirst().orElse("").contains("--series-file"), wrong.toString());

        Path bad = data.resolve("bad.csv");
        Files.writeString(bad, "timestamp,value\n2024-01-01,1\n2024-13-45,2\n");
        var badDate = CliTest.cli(Map.of(), "", "tune", "--home", TestServer.home().toString(), "--algorithm", "arima", "--series-file", bad.toString(),
                "--data", dir.toString());
        assertEquals(1, badDate.status(), badDate.toString());
        assertEquals(1, badDate.err().lines().count(), badDate.toString());
        assertTrue(badDate.err().contains("line 3") && badDate.err().contains("2024-13-45"), badDate.toString());
    }
}
