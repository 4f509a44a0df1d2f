package forecast.domain.observation;

import forecast.domain.series.Frequency;
import forecast.domain.series.SeriesId;
import java.time.Instant;
import java.util.List;

/**
 * What a stored series is, without its rows: its {@code frequency} (null while it holds a single
 * time), its first and last times, its {@code length} (the rows of its regular history, gaps
 * included: what {@link ObservationStore#history} returns) and its feature columns, in order.
 * Row {@code i} of the history lies at {@link #time(long) time(i)}.
 */
public record SeriesSummary(SeriesId id, Frequency frequency, Instant firstTime, Instant lastTime, long length, List<String> featureNames) {
    public SeriesSummary {
        if (id == null || firstTime == null || lastTime == null) throw new IllegalArgumentException("id, first and last time are required");
        if (length < 1) throw new IllegalArgumentException("a stored series has at least one row: " + length);
        if (frequency == null && length != 1) throw new IllegalArgumentException("a series of " + length + " rows has a frequency");
        featureNames = List.copyOf(featureNames);
    }

    /** The summary of a series of stored rows from {@code first} to {@code last}: its length counts the steps between them. */
    public static SeriesSummary of(SeriesId id, Frequency frequency, Instant first, Instant last, List<String> featureNames) {
        long length = frequency == null ? 1 : frequency.stepsBetween(first, last) + 1;
        return new SeriesSummary(id, frequency, first, last, length, featureNames);
    }

    /** The time of row {@code index} of the regular history ({@code 0 <= index}; may lie past the last). */
    public Instant time(long index) {
        if (index < 0) throw new IllegalArgumentException("row index must be >= 0: " + index);
        return index == 0 || frequency == null ? firstTime : frequency.plus(firstTime, index);
    }

    /**
     * The index of the first row at or after {@code t}: 0 when {@code t} is not after the first
     * time, {@link #length()} when it is after the last.
     */
    public long indexAtOrAfter(Instant t) {
        if (!t.isAfter(firstTime)) return 0;
        if (t.isAfter(lastTime)) return length;
        // a step count near the answer (exact for fixed steps), then moved onto the first row at or after t
        long guess = frequency.calendar() ? approximateMonths(t) : (long) Math.floor(stepsOf(t));
        long i = Math.max(0, Math.min(length, guess));
        while (i < length && time(i).isBefore(t)) i++;
        while (i > 0 && !time(i - 1).isBefore(t)) i--;
        return i;
    }

    private double stepsOf(Instant t) {
        double seconds = (t.getEpochSecond() - firstTime.getEpochSecond()) + (t.getNano() - firstTime.getNano()) / 1e9;
        double step = frequency.step().getSeconds() + frequency.step().getNano() / 1e9;
        return seconds / step;
    }

    private long approximateMonths(Instant t) {
        var a = firstTime.atOffset(java.time.ZoneOffset.UTC);
        var b = t.atOffset(java.time.ZoneOffset.UTC);
        return java.time.temporal.ChronoUnit.MONTHS.between(a.withDayOfMonth(1), b.withDayOfMonth(1)) / frequency.months();
    }
}
