package forecast.adapters.ml;

import forecast.domain.series.Frequency;
import forecast.domain.series.TimeSeries;
import java.util.List;

/** Checks a global fit makes of the series it fits one model across (a panel, in mlforecast's words). */
final class Panels {
    private Panels() {}

    /**
     * The frequency every series of {@code panel} shares.
     *
     * @throws IllegalArgumentException when the panel is empty, a series has no frequency, or two
     *                                  series differ in frequency or in their extra feature columns
     *                                  (names and order); the message names the series by position
     */
    static Frequency frequency(List<TimeSeries> panel) {
        if (panel == null || panel.isEmpty()) throw new IllegalArgumentException("a global fit needs at least one series");
        var first = panel.getFirst();
        for (int i = 0; i < panel.size(); i++) {
            var s = panel.get(i);
            if (s.frequency() == null)
                throw new IllegalArgumentException("series " + i + " of one observation has no frequency; declare one");
            if (!s.frequency().equals(first.frequency()))
                throw new IllegalArgumentException("one model fits series of one frequency: series " + i + " is " + s.frequency()
                        + " data, series 0 is " + first.frequency());
            if (!s.featureNames().equals(first.featureNames()))
                throw new IllegalArgumentException("one model fits series with the same feature columns: series " + i + " has "
                        + s.featureNames() + ", series 0 has " + first.featureNames());
        }
        return first.frequency();
    }

    /** The most observations of any series. */
    static int longest(List<TimeSeries> panel) {
        return panel.stream().mapToInt(TimeSeries::size).max().orElse(0);
    }
}
