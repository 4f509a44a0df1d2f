package forecast.domain.observation;

import java.time.Instant;
import java.util.List;

/**
 * Consecutive rows of a stored series' regular history, read at one moment with its
 * {@code summary}: row {@code offset} of the history first. {@code rows} is empty when the page
 * lies past the last row.
 */
public record SeriesPage(SeriesSummary summary, long offset, List<Row> rows) {
    public SeriesPage {
        if (summary == null) throw new IllegalArgumentException("summary is required");
        if (offset < 0) throw new IllegalArgumentException("offset must be >= 0: " + offset);
        rows = List.copyOf(rows);
    }

    /**
     * One row: its time, its value ({@code NaN} for a gap) and its feature values in the order of
     * the summary's feature names ({@code NaN} when unknown).
     */
    public record Row(Instant time, double value, double[] features) {
        public Row {
            if (time == null) throw new IllegalArgumentException("time is required");
            features = features.clone();
        }

        @Override
        public double[] features() {
            return features.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Row r && time.equals(r.time) && Double.compare(value, r.value) == 0 && java.util.Arrays.equals(features, r.features);
        }

        @Override
        public int hashCode() {
            return time.hashCode() * 31 + java.util.Arrays.hashCode(features);
        }

        @Override
        public String toString() {
            return "Row[" + time + ", " + value + ", " + java.util.Arrays.toString(features) + "]";
        }
    }
}
