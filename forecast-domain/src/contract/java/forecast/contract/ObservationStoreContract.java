package forecast.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.observation.ObservationStore;
import forecast.domain.observation.SeriesPage;
import forecast.domain.observation.SeriesRefusedException;
import forecast.domain.observation.SeriesSummary;
import forecast.domain.series.Frequency;
import forecast.domain.series.SeriesId;
import forecast.domain.series.TimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    default void aGapOrAnUnknownFeatureValueNeverErasesAStoredValue() {
        var store = createStore();
        var names = List.of("temperature", "promo");
        store.append(METER, withFeatures(names, range(0, 4)));
        var times = List.of(T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2)), T0.plus(Duration.ofHours(4)));
        var later = TimeSeries.of(times, new double[] {Double.NaN, 7, Double.NaN},
                names, new double[][] {{Double.NaN, 5}, {Double.NaN, Double.NaN}, {Double.NaN, Double.NaN}}, Frequency.HOURLY);
        store.append(METER, later);
        var history = store.history(METER).orElseThrow();
        var stored = withFeatures(names, range(0, 4));
        assertEquals(5, history.size());
        assertEquals(stored.value(1), history.value(1), "a gap leaves the stored value");
        assertArrayEquals(new double[] {stored.feature(1, 0), 5}, history.featureRow(1), "the known feature replaces, the unknown one leaves");
        assertEquals(7, history.value(2));
        assertArrayEquals(stored.featureRow(2), history.featureRow(2));
        assertTrue(Double.isNaN(history.value(4)), "a new gap row");
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

    @Test
    default void summaryDescribesTheStoredSeriesWithoutItsRows() {
        var store = createStore();
        assertEquals(Optional.empty(), store.summary(METER));
        var names = List.of("temperature", "promo");
        store.append(METER, withFeatures(names, 3, 4, 5, 8));
        store.append(METER, withFeatures(names, 1));
        var summary = store.summary(METER).orElseThrow();
        assertEquals(new SeriesSummary(METER, Frequency.HOURLY, T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(8)), 8, names), summary);
        assertEquals(store.history(METER).orElseThrow().size(), summary.length(), "the length counts the gaps, as the history has them");
    }

    @Test
    default void aSingleObservationsSummaryHasNoFrequency() {
        var store = createStore();
        store.append(METER, TimeSeries.of(List.of(T0), new double[] {10}));
        assertEquals(new SeriesSummary(METER, null, T0, T0, 1, List.of()), store.summary(METER).orElseThrow());
    }

    @Test
    default void summariesAreSortedByIdFilteredByALiteralPrefixAndPaged() {
        var store = createStore();
        for (String id : List.of("b", "ab", "a_2", "B", "a:1")) store.append(new SeriesId(id), hourly(0, range(0, 3)));
        store.append(new SeriesId("ab"), hourly(0, range(3, 5)));
        assertEquals(List.of("B", "a:1", "a_2", "ab", "b"), ids(store.summaries("", null, 10)));
        assertEquals(List.of("a:1", "a_2", "ab"), ids(store.summaries("a", null, 10)));
        assertEquals(List.of("a_2"), ids(store.summaries("a_", null, 10)), "_ is no wildcard");
        assertEquals(List.of(), ids(store.summaries("c", null, 10)));
        assertEquals(List.of("a_2", "ab"), ids(store.summaries("a", "a:1", 2)));
        assertEquals(List.of("b"), ids(store.summaries("", "ab", 2)));
        var ab = store.summaries("ab", null, 1).get(0);
        assertEquals(store.summary(new SeriesId("ab")).orElseThrow(), ab);
        assertEquals(5, ab.length());
    }

    private static List<String> ids(List<SeriesSummary> summaries) {
        return summaries.stream().map(s -> s.id().value()).toList();
    }

    @Test
    default void aPageHoldsRowsOfTheRegularHistoryWithItsGaps() {
        var store = createStore();
        assertEquals(Optional.empty(), store.page(METER, 0, 10));
        store.append(METER, hourly(0, 0, 1, 2, 5, 6, 9, 10));
        var page = store.page(METER, 2, 4).orElseThrow();
        assertEquals(store.summary(METER).orElseThrow(), page.summary());
        assertEquals(2, page.offset());
        assertEquals(List.of(row(2, 12), row(3, Double.NaN), row(4, Double.NaN), row(5, 15)), page.rows());
        assertEquals(List.of(row(9, 19), row(10, 20)), store.page(METER, 9, 100).orElseThrow().rows(), "a page ends at the last row");
        assertEquals(List.of(), store.page(METER, 11, 5).orElseThrow().rows(), "past the last row");
        var whole = store.page(METER, 0, 1000).orElseThrow().rows();
        var history = store.history(METER).orElseThrow();
        assertEquals(history.size(), whole.size());
        for (int i = 0; i < whole.size(); i++) assertEquals(row(i, history.value(i)), whole.get(i));
    }

    private static SeriesPage.Row row(int step, double value) {
        return new SeriesPage.Row(T0.plus(Duration.ofHours(step)), value, new double[0]);
    }

    @Test
    default void aPageCarriesFeatureValuesUnknownInGaps() {
        var store = createStore();
        var names = List.of("temperature", "promo");
        var series = withFeatures(names, 0, 1, 3);
        store.append(METER, series);
        var rows = store.page(METER, 1, 3).orElseThrow().rows();
        assertArrayEquals(series.featureRow(1), rows.get(0).features());
        assertTrue(Double.isNaN(rows.get(0).features()[1]), "an unknown feature value");
        assertArrayEquals(new double[] {Double.NaN, Double.NaN}, rows.get(1).features(), "a gap");
        assertTrue(Double.isNaN(rows.get(1).value()));
        assertArrayEquals(series.featureRow(2), rows.get(2).features());
        assertEquals(series.value(2), rows.get(2).value());
    }

    @Test
    default void aPageByTimeStartsAtTheFirstRowAtOrAfterFromAndEndsBeforeTo() {
        var store = createStore();
        assertEquals(Optional.empty(), store.page(METER, T0, null, 10));
        store.append(METER, hourly(0, 0, 1, 2, 5, 6, 9, 10));
        var page = store.page(METER, T0.plusSeconds(2 * 3600 + 1800), T0.plus(Duration.ofHours(6)), 10).orElseThrow();
        assertEquals(3, page.offset());
        assertEquals(List.of(row(3, Double.NaN), row(4, Double.NaN), row(5, 15)), page.rows());
        assertEquals(List.of(row(0, 10), row(1, 11)), store.page(METER, null, null, 2).orElseThrow().rows());
        assertEquals(List.of(row(9, 19), row(10, 20)), store.page(METER, T0.plus(Duration.ofHours(9)), null, 10).orElseThrow().rows());
        assertEquals(List.of(row(0, 10)), store.page(METER, T0.minus(Duration.ofDays(1)), T0.plusSeconds(1), 10).orElseThrow().rows());
        assertEquals(List.of(), store.page(METER, T0.plus(Duration.ofHours(11)), null, 10).orElseThrow().rows(), "after the last");
        assertEquals(List.of(), store.page(METER, T0.plus(Duration.ofHours(4)), T0.plus(Duration.ofHours(4)), 10).orElseThrow().rows(), "empty range");
    }

    @Test
    default void calendarMonthsArePagedOnTheirGrid() {
        var store = createStore();
        var times = List.of(Instant.parse("2024-01-31T00:00:00Z"), Instant.parse("2024-02-29T00:00:00Z"), Instant.parse("2024-05-31T00:00:00Z"));
        store.append(METER, TimeSeries.of(times, new double[] {1, 2, 5}, List.of(), null, Frequency.MONTHLY));
        var summary = store.summary(METER).orElseThrow();
        assertEquals(5, summary.length());
        var page = store.page(METER, Instant.parse("2024-03-01T00:00:00Z"), null, 10).orElseThrow();
        assertEquals(2, page.offset());
        assertEquals(List.of(Instant.parse("2024-03-31T00:00:00Z"), Instant.parse("2024-04-30T00:00:00Z"), Instant.parse("2024-05-31T00:00:00Z")),
                page.rows().stream().map(SeriesPage.Row::time).toList());
        assertEquals(5, page.rows().get(2).value());
    }

    @Test
    default void appendAllStoresEverySeriesOrNone() {
        var store = createStore();
        var names = List.of("temperature", "promo");
        var stored = withFeatures(names, range(0, 5));
        store.append(METER, stored);
        var other = new SeriesId("other");
        var third = new SeriesId("third");
        var batch = new LinkedHashMap<SeriesId, TimeSeries>();
        batch.put(other, hourly(0, range(0, 3)));
        batch.put(METER, withFeatures(List.of("promo", "temperature"), 5, 6));
        batch.put(third, hourly(0, range(0, 3)));
        var refused = assertThrows(SeriesRefusedException.class, () -> store.appendAll(batch));
        assertEquals(METER, refused.series());
        assertTrue(refused.getMessage().contains("meter:42"), refused.getMessage());
        assertEquals(List.of(METER), store.series(), "no series was created");
        assertSameSeries(stored, store.history(METER).orElseThrow());
        batch.put(METER, withFeatures(names, 5, 6));
        store.appendAll(batch);
        assertEquals(Set.of(METER, other, third), Set.copyOf(store.series()));
        assertSameSeries(withFeatures(names, range(0, 7)), store.history(METER).orElseThrow());
        assertSameSeries(hourly(0, range(0, 3)), store.history(other).orElseThrow());
        assertFalse(store.summaries("", null, 10).isEmpty());
    }
}
