package forecast.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.evaluation.BacktestMetrics;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.registry.Artifact;
import forecast.domain.registry.DeploymentAction;
import forecast.domain.registry.DeploymentEvent;
import forecast.domain.registry.DuplicateVersionException;
import forecast.domain.registry.ModelRegistry;
import forecast.domain.registry.ModelVersion;
import forecast.domain.registry.NewModelVersion;
import forecast.domain.registry.Provenance;
import forecast.domain.registry.SeriesMetrics;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ModelRegistry} promises. An implementation's test implements this interface
 * and {@link #createRegistry()}; each test calls it once.
 */
public interface ModelRegistryContract {
    /** A new, empty registry. */
    ModelRegistry createRegistry();

    // ---- samples

    static NewModelVersion version(String label, String algorithm) {
        return new NewModelVersion(label, algorithm, Hyperparameters.of("max_depth", "6", "eta", "0.05"),
                new BacktestMetrics(3.25, 3.1, 0.82, 12.5, 0.79, 0.951, 4.25, 1.5, 2.75, 5, 40, 24), provenance());
    }

    static Provenance provenance() {
        return new Provenance("default", Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-03-31T23:00:00Z"), 2184,
                "PT1H", List.of("temperature", "promo", "day of week"), Map.of("xgboost4j", "3.4.0", "java", "21.0.5"));
    }

    static byte[] bytes(int size, long seed) {
        var b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    // ---- ids and lookups

    @Test
    default void registerAssignsIdsCountingPerAlgorithm() {
        var registry = createRegistry();
        assertEquals("arima_v1", registry.register(version(null, "arima"), bytes(10, 1)).id());
        assertEquals("arima_v2", registry.register(version(null, "arima"), bytes(10, 2)).id());
        assertEquals("xgboost_v1", registry.register(version(null, "xgboost"), bytes(10, 3)).id());
        assertEquals("arima_v3", registry.register(version(null, "arima"), bytes(10, 4)).id());
    }

    @Test
    default void aJobRegistersOneVersionHoweverOftenItTries() {
        var registry = createRegistry();
        assertEquals(Optional.empty(), registry.registeredBy("job-1"));
        var first = registry.register(version("from-job", "arima"), bytes(10, 1), "job-1");
        assertEquals(Optional.of(first), registry.registeredBy("job-1"));
        assertEquals(first, registry.register(version("from-job", "arima"), bytes(10, 2), "job-1"), "taken again after a crash: the same version");
        assertEquals(first, registry.forJob("job-1").register(version("other", "xgboost"), bytes(10, 3)));
        var other = registry.forJob("job-2").register(version(null, "arima"), bytes(10, 4));
        assertEquals("arima_v2", other.id());
        assertEquals(Optional.of(other), registry.registeredBy("job-2"));
        var plain = registry.register(version(null, "arima"), bytes(10, 5));
        assertEquals(Optional.of(other), registry.registeredBy("job-2"), "a registration without a job belongs to none");
        assertEquals(3, registry.list().size());
        assertEquals(Optional.of(plain), registry.find(plain.id()));
    }

    @Test
    default void registeredVersionIsFoundByIdAndByLabel() {
        var registry = createRegistry();
        var v = registry.register(version("v1.2", "lstm"), bytes(100, 1));
        assertEquals(Optional.of(v), registry.find(v.id()));
        assertEquals(Optional.of(v), registry.find("v1.2"));
        assertEquals(Optional.empty(), registry.find("lstm_v2"));
        assertEquals(Optional.empty(), registry.find("v1.3"));
    }

    @Test
    default void emptyRegistryHasNothing() {
        var registry = createRegistry();
        assertEquals(List.of(), registry.list());
        assertEquals(List.of(), registry.deployments(forecast.domain.registry.ModelNames.DEFAULT));
        assertEquals(Optional.empty(), registry.find("arima_v1"));
        assertEquals(Optional.empty(), registry.artifact("arima_v1"));
    }

    // ---- exact round trip

    @Test
    default void everyFieldRoundTripsExactly() {
        var registry = createRegistry();
        var before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        var artifact = bytes(5_000, 7);
        var v = registry.register(version("v1.2", "xgboost"), artifact);
        var after = Instant.now();

        assertEquals("xgboost_v1", v.id());
        assertEquals("v1.2", v.label());
        assertEquals("xgboost", v.algorithm());
        assertEquals(Hyperparameters.of("max_depth", "6", "eta", "0.05"), v.hyperparameters());
        assertEquals(version(null, "xgboost").metrics(), v.metrics());
        assertEquals(provenance(), v.provenance());
        assertEquals(Artifact.sha256(artifact), v.sha256());
        assertEquals(5_000, v.artifactBytes());
        assertFalse(v.createdAt().isBefore(before), "created at " + v.createdAt() + " before " + before);
        assertFalse(v.createdAt().isAfter(after), "created at " + v.createdAt() + " after " + after);

        var found = registry.find("xgboost_v1").orElseThrow();
        assertEquals(v, found);
        assertEquals(v.createdAt().truncatedTo(ChronoUnit.MILLIS), found.createdAt().truncatedTo(ChronoUnit.MILLIS));
        assertEquals(List.of(v), registry.list());
    }

    @Test
    default void notANumberMetricsAndSparseProvenanceRoundTrip() {
        var registry = createRegistry();
        var metrics = new BacktestMetrics(Double.NaN, 0.0, Double.NaN, 1e-300, 1.0, Double.NaN, 0, 0, 1);
        var provenance = new Provenance("meter:42", null, null, 0, null, List.of(), Map.of());
        var v = registry.register(new NewModelVersion(null, "naive", Hyperparameters.NONE, metrics, provenance), new byte[0]);
        var none = registry.register(new NewModelVersion(null, "naive", Hyperparameters.NONE, BacktestMetrics.NONE, provenance), bytes(1, 1));

        var found = registry.find(v.id()).orElseThrow();
        assertEquals(v, found);
        assertTrue(Double.isNaN(found.metrics().mape()));
        assertEquals(0.0, found.metrics().smape());
        assertEquals(1e-300, found.metrics().rmse());
        assertNull(found.label());
        assertEquals(provenance, found.provenance());
        assertEquals(0, found.artifactBytes());
        assertEquals(BacktestMetrics.NONE, registry.find(none.id()).orElseThrow().metrics());
        assertEquals(List.of(v, none), registry.list());
    }

    @Test
    default void hyperparameterValuesAreKeptAsWritten() {
        var registry = createRegistry();
        var params = Hyperparameters.of("order", "(2, 1, 2)", "seasonal_order", "(0,1,1,24)", "note", "", "unicode", "μ=0.5 ü",
                "long", "x".repeat(5_000));
        var v = registry.register(new NewModelVersion(null, "arima", params, BacktestMetrics.NONE, provenance()), bytes(3, 3));
        assertEquals(params, registry.find(v.id()).orElseThrow().hyperparameters());
    }

    @Test
    default void provenanceNotesAreKeptApartFromTheHyperparameters() {
        var registry = createRegistry();
        var notes = Map.of("imputation", "seasonal", "tuned_by", "study s, trial 3", "selection", "arima MASE 0.812; xgboost MASE 0.9", "empty", "");
        var params = Hyperparameters.of("max_depth", "6");
        var v = registry.register(new NewModelVersion(null, "xgboost", params, BacktestMetrics.NONE, provenance().withNotes(notes)), bytes(3, 4));
        var found = registry.find(v.id()).orElseThrow();
        assertEquals(notes, found.provenance().notes());
        assertEquals(params, found.hyperparameters(), "the notes are not hyperparameters");
        assertEquals(List.of(found), registry.list());
        assertEquals(Map.of(), registry.register(version(null, "xgboost"), bytes(3, 5)).provenance().notes());
    }

    // ---- duplicates

    @Test
    default void duplicateLabelIsRefusedAndNothingIsStored() {
        var registry = createRegistry();
        var first = registry.register(version("v1.2", "lstm"), bytes(10, 1));
        assertThrows(DuplicateVersionException.class, () -> registry.register(version("v1.2", "xgboost"), bytes(10, 2)));
        assertThrows(DuplicateVersionException.class, () -> registry.register(version("v1.2", "lstm"), bytes(10, 3)));
        assertEquals(List.of(first), registry.list());
        assertEquals(Optional.empty(), registry.find("xgboost_v1"));
        assertEquals(Optional.empty(), registry.artifact("xgboost_v1"));
        assertEquals("xgboost_v1", registry.register(version(null, "xgboost"), bytes(10, 4)).id());
        assertEquals("lstm_v2", registry.register(version("v1.3", "lstm"), bytes(10, 5)).id());
    }

    @Test
    default void labelEqualToAnExistingIdIsRefused() {
        var registry = createRegistry();
        var first = registry.register(version(null, "arima"), bytes(10, 1));
        assertThrows(DuplicateVersionException.class, () -> registry.register(version("arima_v1", "xgboost"), bytes(10, 2)));
        assertEquals(List.of(first), registry.list());
        assertEquals(Optional.of(first), registry.find("arima_v1"));
    }

    @Test
    default void anAssignedIdNeverTakesAnEarlierLabel() {
        var registry = createRegistry();
        var labelled = registry.register(version("arima_v1", "xgboost"), bytes(10, 1));
        var arima = registry.register(version(null, "arima"), bytes(10, 2));
        assertNotEquals("arima_v1", arima.id());
        assertEquals(Optional.of(labelled), registry.find("arima_v1"));
        assertEquals(Optional.of(arima), registry.find(arima.id()));
    }

    // ---- artifacts

    @Test
    default void artifactBytesAndChecksumRoundTripAndVerify() {
        var registry = createRegistry();
        var bytes = bytes(2_500_000, 11); // larger than a VARBINARY column holds
        var v = registry.register(version(null, "lstm"), bytes);
        var artifact = registry.artifact(v.id()).orElseThrow();
        assertEquals(v.id(), artifact.versionId());
        assertEquals(v.sha256(), artifact.recordedSha256());
        assertArrayEquals(bytes, artifact.verified());
        assertEquals(Optional.empty(), registry.artifact("lstm_v2"));
    }

    @Test
    default void storedArtifactIsACopy() {
        var registry = createRegistry();
        var bytes = bytes(64, 5);
        var original = bytes.clone();
        var v = registry.register(version(null, "arima"), bytes);
        bytes[0] ^= 1;
        registry.artifact(v.id()).orElseThrow().bytes()[1] ^= 1;
        assertArrayEquals(original, registry.artifact(v.id()).orElseThrow().verified());
    }

    // ---- listing

    @Test
    default void listIsOldestFirst() {
        var registry = createRegistry();
        var registered = new ArrayList<ModelVersion>();
        for (var algorithm : List.of("xgboost", "arima", "lstm", "arima", "ensemble", "xgboost"))
            registered.add(registry.register(version(null, algorithm), bytes(10, registered.size())));
        var listed = registry.list();
        assertEquals(registered, listed);
        for (int i = 1; i < listed.size(); i++)
            assertFalse(listed.get(i).createdAt().isBefore(listed.get(i - 1).createdAt()), "not oldest first: " + listed);
    }

    // ---- deployment history

    static DeploymentEvent event(long sequence, String version, String previous) {
        return new DeploymentEvent(sequence, version, previous == null ? DeploymentAction.DEPLOY : DeploymentAction.ROLLBACK, previous,
                Instant.parse("2025-01-02T03:04:05.123456Z").plusSeconds(sequence), "because " + sequence, "ops@example.com");
    }

    @Test
    default void deploymentsAppendOnlyAtTheNextSequence() {
        var registry = createRegistry();
        var first = event(1, "arima_v1", null);
        var second = event(2, "xgboost_v1", "arima_v1");
        assertFalse(registry.appendDeployment(second), "sequence 2 with an empty history");
        assertTrue(registry.appendDeployment(first));
        assertFalse(registry.appendDeployment(event(1, "lstm_v1", null)), "stale writer");
        assertFalse(registry.appendDeployment(event(3, "lstm_v1", "arima_v1")), "a hole");
        assertTrue(registry.appendDeployment(second));
        assertEquals(List.of(first, second), registry.deployments(forecast.domain.registry.ModelNames.DEFAULT));
    }

    @Test
    default void staleWriterChangesNothing() {
        var registry = createRegistry();
        assertTrue(registry.appendDeployment(event(1, "arima_v1", null)));
        var winner = event(2, "xgboost_v1", "arima_v1");
        var loser = new DeploymentEvent(2, "lstm_v1", DeploymentAction.DEPLOY, "arima_v1", Instant.now(), "late", null);
        assertTrue(registry.appendDeployment(winner));
        assertFalse(registry.appendDeployment(loser));
        assertEquals(winner, registry.deployments(forecast.domain.registry.ModelNames.DEFAULT).get(1));
        assertEquals(2, registry.deployments(forecast.domain.registry.ModelNames.DEFAULT).size());
    }

    @Test
    default void deploymentEventRoundTripsExactly() {
        var registry = createRegistry();
        var event = new DeploymentEvent(1, "v1.2", DeploymentAction.ROLLBACK, null, Instant.parse("2025-06-30T23:59:59.999999Z"), "", null);
        assertTrue(registry.appendDeployment(event));
        var stored = registry.deployments(forecast.domain.registry.ModelNames.DEFAULT).get(0);
        assertEquals(event, stored);
        assertNull(stored.previousVersion());
        assertEquals("system", stored.actor());
        assertEquals("", stored.reason());
    }

    // ---- concurrency

    @Test
    default void concurrentRegistrationsGetDistinctIds() throws Exception {
        var registry = createRegistry();
        int threads = 8, each = 5;
        var ids = runConcurrently(threads, t -> {
            var mine = new ArrayList<String>();
            for (int i = 0; i < each; i++) mine.add(registry.register(version(null, "xgboost"), bytes(32, t * 100L + i)).id());
            return mine;
        });
        var expected = IntStream.rangeClosed(1, threads * each).mapToObj(n -> "xgboost_v" + n).collect(Collectors.toSet());
        assertEquals(threads * each, ids.size(), "ids " + ids);
        assertEquals(expected, new HashSet<>(ids));
        assertEquals(threads * each, registry.list().size());
    }

    @Test
    default void concurrentDeployersLeaveNoHoles() throws Exception {
        var registry = createRegistry();
        int threads = 8, each = 4;
        var appended = runConcurrently(threads, t -> {
            var mine = new ArrayList<Long>();
            while (mine.size() < each) {
                long next = registry.deployments(forecast.domain.registry.ModelNames.DEFAULT).size() + 1L;
                if (registry.appendDeployment(event(next, "arima_v" + t, null))) mine.add(next);
            }
            return mine;
        });
        var history = registry.deployments(forecast.domain.registry.ModelNames.DEFAULT);
        assertEquals(threads * each, history.size());
        for (int i = 0; i < history.size(); i++) assertEquals(i + 1L, history.get(i).sequence());
        assertEquals(Set.copyOf(appended), history.stream().map(DeploymentEvent::sequence).collect(Collectors.toSet()));
    }

    /** Runs {@code task(t)} on {@code threads} threads released together; their results, concatenated. */
    private static <T> List<T> runConcurrently(int threads, ThreadTask<T> task) throws Exception {
        var pool = Executors.newFixedThreadPool(threads);
        try {
            var start = new CountDownLatch(1);
            var futures = new ArrayList<Future<List<T>>>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Callable<List<T>> c = () -> {
                    start.await();
                    return task.run(id);
                };
                futures.add(pool.submit(c));
            }
            start.countDown();
            var out = new ArrayList<T>();
            for (var f : futures) {
                try {
                    out.addAll(f.get());
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    interface ThreadTask<T> {
        List<T> run(int thread) throws Exception;
    }

    // ---- named models

    static NewModelVersion version(String model, String label, String algorithm) {
        var v = version(label, algorithm);
        return new NewModelVersion(model, v.label(), v.algorithm(), v.hyperparameters(), v.metrics(), v.provenance());
    }

    @Test
    default void versionsBelongToTheirModelAndIdsStayUniqueOverall() {
        var registry = createRegistry();
        var a = registry.register(version("shop-sales", "v1", "arima"), bytes(10, 1));
        var b = registry.register(version("grid-load", "v1", "arima"), bytes(10, 2));
        var c = registry.register(version(null, "arima"), bytes(10, 3));
        assertEquals("shop-sales", a.model());
        assertEquals("grid-load", b.model());
        assertEquals("default", c.model(), "a version registered without a model is the default model's");
        assertEquals(3, Set.of(a.id(), b.id(), c.id()).size(), "ids are unique across models");
        assertEquals(List.of("default", "grid-load", "shop-sales"), registry.models());
        assertEquals(List.of(a), registry.list("shop-sales"));
        assertEquals(List.of(a, b, c), registry.list());
    }

    @Test
    default void labelsAreUniqueWithinAModelOnly() {
        var registry = createRegistry();
        var a = registry.register(version("shop-sales", "v1", "arima"), bytes(10, 1));
        var b = registry.register(version("grid-load", "v1", "xgboost"), bytes(10, 2));
        assertThrows(DuplicateVersionException.class, () -> registry.register(version("shop-sales", "v1", "xgboost"), bytes(10, 3)));
        assertThrows(DuplicateVersionException.class, () -> registry.register(version("grid-load", a.id(), "xgboost"), bytes(10, 3)),
                "a label may not read as another version's id");
        assertEquals(Optional.of(a), registry.find("shop-sales", "v1"));
        assertEquals(Optional.of(b), registry.find("grid-load", "v1"));
        assertEquals(Optional.of(b), registry.find("grid-load", b.id()));
        assertEquals(Optional.empty(), registry.find("shop-sales", b.id()), "a version is found only in its own model");
        assertEquals(Optional.empty(), registry.find("v1"), "a bare label means the default model's");
        assertEquals(Optional.of(b), registry.find(b.id()), "a bare id finds the version of any model");
    }

    @Test
    default void eachModelHasItsOwnDeploymentHistory() {
        var registry = createRegistry();
        var a = registry.register(version("shop-sales", null, "arima"), bytes(10, 1));
        var b = registry.register(version("grid-load", null, "arima"), bytes(10, 2));
        var at = Instant.parse("2024-05-01T00:00:00Z");
        var first = new DeploymentEvent("shop-sales", 1, a.id(), DeploymentAction.DEPLOY, null, at, "first", "ops");
        var other = new DeploymentEvent("grid-load", 1, b.id(), DeploymentAction.DEPLOY, null, at, "first too", "ops");
        assertTrue(registry.appendDeployment(first));
        assertTrue(registry.appendDeployment(other), "each model's sequence starts at 1");
        assertFalse(registry.appendDeployment(new DeploymentEvent("grid-load", 1, b.id(), DeploymentAction.DEPLOY, null, at, "again", "ops")));
        assertEquals(List.of(first), registry.deployments("shop-sales"));
        assertEquals(List.of(other), registry.deployments("grid-load"));
        assertEquals(List.of(), registry.deployments("default"));
    }

    @Test
    default void aPortfolioVersionKeepsEachSeriesBacktest() {
        var registry = createRegistry();
        var base = version("shop-sales", "p1", "arima");
        var at = Instant.parse("2024-01-01T00:00:00Z");
        var series = List.of(
                new SeriesMetrics("shop-1", new BacktestMetrics(3.5, 3.4, 0.8, 10, 0.8, 0.95, 6.5, 1.75, 3.25, 3, 9, 14), 365, at, at.plus(364, ChronoUnit.DAYS)),
                new SeriesMetrics("shop-2", new BacktestMetrics(Double.NaN, 4.4, 1.1, 12, 0.7, 0.9, 3, 9, 14), 200, at, at.plus(199, ChronoUnit.DAYS)));
        var v = registry.register(new NewModelVersion(base.model(), base.label(), base.algorithm(), base.hyperparameters(), base.metrics(),
                base.provenance(), series), bytes(20, 5));
        assertEquals(series, v.series());
        assertTrue(v.portfolio());
        assertEquals(List.of("shop-1", "shop-2"), v.seriesIds());
        assertEquals(series, registry.find("shop-sales", "p1").orElseThrow().series());
        assertEquals(series, registry.find(v.id()).orElseThrow().series());
        assertEquals(series, registry.list("shop-sales").get(0).series());
        var single = registry.register(version("shop-sales", "single", "arima"), bytes(20, 6));
        assertEquals(List.of(), single.series());
        assertEquals(List.of("default"), single.seriesIds(), "a single-series version forecasts its own series");
    }
}
