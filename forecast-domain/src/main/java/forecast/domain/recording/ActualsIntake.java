package forecast.domain.recording;

import forecast.domain.observation.ObservationStore;
import forecast.domain.series.Frequency;
import forecast.domain.series.InvalidInputException;
import forecast.domain.series.SeriesId;
import forecast.domain.series.TimeSeries;
import forecast.domain.series.Violation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Takes in realised values (actuals): checks them first (bad rows change nothing), extends the
 * stored history of the series they name (the data the next training reads), scores the recorded
 * forecasts they match (for A/B tests and live accuracy alike), and then hands them to the
 * {@link Observer} that watches the live versions. Kept apart from watching, so that what arrives
 * and what is judged of it can change independently, and the monitor need not know how a series is
 * stored.
 */
public final class ActualsIntake {
    /**
     * Who hears of actuals once they are stored and scored: the monitor, whose input-drift windows
     * and live accuracy feed on them. Called on the caller's thread, after the store and the log.
     */
    public interface Observer {
        void received(Actuals actuals, List<ScoredPoint> scored);
    }

    /** What {@link #receive} did: points scored, rows added to the stored history, and why none were when so. */
    public record Receipt(int scoredPoints, int appended, String historyNote) {}

    private final ObservationStore observations;
    private final PredictionRecorder recorder;
    private final Observer observer;
    private final Map<String, Shape> shapes = new ConcurrentHashMap<>();

    public ActualsIntake(ObservationStore observations, PredictionRecorder recorder, Observer observer) {
        this.observations = Objects.requireNonNull(observations, "observations");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /**
     * Takes realised values: they are checked first (bad rows change nothing), extend the series'
     * stored history when they name a series whose columns they carry, score the recorded forecasts
     * they match, and go to the observer.
     *
     * @throws InvalidInputException naming the rows at fault
     */
    public Receipt receive(Actuals actuals) throws InterruptedException {
        var history = actuals.seriesId() == null ? null : asHistory(actuals);
        int appended = 0;
        String note = history == null ? null : history.note();
        if (history != null && history.series() != null) {
            // first, and atomic: actuals the store refuses (another frequency, too far from the stored rows) change nothing
            try {
                observations.append(new SeriesId(actuals.seriesId()), history.series());
            } catch (IllegalArgumentException e) {
                if (e instanceof InvalidInputException) throw e;
                throw new InvalidInputException("data", "cannot extend the history of series " + actuals.seriesId() + ": " + e.getMessage());
            }
            appended = history.series().size();
        }
        var scored = recorder.scorePoints(actuals);
        observer.received(actuals, scored);
        return new Receipt(scored.size(), appended, note);
    }

    private record History(TimeSeries series, String note) {}

    /** A stored series' feature columns and frequency: what actuals must match to extend it. */
    private record Shape(List<String> featureNames, Frequency frequency) {}

    /**
     * The shape of stored series {@code id}, read once: the store refuses rows of another shape, so
     * it never changes, and reading the whole history on every call for it would be wasted I/O.
     */
    private Optional<Shape> shape(String id) {
        var known = shapes.get(id);
        if (known != null) return Optional.of(known);
        var read = observations.history(new SeriesId(id)).map(s -> new Shape(s.featureNames(), s.frequency()));
        read.ifPresent(s -> shapes.put(id, s));
        return read;
    }

    /** The actuals as rows to append to the stored series, or why they cannot be. */
    private History asHistory(Actuals actuals) {
        var stored = shape(actuals.seriesId());
        var rows = new TreeMap<Instant, Actuals.Observed>();
        for (var o : actuals.values()) rows.put(o.time(), o); // a later row for the same time wins, as in scoring
        int width = actuals.values().isEmpty() ? 0 : actuals.values().get(0).features().length;
        for (int i = 0; i < actuals.values().size(); i++)
            if (actuals.values().get(i).features().length != width)
                throw new InvalidInputException(List.of(Violation.row(i, 2, "every row needs the same columns: expected " + width + " feature values")));
        List<String> names = stored.map(Shape::featureNames).orElse(List.of());
        if (stored.isPresent() && width != names.size()) {
            if (width == 0)
                return new History(null, "not added to the history of series " + actuals.seriesId() + ": it has the feature columns " + names
                        + "; send rows [timestamp, value, " + String.join(", ", names) + "] to extend it");
            throw new InvalidInputException(List.of(Violation.row(0, 2, "series " + actuals.seriesId() + " has " + names.size()
                    + " feature columns " + names + ", not " + width)));
        }
        if (stored.isEmpty() && width > 0) names = TimeSeries.defaultFeatureNames(width);
        var times = new ArrayList<>(rows.keySet());
        double[] values = rows.values().stream().mapToDouble(Actuals.Observed::value).toArray();
        double[][] features = width == 0 ? null : rows.values().stream().map(Actuals.Observed::features).toArray(double[][]::new);
        var frequency = stored.map(Shape::frequency).orElse(null);
        if (frequency == null && times.size() < 2)
            return new History(null, "not added: series " + actuals.seriesId() + " is not stored and one row cannot show its frequency");
        return new History(TimeSeries.of(times, values, names, features, frequency), null);
    }
}
