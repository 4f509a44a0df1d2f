package forecast.adapters.ml;

import forecast.domain.series.Frequency;
import forecast.domain.series.TimeSeries;

/** Checks every model here makes of the history it is asked to continue. */
final class Histories {
    private Histories() {}

    /**
     * @throws IllegalArgumentException when {@code history} is on another frequency than the
     *                                  model's (a single observation has none and passes)
     */
    static void requireFrequency(TimeSeries history, Frequency model) {
        if (history.frequency() != null && !history.frequency().equals(model))
            throw new IllegalArgumentException("model was trained on " + model + " data, history is " + history.frequency());
    }
}
