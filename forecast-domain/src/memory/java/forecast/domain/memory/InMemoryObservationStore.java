package forecast.domain.memory;

import forecast.domain.observation.ObservationStore;
import forecast.domain.observation.SeriesPage;
import forecast.domain.observation.SeriesRefusedException;
import forecast.domain.observation.SeriesSummary;
import forecast.domain.series.Frequency;
import forecast.domain.series.SeriesId;
import forecast.domain.series.TimeSeries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An {@link ObservationStore} held in memory, for tests.
 * Thread-safe; nothing survives the process.
 *
 * <p>Rules shared with the database adapters: a row at a time the series already has replaces
 * only that row's value and known feature values (a gap or an unknown never erases a stored
 * value); the feature columns never change; every row must lie on the stored series'
 * frequency grid (sparse rows are fine: the steps between them become gaps).
 */
public final class InMemoryObservationStore implements ObservationStore {
    private final Map<SeriesId, TimeSeries> series = new TreeMap<>((a, b) -> a.value().compareTo(b.value())); // guarded by this

    @Override
    public synchronized void append(SeriesId id, TimeSeries observations) {
        var stored = series.get(id);
        series.put(id, stored == null ? observations.regular() : merge(stored, observations));
    }

    @Override
    public synchronized void appendAll(Map<SeriesId, TimeSeries> incoming) {
        var merged = new LinkedHashMap<SeriesId, TimeSeries>();
        for (var e : incoming.entrySet()) { // every merge is made before any is kept: all or none
            var stored = series.get(e.getKey());
            try {
                merged.put(e.getKey(), stored == null ? e.getValue().regular() : merge(stored, e.getValue()));
            } catch (IllegalArgumentException refused) {
                throw new SeriesRefusedException(e.getKey(), "series " + e.getKey() + ": " + refused.getMessage(), refused);
            }
        }
        series.putAll(merged);
    }

    @Override
    public synchronized Optional<TimeSeries> history(SeriesId id) {
        return Optional.ofNullable(series.get(id));
    }

    @Override
    public synchronized List<SeriesId> series() {
        return List.copyOf(series.keySet());
    }

    @Override
    public synchronized Optional<SeriesSummary> summary(SeriesId id) {
        return Optional.ofNullable(series.get(id)).map(s -> summary(id, s));
    }

    @Override
    public synchronized List<SeriesSummary> summaries(String prefix, String after, int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be >= 1: " + limit);
        var out = new ArrayList<SeriesSummary>();
        for (var e : series.entrySet()) {
            String id = e.getKey().value();
            if (!id.startsWith(prefix) || after != null && id.compareTo(after) <= 0) continue;
            if (out.size() == limit) break;
            out.add(summary(e.getKey(), e.getValue()));
        }
        return out;
    }

    @Override
    public synchronized Optional<SeriesPage> page(SeriesId id, long offset, int limit) {
        if (offset < 0 || limit < 1) throw new IllegalArgumentException("offset must be >= 0 and limit >= 1: " + offset + ", " + limit);
        var stored = series.get(id);
        if (stored == null) return Optional.empty();
        return Optional.of(page(summary(id, stored), stored, offset, Math.min(limit, Math.max(0, stored.size() - offset))));
    }

    @Override
    public synchronized Optional<SeriesPage> page(SeriesId id, Instant from, Instant to, int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be >= 1: " + limit);
        var stored = series.get(id);
        if (stored == null) return Optional.empty();
        var summary = summary(id, stored);
        long start = from == null ? 0 : summary.indexAtOrAfter(from);
        long end = to == null ? summary.length() : summary.indexAtOrAfter(to);
        return Optional.of(page(summary, stored, start, Math.min(limit, Math.max(0, end - start))));
    }

    /** Rows {@code [offset, offset + n)} of {@code stored}, which is regular. */
    private static SeriesPage page(SeriesSummary summary, TimeSeries stored, long offset, long n) {
        var rows = new ArrayList<SeriesPage.Row>((int) n);
        for (int i = (int) offset; i < offset + n; i++) rows.add(new SeriesPage.Row(stored.time(i), stored.value(i), stored.featureRow(i)));
        return new SeriesPage(summary, offset, rows);
    }

    private static SeriesSummary summary(SeriesId id, TimeSeries s) {
        return new SeriesSummary(id, s.frequency(), s.firstTime(), s.lastTime(), s.size(), s.featureNames());
    }

    /** {@code stored} with the rows of {@code incoming}, which replace stored rows at the same times. */
    private static TimeSeries merge(TimeSeries stored, TimeSeries incoming) {
        if (!stored.featureNames().equals(incoming.featureNames()))
            throw new IllegalArgumentException("feature columns " + incoming.featureNames() + " differ from the stored series' " + stored.featureNames());
        var rows = new TreeMap<Instant, Row>();
        for (int i = 0; i < stored.size(); i++) rows.put(stored.time(i), new Row(stored.value(i), stored.featureRow(i)));
        for (int i = 0; i < incoming.size(); i++) rows.merge(incoming.time(i), new Row(incoming.value(i), incoming.featureRow(i)), Row::updatedBy);
        var times = new ArrayList<>(rows.keySet());
        var frequency = stored.frequency() != null ? stored.frequency() : incoming.frequency();
        requireOnGrid(frequency, times, stored.frequency());
        double[] values = new double[times.size()];
        double[][] features = new double[times.size()][];
        int i = 0;
        for (var row : rows.values()) {
            values[i] = row.value();
            features[i++] = row.features();
        }
        return TimeSeries.of(times, values, stored.featureNames(), features, frequency).regular();
    }

    private static void requireOnGrid(Frequency frequency, List<Instant> times, Frequency storedFrequency) {
        if (frequency != null && times.size() >= 2 && !frequency.fits(times))
            throw new IllegalArgumentException("the rows do not lie on the stored series' " + (storedFrequency == null ? frequency : storedFrequency)
                    + " grid: its frequency differs");
    }

    private record Row(double value, double[] features) {
        /** This row with {@code later}'s value and feature values where they are known. */
        Row updatedBy(Row later) {
            double[] f = features.clone();
            for (int j = 0; j < f.length; j++) if (!Double.isNaN(later.features[j])) f[j] = later.features[j];
            return new Row(Double.isNaN(later.value) ? value : later.value, f);
        }
    }
}
