package forecast.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import forecast.domain.experiment.Arm;
import forecast.domain.experiment.Experiment;
import forecast.domain.experiment.ExperimentStore;
import forecast.domain.experiment.ExperimentStore.Started;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ExperimentStore} promises. An implementation's test implements this interface
 * and {@link #createStore()}; each test calls it once.
 */
public interface ExperimentStoreContract {
    /** A new, empty store. */
    ExperimentStore createStore();

    // ---- samples

    /** Microseconds, which every database keeps. */
    Instant T0 = Instant.parse("2024-05-01T09:30:00.123456Z");

    /**
     * A running experiment with three arms in an order that is neither alphabetical nor by weight,
     * references that differ from the versions, and a duration with milliseconds, started by alice.
     */
    static Experiment experiment(String name, String scope, Instant started) {
        return new Experiment(name, List.of(new Arm("xgboost_v7", "v1.2", 0.1), new Arm("arima_v3", "arima_v3", 0.6),
                new Arm("lstm_v1", "candidate ✓ 'q'", 0.3)), "mae", 250, false, Duration.ofHours(36).plusMillis(123), scope,
                Experiment.State.RUNNING, started, "alice", null, null, null);
    }

    /** Two arms, MAPE, sticky: what {@code POST /ab-test/start} makes by default. */
    static Experiment simple(String name, String scope, Instant started) {
        return new Experiment(name, List.of(new Arm("a_v1", null, 0.5), new Arm("b_v2", null, 0.5)), "mape", 100, true,
                Duration.ofDays(7), scope, Experiment.State.RUNNING, started, null, null, null, null);
    }

    private static Experiment started(ExperimentStore store, Experiment e) {
        return assertInstanceOf(Started.Done.class, store.start(e), "start " + e.name()).experiment();
    }

    private static Set<String> names(List<Experiment> experiments) {
        return experiments.stream().map(Experiment::name).collect(Collectors.toSet());
    }

    // ---- starting

    @Test
    default void aStartedExperimentIsFoundAsStarted() {
        var store = createStore();
        var e = experiment("xgb-vs-arima", null, T0);
        assertEquals(new Started.Done(e), store.start(e));
        assertEquals(Optional.of(e), store.find("xgb-vs-arima"));
        assertEquals(Optional.empty(), store.find("other"));
        assertEquals(List.of(e), store.list());
        assertEquals(List.of(e), store.running());
    }

    @Test
    default void everyFieldRoundTrips() {
        var store = createStore();
        var full = experiment("full", "meter:42", T0);
        var bare = simple("b.1_x-2", "other series", T0.plusNanos(1000));
        var exact = new Experiment("exact", List.of(new Arm("v0", "v0", 0.0), new Arm("v1", "label", 1.0), new Arm("v2", null, 1.0 / 3)),
                "mape", 1, true, Duration.ofMillis(1), "s3", Experiment.State.RUNNING, Instant.parse("1999-12-31T23:59:59.999999Z"), null, null, null, null);
        for (var e : List.of(full, bare, exact)) started(store, e);
        assertEquals(full, store.find("full").orElseThrow());
        assertEquals(bare, store.find("b.1_x-2").orElseThrow());
        assertEquals(exact, store.find("exact").orElseThrow());
        var arms = store.find("full").orElseThrow().arms();
        assertEquals(List.of("xgboost_v7", "arima_v3", "lstm_v1"), arms.stream().map(Arm::version).toList(), "arm order");
        assertEquals("b_v2", store.find("b.1_x-2").orElseThrow().arms().get(1).reference(), "a reference defaults to the version");
        assertEquals(Duration.ofMillis(129_600_123), store.find("full").orElseThrow().duration());
    }

    @Test
    default void anEndedExperimentRoundTrips() {
        var store = createStore();
        started(store, experiment("promoted", "s1", T0));
        started(store, simple("stopped", "s2", T0.plusSeconds(1)));
        var promotedAt = T0.plus(Duration.ofHours(40)).plusNanos(654_321_000);
        var promoted = store.end("promoted", Experiment.State.PROMOTED, promotedAt, "bob", "lstm_v1").orElseThrow();
        var stopped = store.end("stopped", Experiment.State.STOPPED, T0.plusSeconds(2), null, null).orElseThrow();
        assertEquals(experiment("promoted", "s1", T0).ended(Experiment.State.PROMOTED, promotedAt, "bob", "lstm_v1"), promoted);
        assertEquals(simple("stopped", "s2", T0.plusSeconds(1)).ended(Experiment.State.STOPPED, T0.plusSeconds(2), null, null), stopped);
        assertEquals(Optional.of(promoted), store.find("promoted"));
        assertEquals(Optional.of(stopped), store.find("stopped"));
        assertEquals(List.of(), store.running());
    }

    @Test
    default void aTakenNameIsRefusedAndTheExperimentIsKept() {
        var store = createStore();
        var first = experiment("taken", "s1", T0);
        started(store, first);
        assertEquals(new Started.NameTaken("taken"), store.start(simple("taken", "s2", T0.plusSeconds(5))), "while it runs");
        assertEquals(new Started.NameTaken("taken"), store.start(simple("taken", null, T0.plusSeconds(5))), "a name is checked before the traffic");
        var ended = store.end("taken", Experiment.State.STOPPED, T0.plusSeconds(6), "bob", null).orElseThrow();
        assertEquals(new Started.NameTaken("taken"), store.start(simple("taken", "s1", T0.plusSeconds(7))), "after it ended");
        assertEquals(Optional.of(ended), store.find("taken"));
        assertEquals(1, store.list().size());
    }

    // ---- competing for traffic

    @Test
    default void anUnscopedRunningExperimentCompetesWithEveryOther() {
        var store = createStore();
        var all = started(store, experiment("all", null, T0));
        assertEquals(new Started.Competing(all), store.start(simple("scoped", "s1", T0.plusSeconds(1))));
        assertEquals(new Started.Competing(all), store.start(simple("unscoped", null, T0.plusSeconds(1))));
        assertEquals(List.of(all), store.list());
        assertEquals(Optional.empty(), store.find("scoped"));
    }

    @Test
    default void aScopedRunningExperimentCompetesWithItsSeriesAndWithAllTraffic() {
        var store = createStore();
        var s1 = started(store, simple("s1-test", "s1", T0));
        assertEquals(new Started.Competing(s1), store.start(experiment("same-series", "s1", T0.plusSeconds(1))));
        assertEquals(new Started.Competing(s1), store.start(experiment("all-traffic", null, T0.plusSeconds(1))));
        var s2 = started(store, experiment("s2-test", "s2", T0.plusSeconds(2)));
        var s3 = started(store, experiment("s3-test", "S1", T0.plusSeconds(3)));
        assertEquals(Set.of("s1-test", "s2-test", "s3-test"), names(store.running()), "series are told apart exactly");
        var refused = assertInstanceOf(Started.Competing.class, store.start(simple("everything", null, T0.plusSeconds(4))));
        assertEquals(true, List.of(s1, s2, s3).contains(refused.running()), "names one of the running experiments: " + refused.running());
    }

    @Test
    default void anEndedExperimentNoLongerCompetes() {
        var store = createStore();
        started(store, experiment("first", null, T0));
        store.end("first", Experiment.State.STOPPED, T0.plusSeconds(1), "bob", null).orElseThrow();
        started(store, simple("second", "s1", T0.plusSeconds(2)));
        store.end("second", Experiment.State.PROMOTED, T0.plusSeconds(3), "bob", "a_v1").orElseThrow();
        var third = started(store, simple("third", "s1", T0.plusSeconds(4)));
        assertEquals(List.of(third), store.running());
    }

    @Test
    default void concurrentStartsForTheSameTrafficLetOneRun() throws Exception {
        var store = createStore();
        int threads = 8;
        var results = StudyStoreContract.run(threads, t -> List.of(store.start(simple("e" + t, t % 2 == 0 ? null : "s1", T0.plusSeconds(t)))));
        var done = results.stream().filter(Started.Done.class::isInstance).map(r -> ((Started.Done) r).experiment()).toList();
        assertEquals(1, done.size(), "one start wins: " + results);
        assertEquals(threads - 1, results.stream().filter(Started.Competing.class::isInstance).count());
        for (var r : results) if (r instanceof Started.Competing c) assertEquals(done.getFirst(), c.running());
        assertEquals(done, store.running());
        assertEquals(done, store.list());
    }

    @Test
    default void concurrentStartsOfOneNameStoreItOnce() throws Exception {
        var store = createStore();
        int threads = 8;
        var results = StudyStoreContract.run(threads, t -> List.of(store.start(simple("same", "s" + t, T0.plusSeconds(t)))));
        var done = results.stream().filter(Started.Done.class::isInstance).map(r -> ((Started.Done) r).experiment()).toList();
        assertEquals(1, done.size(), "one start wins: " + results);
        assertEquals(threads - 1, results.stream().filter(new Started.NameTaken("same")::equals).count());
        assertEquals(done, store.list());
    }

    // ---- ending

    @Test
    default void anExperimentEndsOnce() {
        var store = createStore();
        var e = started(store, experiment("e", null, T0));
        var stopped = store.end("e", Experiment.State.STOPPED, T0.plusSeconds(60), "bob", null);
        assertEquals(Optional.of(e.ended(Experiment.State.STOPPED, T0.plusSeconds(60), "bob", null)), stopped);
        assertEquals(Optional.empty(), store.end("e", Experiment.State.PROMOTED, T0.plusSeconds(61), "carol", "arima_v3"), "already stopped");
        assertEquals(Optional.empty(), store.end("e", Experiment.State.STOPPED, T0.plusSeconds(62), "carol", null));
        assertEquals(stopped, store.find("e"));
        assertEquals(Optional.empty(), store.end("unknown", Experiment.State.STOPPED, T0, "bob", null));
        assertEquals(Optional.empty(), store.find("unknown"));
    }

    @Test
    default void anExperimentDoesNotEndAsRunning() {
        var store = createStore();
        var e = started(store, simple("e", null, T0));
        assertThrows(IllegalArgumentException.class, () -> store.end("e", Experiment.State.RUNNING, T0.plusSeconds(1), "bob", null));
        assertEquals(Optional.of(e), store.find("e"));
    }

    @Test
    default void ofConcurrentEndsExactlyOneWins() throws Exception {
        var store = createStore();
        int threads = 8, rounds = 5;
        for (int round = 0; round < rounds; round++) {
            String name = "race-" + round;
            started(store, experiment(name, null, T0.plusSeconds(round)));
            var ended = StudyStoreContract.run(threads, t -> store.end(name, t % 2 == 0 ? Experiment.State.STOPPED : Experiment.State.PROMOTED,
                    T0.plusSeconds(100 + t), "admin-" + t, t % 2 == 0 ? null : "arima_v3").stream().toList());
            assertEquals(1, ended.size(), "round " + round + ": one end wins");
            var winner = ended.getFirst();
            int t = Integer.parseInt(winner.endedBy().substring("admin-".length()));
            assertEquals(T0.plusSeconds(100 + t), winner.ended(), "the winner's own time");
            assertEquals(t % 2 == 0 ? Experiment.State.STOPPED : Experiment.State.PROMOTED, winner.state());
            assertEquals(Optional.of(winner), store.find(name));
        }
        assertEquals(List.of(), store.running());
    }

    // ---- listing

    @Test
    default void listHasEveryExperimentNewestFirst() {
        var store = createStore();
        assertEquals(List.of(), store.list());
        assertEquals(List.of(), store.running());
        var names = List.of("mid", "zeta", "alpha", "beta");
        var scopes = java.util.Arrays.asList("s1", "s2", "s3", null);
        for (int i = 0; i < names.size(); i++) {
            if (i == 3) for (int j = 0; j < 3; j++) store.end(names.get(j), Experiment.State.STOPPED, T0.plusSeconds(10), "bob", null).orElseThrow();
            started(store, simple(names.get(i), scopes.get(i), T0.plusSeconds(i)));
        }
        assertEquals(List.of("beta", "alpha", "zeta", "mid"), store.list().stream().map(Experiment::name).toList());
        assertEquals(List.of("beta"), store.running().stream().map(Experiment::name).toList());
        assertEquals(simple("beta", null, T0.plusSeconds(3)), store.list().getFirst());
        assertEquals(Experiment.State.STOPPED, store.list().getLast().state());
    }

    @Test
    default void runningHasTheRunningExperimentsOnly() {
        var store = createStore();
        for (int i = 0; i < 5; i++) started(store, simple("e" + i, "s" + i, T0.plusSeconds(i)));
        store.end("e1", Experiment.State.STOPPED, T0.plusSeconds(10), "bob", null).orElseThrow();
        store.end("e3", Experiment.State.PROMOTED, T0.plusSeconds(11), "bob", "b_v2").orElseThrow();
        assertEquals(Set.of("e0", "e2", "e4"), names(store.running()));
        assertEquals(3, store.running().size());
        for (var e : store.running()) assertEquals(simple(e.name(), e.scope(), e.started()), e);
        assertEquals(5, store.list().size());
    }
}
