package forecast.domain.jobs;

import java.time.Instant;
import java.util.Map;

/** A job to queue: its id (chosen by the caller, so that it can be answered at once), kind and payload. */
public record NewJob(String id, String kind, Map<String, String> payload, Instant submitted) {
    public NewJob {
        if (id == null || id.isBlank() || kind == null || kind.isBlank()) throw new IllegalArgumentException("a job needs an id and a kind");
        payload = Map.copyOf(payload);
    }
}
