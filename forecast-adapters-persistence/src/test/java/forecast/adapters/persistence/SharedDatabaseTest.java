package forecast.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import forecast.contract.ModelRegistryContract;
import forecast.contract.ObservationStoreContract;
import forecast.domain.registry.DeploymentAction;
import forecast.domain.registry.DeploymentEvent;
import forecast.domain.registry.ModelRegistry;
import forecast.domain.series.SeriesId;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@link Persistence} objects on one database stand for two replicas: their in-process locks
 * do not see each other, so only the table keys (and retries of the transactions that lose a race)
 * keep ids, the deployment history and the series consistent.
 */
class SharedDatabaseTest {
    @TempDir
    Path data;

    @Test
    void replicasRegisteringAtOnceGetDistinctIds() throws Exception {
        try (var a = PersistenceAdapters.openH2(data); var b = PersistenceAdapters.openH2(data)) {
            var registries = List.of(a.modelRegistry(), b.modelRegistry());
            int threads = 8, each = 5;
            var ids = run(threads, t -> {
                var mine = new ArrayList<String>();
                for (int i = 0; i < each; i++)
                    mine.add(registries.get((t + i) % 2).register(ModelRegistryContract.version(null, "arima"), new byte[] {(byte) t, (byte) i}).id());
                return mine;
            });
            var expected = IntStream.rangeClosed(1, threads * each).mapToObj(n -> "arima_v" + n).collect(Collectors.toSet());
            assertEquals(threads * each, ids.size());
            assertEquals(expected, new HashSet<>(ids));
            assertEquals(a.modelRegistry().list(), b.modelRegistry().list());
        }
    }

    @Test
    void replicasDeployingAtOnceLeaveNoHoles() throws Exception {
        try (var a = PersistenceAdapters.openH2(data); var b = PersistenceAdapters.openH2(data)) {
            var registries = List.of(a.modelRegistry(), b.modelRegistry());
            int threads = 8, each = 4;
            var appended = run(threads, t -> {
                ModelRegistry registry = registries.get(t % 2);
                var mine = new ArrayList<Long>();
                while (mine.size() < each) {
                    long next = registry.deployments(forecast.domain.registry.ModelNames.DEFAULT).size() + 1L;
                    var event = new DeploymentEvent(next, "arima_v" + t, DeploymentAction.DEPLOY, null, Instant.now(), "", "replica " + t % 2);
                    if (registry.appendDeployment(event)) mine.add(next);
                }
                return mine;
            });
            var history = b.modelRegistry().deployments(forecast.domain.registry.ModelNames.DEFAULT);
            assertEquals(threads * each, history.size());
            for (int i = 0; i < history.size(); i++) assertEquals(i + 1L, history.get(i).sequence());
            assertEquals(threads * each, new HashSet<>(appended).size(), "each sequence claimed once");
        }
    }

    @Test
    void replicasAppendingToOneSeriesAtOnceKeepEveryRow() throws Exception {
        try (var a = PersistenceAdapters.openH2(data); var b = PersistenceAdapters.openH2(data)) {
            var stores = List.of(a.observationStore(), b.observationStore());
            int threads = 8, each = 6;
            run(threads, t -> {
                for (int i = 0; i < each; i++) {
                    int step = i * threads + t;
                    stores.get((t + i) % 2).append(SeriesId.DEFAULT, ObservationStoreContract.hourly(0, step, step + 1));
                }
                return List.of();
            });
            ObservationStoreContract.assertSameSeries(ObservationStoreContract.hourly(0, ObservationStoreContract.range(0, threads * each + 1)),
                    a.observationStore().history(SeriesId.DEFAULT).orElseThrow());
        }
    }

    private interface Task<T> {
        List<T> run(int thread) throws Exception;
    }

    private static <T> List<T> run(int threads, Task<T> task) throws Exception {
        var pool = Executors.newFixedThreadPool(threads);
        try {
            var start = new CountDownLatch(1);
            var futures = new ArrayList<java.util.concurrent.Future<List<T>>>();
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
            for (var f : futures) out.addAll(f.get());
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
