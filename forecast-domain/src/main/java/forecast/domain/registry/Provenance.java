package forecast.domain.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where a model version came from: the series it was fitted on (id, first and last time,
 * observations, frequency, feature columns), the libraries that fitted it (name to version), and
 * notes on how it was made (name to text), such as the imputation its training data had, the
 * tuning study and trial it came from, the scores an automatic choice ranked, an ensemble's
 * weights or the retraining run that trained it.
 *
 * <p>The notes are kept apart from the hyperparameters on purpose: hyperparameters are what the
 * algorithm accepts and a retraining may reuse as they are, while notes describe one training and
 * would be stale, or refused, if they were fed back into the next.
 */
public record Provenance(String seriesId, Instant dataFrom, Instant dataTo, int observations, String frequency,
                         List<String> featureNames, Map<String, String> libraries, Map<String, String> notes) {
    public Provenance {
        featureNames = List.copyOf(featureNames);
        libraries = Map.copyOf(new TreeMap<>(libraries));
        notes = notes == null ? Map.of() : Map.copyOf(new TreeMap<>(notes));
    }

    /** Provenance without notes. */
    public Provenance(String seriesId, Instant dataFrom, Instant dataTo, int observations, String frequency, List<String> featureNames,
                      Map<String, String> libraries) {
        this(seriesId, dataFrom, dataTo, observations, frequency, featureNames, libraries, Map.of());
    }

    /** The note {@code name}, if the version has it. */
    public Optional<String> note(String name) {
        return Optional.ofNullable(notes.get(name));
    }

    /** This provenance with {@code more} notes on top of its own. */
    public Provenance withNotes(Map<String, String> more) {
        var all = new TreeMap<>(notes);
        all.putAll(more);
        return new Provenance(seriesId, dataFrom, dataTo, observations, frequency, featureNames, libraries, all);
    }
}
