package forecast.domain.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a model version came from: the series it was fitted on (id, first and last time,
 * observations, frequency, feature columns), and the libraries that fitted it (name to version).
 */
public record Provenance(String seriesId, Instant dataFrom, Instant dataTo, int observations, String frequency,
                         List<String> featureNames, Map<String, String> libraries) {
    public Provenance {
        featureNames = List.copyOf(featureNames);
        libraries = Map.copyOf(new TreeMap<>(libraries));
    }
}
