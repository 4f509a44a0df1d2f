package forecast.domain.observation;

import forecast.domain.series.SeriesId;
import forecast.domain.series.TimeSeries;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stored history of each series (port): what models are trained on and what realised
 * actuals are added to. Thread-safe; writes are atomic and durable when they return.
 */
public interface ObservationStore {
    /**
     * Adds {@code observations} to the series {@code id}, creating it on first use. At a time the
     * series already has, a row's value and known feature values replace the stored ones (a
     * corrected actual); a gap ({@code NaN} value) or an unknown feature value never erases a stored
     * one. The feature columns must match the stored ones.
     *
     * @throws IllegalArgumentException when the feature columns or frequency differ from the stored series
     */
    void append(SeriesId id, TimeSeries observations);

    /**
     * Adds the rows of every series in {@code series}, as {@link #append} adds one, all or none: when
     * one series refuses its rows, no series changes.
     *
     * @throws SeriesRefusedException naming the (first) series whose rows do not fit
     */
    void appendAll(Map<SeriesId, TimeSeries> series);

    /** The whole stored series, sorted and regular (missing steps are gaps). */
    Optional<TimeSeries> history(SeriesId id);

    /** Every stored series' id. */
    List<SeriesId> series();

    /** The stored series' frequency, first and last time, length and feature names, without reading its rows. */
    Optional<SeriesSummary> summary(SeriesId id);

    /**
     * The summaries of the stored series whose ids start with {@code prefix} ("" for all) and sort
     * after {@code after} (null: from the first), in the order of their ids (as {@link String#compareTo}
     * orders them), at most {@code limit} ({@code >= 1}).
     */
    List<SeriesSummary> summaries(String prefix, String after, int limit);

    /**
     * At most {@code limit} ({@code >= 1}) rows of the series' regular history from row
     * {@code offset} ({@code >= 0}) on, with gaps as rows of {@code NaN}; no rows when {@code offset}
     * is past the last. Empty when no series {@code id} is stored.
     */
    Optional<SeriesPage> page(SeriesId id, long offset, int limit);

    /**
     * At most {@code limit} rows of the series' regular history at times from {@code from}
     * (inclusive; null: the first) to {@code to} (exclusive; null: past the last), as
     * {@link #page(SeriesId, long, int)} reads them.
     */
    Optional<SeriesPage> page(SeriesId id, Instant from, Instant to, int limit);
}
