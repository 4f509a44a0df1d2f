package forecast.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import forecast.contract.ExperimentStoreContract;
import forecast.contract.StudyStoreContract;
import forecast.domain.experiment.Experiment;
import forecast.domain.experiment.ExperimentStore;
import forecast.domain.experiment.ExperimentStore.Started;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The experiment store contract on an H2 file database, opened as the server opens it; restarts and replicas. */
class JdbiExperimentStoreTest implements ExperimentStoreContract {
    @TempDir
    Path data;

    private final FileDatabases databases = new FileDatabases(() -> data);

    @Override
    public ExperimentStore createStore() {
        return databases.fresh().experimentStore();
    }

    @AfterEach
    void close() {
        databases.close();
    }

    @Test
    void experimentsSurviveClosingTheDatabase() {
        var store = databases.open("restart").experimentStore();
        var promoted = ExperimentStoreContract.experiment("promoted", "s1", T0);
        var running = ExperimentStoreContract.simple("running", "s2", T0.plusSeconds(1));
        store.start(promoted);
        store.start(running);
        var ended = store.end("promoted", Experiment.State.PROMOTED, T0.plusSeconds(2), "bob", "lstm_v1").orElseThrow();
        databases.closeLast();

        var reopened = databases.open("restart").experimentStore();
        assertEquals(List.of(running, ended), reopened.list());
        assertEquals(List.of(running), reopened.running());
        assertEquals(new Started.Competing(running), reopened.start(ExperimentStoreContract.simple("again", "s2", T0.plusSeconds(3))));
        assertEquals(Optional.empty(), reopened.end("promoted", Experiment.State.STOPPED, T0.plusSeconds(4), "carol", null));
        assertEquals(Optional.of(running.ended(Experiment.State.STOPPED, T0.plusSeconds(5), "carol", null)),
                reopened.end("running", Experiment.State.STOPPED, T0.plusSeconds(5), "carol", null));
    }

    @Test
    void replicasSharingTheDatabaseStartAndEndOnce() throws Exception {
        var stores = List.of(databases.open("shared").experimentStore(), databases.open("shared").experimentStore());
        int threads = 8;
        for (int round = 0; round < 5; round++) {
            int r = round;
            var results = StudyStoreContract.run(threads, t -> List.of(stores.get(t % 2)
                    .start(ExperimentStoreContract.simple("r" + r + "-" + t, t % 3 == 0 ? null : "s", T0.plusSeconds(10 * r + t)))));
            var done = results.stream().filter(Started.Done.class::isInstance).toList();
            assertEquals(1, done.size(), "round " + round + ": " + results);
            var name = assertInstanceOf(Started.Done.class, done.getFirst()).experiment().name();
            var ended = StudyStoreContract.run(threads, t -> stores.get(t % 2)
                    .end(name, Experiment.State.STOPPED, T0.plusSeconds(10 * r + 9), "admin-" + t, null).stream().toList());
            assertEquals(1, ended.size(), "round " + round + ": one end wins");
        }
        assertEquals(stores.get(0).list(), stores.get(1).list());
        assertEquals(5, stores.get(0).list().size());
        assertEquals(List.of(), stores.get(1).running());
    }
}
