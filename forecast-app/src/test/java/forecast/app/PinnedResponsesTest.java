package forecast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import forecast.adapters.persistence.PersistenceAdapters;
import forecast.domain.evaluation.BacktestMetrics;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.registry.DeploymentAction;
import forecast.domain.registry.DeploymentEvent;
import forecast.domain.registry.NewModelVersion;
import forecast.domain.registry.Provenance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real responses of the serving path, pinned: three real models (the bootstrap's XGBoost with both
 * features, an ARIMA without features, a daily seasonal naive) restored from stored artifacts into
 * the real server, and the answers to requests of every shape the path reads (ISO and epoch times
 * in seconds and milliseconds, offsets, gaps as nulls and as missing steps, unknown features, future
 * features, a short history continued from the model's context, batches, and refused input) compared
 * with the answers recorded before the path was rewritten for speed: numbers to 1e-12 (absolute), everything
 * else exactly, {@code execution_time_ms} aside.
 *
 * <p>{@link PinnedModels} recorded the artifacts and answers; {@code -Dpinned.record=true} records
 * them again (and then fails, so that a recording run is never taken for a passing one).
 */
class PinnedResponsesTest {
    static final Path DIR = Path.of("src/test/resources/pinned");
    static final double TOLERANCE = 1e-12;

    @TempDir
    static Path data;
    static TestServer server;
    static Map<String, Object> recorded;

    @BeforeAll
    static void start() throws IOException {
        if (PinnedModels.recording()) PinnedModels.train(DIR);
        registerPinnedModels(data);
        server = TestServer.start(data);
        recorded = PinnedModels.recording() ? null : Json.object(Files.readString(DIR.resolve("responses.json")));
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) server.close();
        if (PinnedModels.recording()) {
            PinnedModels.writeResponses(DIR, ANSWERS);
            fail("recorded " + ANSWERS.size() + " responses into " + DIR.toAbsolutePath() + "; run again without -Dpinned.record to check them");
        }
    }

    private static final Map<String, String> ANSWERS = new java.util.concurrent.ConcurrentSkipListMap<>();

    /** The stored artifacts, registered as they were trained, with the XGBoost model live. */
    static void registerPinnedModels(Path dataDir) throws IOException {
        try (var persistence = PersistenceAdapters.openH2(dataDir)) {
            var registry = persistence.modelRegistry();
            @SuppressWarnings("unchecked")
            var models = (List<Map<String, Object>>) Json.object(Files.readString(DIR.resolve("models.json"))).get("models");
            String live = null;
            for (var m : models) {
                byte[] artifact = Base64.getDecoder().decode((String) m.get("artifact"));
                var provenance = new Provenance("pinned", Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-04-30T23:00:00Z"), 0,
                        (String) m.get("frequency"), List.of(), Map.of());
                var version = registry.register(new NewModelVersion((String) m.get("label"), (String) m.get("algorithm"), new Hyperparameters(Map.of()),
                        BacktestMetrics.NONE, provenance), artifact);
                if (live == null) live = version.id();
            }
            registry.appendDeployment(new DeploymentEvent(1, live, DeploymentAction.DEPLOY, null, Instant.now(), "pinned responses", "test"));
        }
    }

    static Stream<Arguments> cases() throws IOException {
        return PinnedModels.requests().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theAnswerIsTheOneRecordedBeforeTheFastPath(String name, PinnedModels.Request request) {
        var r = server.post(request.path(), request.body());
        String answer = "{\"status\": " + r.status() + ", \"content_type\": \"" + r.contentType() + "\", \"body\": " + r.body() + "}";
        if (PinnedModels.recording()) {
            ANSWERS.put(name, answer);
            return;
        }
        Object expected = recorded.get(name);
        assertTrue(expected != null, "no recorded answer for " + name + "; record with -Dpinned.record=true");
        var differences = new ArrayList<String>();
        compare("", expected, Json.parse(answer), differences);
        assertEquals(List.of(), differences, name + ": " + r.body());
    }

    private static String parserWords(String s) {
        return s.replaceAll("is not valid JSON.*", "is not valid JSON");
    }

    /** Adds a line per difference between {@code want} and {@code got} below {@code at}. */
    @SuppressWarnings("unchecked")
    static void compare(String at, Object want, Object got, List<String> differences) {
        if (want instanceof Double w && got instanceof Double g) {
            if (!(Math.abs(w - g) <= TOLERANCE)) differences.add(at + ": " + w + " != " + g);
        } else if (want instanceof Map<?, ?> w && got instanceof Map<?, ?> g) {
            var keys = new java.util.TreeSet<String>();
            keys.addAll((java.util.Set<String>) w.keySet());
            keys.addAll((java.util.Set<String>) g.keySet());
            for (String k : keys) {
                if (k.equals("execution_time_ms")) continue;
                if (!w.containsKey(k) || !g.containsKey(k)) differences.add(at + "." + k + ": only in " + (w.containsKey(k) ? "the recording" : "the answer"));
                else compare(at + "." + k, w.get(k), g.get(k), differences);
            }
        } else if (want instanceof List<?> w && got instanceof List<?> g) {
            if (w.size() != g.size()) differences.add(at + ": " + w.size() + " items != " + g.size());
            else for (int i = 0; i < w.size(); i++) compare(at + "[" + i + "]", w.get(i), g.get(i), differences);
        } else if (want instanceof String w && got instanceof String g) {
            // what a JSON parser says of a malformed body is its own wording: the field and status are pinned, the words not
            if (!parserWords(w).equals(parserWords(g))) differences.add(at + ": " + w + " != " + g);
        } else if (!java.util.Objects.equals(want, got)) {
            differences.add(at + ": " + want + " != " + got);
        }
    }
}
