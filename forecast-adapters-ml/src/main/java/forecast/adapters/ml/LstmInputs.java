package forecast.adapters.ml;

import forecast.domain.preprocessing.Features;
import forecast.domain.series.Frequency;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * How a window of normalized values becomes the network's input and its next values the target.
 *
 * <p>Each input step has {@code 1 + 2 * periods} features: the value minus the window's mean
 * (the anchor), then {@code sin} and {@code cos} of the step's phase in each seasonal period, so
 * that a window shorter than the longest season still knows where in it the forecast starts.
 * Targets are the next values minus the same anchor. Working relative to the window's mean makes
 * the network indifferent to the level, so a trending series does not leave the range it was
 * trained on. Phases count steps since 1970-01-01 UTC (months for calendar frequencies), so the
 * same time always has the same phase.
 *
 * <p>Samples are laid out as DL4J's recurrent input wants them: {@code [sample][feature][step]},
 * row-major.
 */
final class LstmInputs {
    private final Frequency frequency;
    private final int[] periods;
    private final int window;

    LstmInputs(Frequency frequency, int[] periods, int window) {
        this.frequency = frequency;
        this.periods = periods.clone();
        this.window = window;
    }

    /** Input steps per sample. */
    int window() {
        return window;
    }

    /** Features per input step. */
    int features() {
        return 1 + 2 * periods.length;
    }

    /** Floats per sample. */
    int sampleSize() {
        return features() * window;
    }

    /** The mean of {@code z[from .. from + window)}: the level inputs and targets are taken relative to. */
    double anchor(double[] z, int from) {
        double sum = 0;
        for (int k = 0; k < window; k++) sum += z[from + k];
        return sum / window;
    }

    /**
     * Writes sample {@code sample} into {@code data}: the window {@code z[from .. from + window)}
     * (finite, normalized) whose first value is at {@code firstTime}.
     */
    void fill(float[] data, int sample, double[] z, int from, double anchor, Instant firstTime) {
        int base = sample * sampleSize();
        for (int k = 0; k < window; k++) data[base + k] = (float) (z[from + k] - anchor);
        long first = stepIndex(firstTime);
        for (int p = 0; p < periods.length; p++) {
            int sinRow = base + (1 + 2 * p) * window;
            int cosRow = sinRow + window;
            for (int k = 0; k < window; k++) {
                long phase = Math.floorMod(first + k, periods[p]);
                data[sinRow + k] = (float) Features.sinCycle(phase, periods[p]);
                data[cosRow + k] = (float) Features.cosCycle(phase, periods[p]);
            }
        }
    }

    /** The index of the step that holds {@code t}, counted from 1970-01-01 UTC in this frequency's steps. */
    long stepIndex(Instant t) {
        if (frequency.calendar()) {
            var date = t.atOffset(ZoneOffset.UTC);
            long months = (date.getYear() - 1970L) * 12 + date.getMonthValue() - 1;
            return Math.floorDiv(months, frequency.months());
        }
        var step = frequency.step();
        if (step.getNano() == 0) return Math.floorDiv(t.getEpochSecond(), step.getSeconds());
        return Math.floorDiv(t.toEpochMilli(), Math.max(1, step.toMillis()));
    }
}
