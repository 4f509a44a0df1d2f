package forecast.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.monitoring.Alert;
import forecast.domain.monitoring.AlertStore;
import forecast.domain.monitoring.AlertStore.Raised;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AlertStore} promises. An implementation's test implements this interface and
 * {@link #createStore()}; each test calls it once.
 */
public interface AlertStoreContract {
    /** A new, empty store. */
    AlertStore createStore();

    // ---- samples

    /** Microseconds, which every database keeps. */
    Instant T0 = Instant.parse("2024-05-01T09:30:00.123456Z");

    static Instant minute(int m) {
        return T0.plus(Duration.ofMinutes(m));
    }

    /** A breach of live MAPE on version {@code subject}: measured 12.5 against a threshold of 8. */
    static Alert.Breach accuracy(String key, String subject) {
        return new Alert.Breach(key, Alert.Kind.ACCURACY, Alert.Severity.WARNING, subject, "live MAPE 12.5% is over 8% ✓ 'quoted'", 12.5, 8);
    }

    /** A breach that measured nothing: NaN value and threshold. */
    static Alert.Breach pipeline(String key) {
        return new Alert.Breach(key, Alert.Kind.PIPELINE, Alert.Severity.CRITICAL, null, null, Double.NaN, Double.NaN);
    }

    /** The alert {@code breach} opens as {@code id} at {@code at}. */
    static Alert opened(long id, Alert.Breach b, Instant at) {
        return new Alert(id, b.key(), b.kind(), b.severity(), b.subject(), b.message(), b.value(), b.threshold(), Alert.State.OPEN, at, at, null, 1);
    }

    static List<Long> ids(List<Alert> alerts) {
        return alerts.stream().map(Alert::id).toList();
    }

    // ---- raising

    @Test
    default void aBreachOpensAnAlertThatIsFoundByIdAndKey() {
        var store = createStore();
        assertEquals(Optional.empty(), store.open("accuracy:v1"));
        var raised = store.raise(accuracy("accuracy:v1", "v1"), minute(0));
        assertTrue(raised.opened());
        var alert = raised.alert();
        assertEquals(opened(alert.id(), accuracy("accuracy:v1", "v1"), minute(0)), alert);
        assertEquals(Optional.of(alert), store.find(alert.id()));
        assertEquals(Optional.of(alert), store.open("accuracy:v1"));
        assertEquals(Optional.empty(), store.find(alert.id() + 1000));
        assertEquals(Optional.empty(), store.open("accuracy:v2"));
    }

    @Test
    default void nanMeasurementsAndMissingTextComeBackAsGiven() {
        var store = createStore();
        var alert = store.raise(pipeline("pipeline:failed"), minute(0)).alert();
        assertEquals(opened(alert.id(), pipeline("pipeline:failed"), minute(0)), alert);
        assertTrue(Double.isNaN(store.find(alert.id()).orElseThrow().value()));
        assertEquals(Optional.of(alert), store.find(alert.id()));
        var infinite = new Alert.Breach("drift", Alert.Kind.INPUT_DRIFT, Alert.Severity.WARNING, "s", "", Double.POSITIVE_INFINITY, 0.05);
        var other = store.raise(infinite, minute(1)).alert();
        assertEquals(Optional.of(opened(other.id(), infinite, minute(1))), store.find(other.id()));
    }

    @Test
    default void aBreachOfAnOpenAlertCountsAnOccurrence() {
        var store = createStore();
        var first = store.raise(accuracy("accuracy:v1", "v1"), minute(0)).alert();
        var again = store.raise(new Alert.Breach("accuracy:v1", Alert.Kind.ACCURACY, Alert.Severity.CRITICAL, "v1", "worse", 30, 8), minute(5));
        assertFalse(again.opened());
        var expected = new Alert(first.id(), "accuracy:v1", Alert.Kind.ACCURACY, Alert.Severity.WARNING, "v1", first.message(), 12.5, 8, Alert.State.OPEN,
                minute(0), minute(5), null, 2);
        assertEquals(expected, again.alert(), "only the occurrences and the last-seen time change");
        assertEquals(Optional.of(expected), store.open("accuracy:v1"));
        assertEquals(List.of(expected), store.list(null, 10));
        assertEquals(3, store.raise(accuracy("accuracy:v1", "v1"), minute(6)).alert().occurrences());
    }

    @Test
    default void keysAreIndependent() {
        var store = createStore();
        var a = store.raise(accuracy("accuracy:v1", "v1"), minute(0)).alert();
        var b = store.raise(accuracy("accuracy:v2", "v2"), minute(1));
        assertTrue(b.opened());
        assertNotEquals(a.id(), b.alert().id());
        assertEquals(1, store.open("accuracy:v1").orElseThrow().occurrences());
        assertEquals(Optional.of(b.alert()), store.open("accuracy:v2"));
    }

    // ---- resolving

    @Test
    default void aResolvedKeyOpensANewAlertOnItsNextBreach() {
        var store = createStore();
        var first = store.raise(accuracy("accuracy:v1", "v1"), minute(0)).alert();
        store.raise(accuracy("accuracy:v1", "v1"), minute(1));
        var resolved = store.resolve("accuracy:v1", minute(2)).orElseThrow();
        assertEquals(new Alert(first.id(), "accuracy:v1", Alert.Kind.ACCURACY, Alert.Severity.WARNING, "v1", first.message(), 12.5, 8,
                Alert.State.RESOLVED, minute(0), minute(1), minute(2), 2), resolved);
        assertEquals(Optional.empty(), store.open("accuracy:v1"));
        assertEquals(Optional.empty(), store.resolve("accuracy:v1", minute(3)), "nothing open to resolve");
        assertEquals(Optional.of(resolved), store.find(first.id()));

        var next = store.raise(accuracy("accuracy:v1", "v1"), minute(4));
        assertTrue(next.opened());
        assertNotEquals(first.id(), next.alert().id());
        assertEquals(opened(next.alert().id(), accuracy("accuracy:v1", "v1"), minute(4)), next.alert());
        assertEquals(Optional.of(resolved), store.find(first.id()), "the resolved one stays as it was");
        assertEquals(List.of(next.alert().id(), first.id()), ids(store.list(null, 10)));
    }

    @Test
    default void anAlertIsResolvedByIdOnce() {
        var store = createStore();
        var a = store.raise(accuracy("accuracy:v1", "v1"), minute(0)).alert();
        var resolved = store.resolve(a.id(), minute(1)).orElseThrow();
        assertEquals(Alert.State.RESOLVED, resolved.state());
        assertEquals(minute(1), resolved.resolvedAt());
        assertEquals(Optional.of(resolved), store.resolve(a.id(), minute(2)), "resolving again changes nothing");
        assertEquals(Optional.empty(), store.resolve(a.id() + 1000, minute(2)), "no such alert");
        assertEquals(Optional.empty(), store.open("accuracy:v1"));
        assertTrue(store.raise(accuracy("accuracy:v1", "v1"), minute(3)).opened());
    }

    // ---- listing

    @Test
    default void alertsAreListedByStateNewestRaisedFirst() {
        var store = createStore();
        var a = store.raise(accuracy("a", "v1"), minute(3)).alert();
        var b = store.raise(accuracy("b", "v1"), minute(1)).alert();
        var c = store.raise(pipeline("c"), minute(2)).alert();
        var d = store.raise(accuracy("d", "v2"), minute(4)).alert();
        store.raise(accuracy("b", "v1"), minute(9)); // a later occurrence does not make it newer
        store.resolve("a", minute(5));
        store.resolve(c.id(), minute(6));
        assertEquals(List.of(d.id(), a.id(), c.id(), b.id()), ids(store.list(null, 10)));
        assertEquals(List.of(d.id(), a.id()), ids(store.list(null, 2)));
        assertEquals(List.of(d.id(), b.id()), ids(store.list(Alert.State.OPEN, 10)));
        assertEquals(List.of(a.id(), c.id()), ids(store.list(Alert.State.RESOLVED, 10)));
        assertEquals(List.of(a.id()), ids(store.list(Alert.State.RESOLVED, 1)));
        assertEquals(List.of(), store.list(Alert.State.OPEN, 0));
        assertEquals(List.of(), createStore().list(null, 10));
    }

    // ---- concurrency

    @Test
    default void concurrentBreachesOfOneKeyOpenOneAlert() throws Exception {
        var store = createStore();
        int threads = 4, each = 10;
        List<Raised> raised = StudyStoreContract.run(threads, t -> {
            var mine = new java.util.ArrayList<Raised>();
            for (int i = 0; i < each; i++) mine.add(store.raise(accuracy("accuracy:v1", "v1"), minute(i)));
            return mine;
        });
        assertEquals(1, raised.stream().filter(Raised::opened).count(), "one raise opened it, the others counted");
        assertEquals(1, new HashSet<>(raised.stream().map(r -> r.alert().id()).toList()).size());
        var open = store.open("accuracy:v1").orElseThrow();
        assertEquals(threads * each, open.occurrences());
        assertEquals(List.of(open), store.list(null, 10));
    }

    @Test
    default void concurrentBreachesAndResolutionsLeaveAtMostOneOpenAlertPerKey() throws Exception {
        var store = createStore();
        int threads = 4, each = 10;
        var raised = StudyStoreContract.run(threads, t -> {
            var mine = new java.util.ArrayList<Raised>();
            for (int i = 0; i < each; i++) {
                if (t == 0 && i % 3 == 2) store.resolve("k", minute(i));
                else mine.add(store.raise(pipeline("k"), minute(i)));
            }
            return mine;
        });
        var all = store.list(null, 1000);
        assertTrue(all.stream().filter(Alert::open).count() <= 1, all.toString());
        assertEquals(raised.stream().filter(Raised::opened).count(), all.size(), "each opening made one alert");
        assertEquals(raised.size(), all.stream().mapToInt(Alert::occurrences).sum(), "each raise counted once");
    }
}
