package forecast.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.observation.ObservationStore;
import forecast.domain.series.Frequency;
import forecast.domain.series.SeriesId;
import forecast.domain.series.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ObservationStore} promises. An implementation's test implements this
 * interface and {@link #createStore()}; each test calls it once.
 */
public interface ObservationStoreContract {
    /** A new, empty store. */
    ObservationStore createStore();

    Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    SeriesId METER = new SeriesId("meter:42");

    /** Hourly rows at the given step numbers after {@link #T0}, valued {@code 10 + step} plus {@code offset}. */
    static TimeSeries hourly(double offset, int... steps) {
        var times = new ArrayList<Instant>();
        double[] values = new double[steps.length];
        for (int i = 0; i < steps.length; i++) {
            times.add(T0.plus(Duration.ofHours(steps[i])));
            values[i] = 10 + steps[i] + offset;
        }
        return TimeSeries.of(times, values, List.of(), null, Frequency.HOURLY);
    }

    static int[] range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).toArray();
    }

    /** Hourly rows with two feature columns; the second is unknown (NaN) on odd steps. */
    static TimeSeries withFeatures(List<String> names, int... steps) {
        var times = new ArrayList<Instant>();
        double[] values = new double[steps.length];
        double[][] features = new double[steps.length][];
        for (int i = 0; i < steps.length; i++) {
            times.add(T0.plus(Duration.ofHours(steps[i])));
            values[i] = Math.sin(steps[i]) * 100;
            features[i] = names.isEmpty() ? new double[0] : new double[] {0.1 * steps[i], steps[i] % 2 == 0 ? 1 : Double.NaN};
        }
        return TimeSeries.of(times, values, names, names.isEmpty() ? null : features, Frequency.HOURLY);
    }

    /** Same times, values (NaN for gaps), feature columns and values, and frequency. */
    static void assertSameSeries(TimeSeries expected, TimeSeries actual) {
        assertEquals(expected.times(), actual.times());
        assertArrayEquals(expected.values(), actual.values());
        assertEquals(expected.featureNames(), actual.featureNames());
        for (int i = 0; i < expected.size(); i++) assertArrayEquals(expected.featureRow(i), actual.featureRow(i), "features of row " + i);
        assertEquals(expected.frequency(), actual.frequency());
    }

    @Test
    default void appendCreatesTheSeries() {
        var store = createStore();
        assertEquals(Optional.empty(), store.history(METER));
        var series = hourly(0, range(0, 48));
        store.append(METER, series);
        assertSameSeries(series, store.history(METER).orElseThrow());
        assertEquals(List.of(METER), store.series());
    }

    @Test
    default void appendingLaterRowsExtendsTheSeries() {
        var store = createStore();
        store.append(METER, hourly(0, range(0, 10)));
        store.append(METER, hourly(0, range(10, 15)));
        assertSameSeries(hourly(0, range(0, 15)), store.history(METER).orElseThrow());
    }

    @Test
    default void rowAtAnExistingTimeReplacesOnlyThatRow() {
        var store = createStore();
        store.append(METER, hourly(0, range(0, 10)));
        store.append(METER, hourly(0.5, 3, 4));
        var history = store.history(METER).orElseThrow();
        assertEquals(10, history.size());
        for (int i = 0; i < 10; i++) assertEquals(10 + i + (i == 3 || i == 4 ? 0.5 : 0), history.value(i), "value at step " + i);
    }

    @Test
    default void rowsBeforeTheFirstExtendTheSeriesBackwards() {
        var store = createStore();
        store.append(METER, hourly(0, range(5, 10)));
        store.append(METER, hourly(0, 2, 3));
        var history = store.history(METER).orElseThrow();
        assertEquals(T0.plus(Duration.ofHours(2)), history.firstTime());
        assertEquals(8, history.size());
        assertTrue(Double.isNaN(history.value(2)), "step 4 is a gap");
    }

    @Test
    default void historyIsRegularWithGapsAsNotANumber() {
        var store = createStore();
        store.append(METER, hourly(0, 0, 1, 2, 5, 6));
        store.append(METER, hourly(0, 9, 10));
        var history = store.history(METER).orElseThrow();
        assertTrue(history.isRegular());
        assertEquals(11, history.size());
        double[] expected = {10, 11, 12, Double.NaN, Double.NaN, 15, 16, Double.NaN, Double.NaN, 19, 20};
        assertArrayEquals(expected, history.values());
        assertEquals(Frequency.HOURLY, history.frequency());
    }

    @Test
    default void gapsAreFilledByLaterActuals() {
        var store = createStore();
        store.append(METER, hourly(0, 0, 1, 4));
        store.append(METER, hourly(0, 2, 3));
        assertSameSeries(hourly(0, range(0, 5)), store.history(METER).orElseThrow());
    }

    @Test
    default void valuesRoundTripExactly() {
        var store = createStore();
        var times = List.of(T0, T0.plusSeconds(1800), T0.plusSeconds(3600), T0.plusSeconds(5400));
        var series = TimeSeries.of(times, new double[] {0.1 + 0.2, -1e-300, 123456789.123456789, Double.MIN_VALUE});
        store.append(METER, series);
        assertSameSeries(series, store.history(METER).orElseThrow());
        assertEquals(Frequency.ofDuration(Duration.ofMinutes(30)), store.history(METER).orElseThrow().frequency());
    }

    @Test
    default void calendarFrequencyRoundTrips() {
        var store = createStore();
        var times = List.of(Instant.parse("2024-01-31T00:00:00Z"), Instant.parse("2024-02-29T00:00:00Z"), Instant.parse("2024-03-31T00:00:00Z"));
        var series = TimeSeries.of(times, new double[] {1, 2, 3}, List.of(), null, Frequency.MONTHLY);
        store.append(METER, series);
        assertSameSeries(series, store.history(METER).orElseThrow());
    }

    @Test
    default void featuresRoundTrip() {
        var store = createStore();
        var names = List.of("temperature", "promo");
        var series = withFeatures(names, range(0, 24));
        store.append(METER, series);
        var later = withFeatures(names, 26, 27);
        store.append(METER, later);
        var history = store.history(METER).orElseThrow();
        assertSameSeries(series, history.head(24));
        assertEquals(names, history.featureNames());
        assertArrayEquals(new double[] {Double.NaN, Double.NaN}, history.featureRow(24), "a gap has unknown features");
        assertArrayEquals(later.featureRow(0), history.featureRow(26));
        assertArrayEquals(later.featureRow(1), history.featureRow(27));
        assertTrue(Double.isNaN(history.featureRow(27)[1]));
    }

    @Test
    default void mismatchedFeatureColumnsAreRefusedAndChangeNothing() {
        var store = createStore();
        var series = withFeatures(List.of("temperature", "promo"), range(0, 5));
        store.append(METER, series);
        assertThrows(IllegalArgumentException.class, () -> store.append(METER, withFeatures(List.of("promo", "temperature"), 5, 6)));
        assertThrows(IllegalArgumentException.class, () -> store.append(METER, withFeatures(List.of(), 5, 6)));
        assertSameSeries(series, store.history(METER).orElseThrow());
    }

    @Test
    default void rowsOffTheStoredGridAreRefusedAndChangeNothing() {
        var store = createStore();
        var series = hourly(0, range(0, 5));
        store.append(METER, series);
        var halfHours = TimeSeries.of(List.of(T0.plusSeconds(5 * 3600 + 1800), T0.plusSeconds(6 * 3600 + 1800)), new double[] {1, 2});
        assertThrows(IllegalArgumentException.class, () -> store.append(METER, halfHours));
        var daily = TimeSeries.of(List.of(T0.plusSeconds(1800), T0.plusSeconds(1800 + 86_400)), new double[] {1, 2});
        assertThrows(IllegalArgumentException.class, () -> store.append(METER, daily));
        assertSameSeries(series, store.history(METER).orElseThrow());
    }

    @Test
    default void aSingleObservationGrowsIntoASeries() {
        var store = createStore();
        store.append(METER, TimeSeries.of(List.of(T0), new double[] {10}));
        assertEquals(1, store.history(METER).orElseThrow().size());
        store.append(METER, hourly(0, 1, 2));
        assertSameSeries(hourly(0, 0, 1, 2), store.history(METER).orElseThrow());
        store.append(METER, TimeSeries.of(List.of(T0.plus(Duration.ofHours(3))), new double[] {13}));
        assertSameSeries(hourly(0, range(0, 4)), store.history(METER).orElseThrow());
    }

    @Test
    default void seriesListsEveryStoredIdAndSeriesAreIndependent() {
        var store = createStore();
        assertEquals(List.of(), store.series());
        var other = new SeriesId("default");
        store.append(METER, hourly(0, range(0, 3)));
        store.append(other, hourly(100, range(0, 6)));
        store.append(METER, hourly(0, range(3, 5)));
        assertEquals(Set.of(METER, other), Set.copyOf(store.series()));
        assertEquals(2, store.series().size());
        assertSameSeries(hourly(0, range(0, 5)), store.history(METER).orElseThrow());
        assertSameSeries(hourly(100, range(0, 6)), store.history(other).orElseThrow());
    }
}
