package forecast.domain.experiment;

import java.time.Instant;
import java.util.List;

/**
 * One forecast served inside an experiment: which arm (version) answered whom, when, how fast, and
 * what it forecast for which times. Actuals that arrive later are matched to it by
 * {@code predictionId}, or by series or unit and time.
 */
public record PredictionRecord(String predictionId, String experiment, String version, String unitId, String seriesId, Instant requestedAt,
                               long latencyNanos, List<Instant> times, double[] forecast) {
    public PredictionRecord {
        if (predictionId == null || experiment == null || version == null || requestedAt == null)
            throw new IllegalArgumentException("a prediction record needs its id, experiment, version and time");
        times = List.copyOf(times);
        if (times.size() != forecast.length) throw new IllegalArgumentException("one forecast per time");
    }
}
