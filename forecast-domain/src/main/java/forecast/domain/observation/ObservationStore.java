package forecast.domain.observation;

import forecast.domain.series.SeriesId;
import forecast.domain.series.TimeSeries;
import java.util.List;
import java.util.Optional;

/**
 * The stored history of each series (port): what models are trained on and what realised
 * actuals are added to. Thread-safe; writes are atomic and durable when they return.
 */
public interface ObservationStore {
    /**
     * Adds {@code observations} to the series {@code id}, creating it on first use. A row at a time
     * the series already has replaces the stored one (a corrected actual). The feature columns must
     * match the stored ones.
     *
     * @throws IllegalArgumentException when the feature columns or frequency differ from the stored series
     */
    void append(SeriesId id, TimeSeries observations);

    /** The whole stored series, sorted and regular (missing steps are gaps). */
    Optional<TimeSeries> history(SeriesId id);

    /** Every stored series' id. */
    List<SeriesId> series();
}
