package forecast.domain.memory;

import forecast.domain.observation.ObservationStore;
import forecast.domain.series.Frequency;
import forecast.domain.series.SeriesId;
import forecast.domain.series.TimeSeries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An {@link ObservationStore} held in memory, for tests and for running without a database.
 * Thread-safe; nothing survives the process.
 *
 * <p>Rules shared with the database adapters: a row at a time the series already has replaces
 * only that row; the feature columns never change; every row must lie on the stored series'
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
    public synchronized Optional<TimeSeries> history(SeriesId id) {
        return Optional.ofNullable(series.get(id));
    }

    @Override
    public synchronized List<SeriesId> series() {
        return List.copyOf(series.keySet());
    }

    /** {@code stored} with the rows of {@code incoming}, which replace stored rows at the same times. */
    private static TimeSeries merge(TimeSeries stored, TimeSeries incoming) {
        if (!stored.featureNames().equals(incoming.featureNames()))
            throw new IllegalArgumentException("feature columns " + incoming.featureNames() + " differ from the stored series' " + stored.featureNames());
        var rows = new TreeMap<Instant, Row>();
        for (int i = 0; i < stored.size(); i++) rows.put(stored.time(i), new Row(stored.value(i), stored.featureRow(i)));
        for (int i = 0; i < incoming.size(); i++) rows.put(incoming.time(i), new Row(incoming.value(i), incoming.featureRow(i)));
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

    private record Row(double value, double[] features) {}
}
