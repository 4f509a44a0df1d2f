package forecast.domain.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One piece of heavy work as the queue holds it: its {@code kind} (training, tuning, ...), the
 * {@code payload} its handler needs to run it again from the start after a crash, where it is
 * ({@code state}, how many times it was taken, who holds it and until when), what it said along
 * the way ({@code progress}, oldest first) and how it ended ({@code result}, {@code error}).
 */
public record Job(String id, String kind, Map<String, String> payload, State state, int attempts, String holder, Instant leaseUntil,
                  List<String> progress, Map<String, String> result, String error, boolean cancelRequested,
                  Instant submitted, Instant started, Instant finished) {
    public enum State {
        QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

        /** The lower-case name the API and the database use. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static State ofWire(String s) {
            return valueOf(s.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public Job {
        payload = Map.copyOf(payload);
        progress = List.copyOf(progress);
        result = result == null ? Map.of() : Map.copyOf(result);
    }

    /** The error of a job whose lease expired after its last allowed attempt: every queue words it so. */
    public static String leaseExpired(int attempts, String holder) {
        return "its lease expired after " + attempts + " attempt" + (attempts == 1 ? "" : "s")
                + " (the process running it stopped; last held by " + holder + ")";
    }

    public boolean done() {
        return state == State.SUCCEEDED || state == State.FAILED || state == State.CANCELLED;
    }
}
