package forecast.domain.training;

import forecast.domain.tuning.FrozenTrial;
import forecast.domain.tuning.TrialState;
import java.util.Locale;

/**
 * One line per finished trial, as the tune command, tuning jobs and train-with-tune report
 * progress: {@code trial k of N: #n value 0.5703 in 43.0 s | best so far 0.5703 (#6) | {params}}.
 * Counts the trials it is told about, so one instance serves one run.
 */
public final class TrialProgress {
    private final Integer of;
    private int k;

    /** For a run of {@code of} trials, or null when only a timeout bounds it. */
    public TrialProgress(Integer of) {
        this.of = of;
    }

    /** The line for {@code t}, the next trial of this run, with the study's best so far (null: none yet). */
    public synchronized String line(FrozenTrial t, FrozenTrial best) {
        k++;
        String value = t.value() == null ? "" : String.format(Locale.ROOT, " %.4f", t.value());
        String outcome = t.state() == TrialState.PRUNED ? "pruned after fold " + t.lastStep().orElse(0) + " at" + value
                : t.state() == TrialState.FAILED ? "failed: " + t.failReason().orElse("?") : "value" + value;
        String duration = t.duration().map(d -> String.format(Locale.ROOT, " in %.1f s", d.toMillis() / 1000.0)).orElse("");
        String bestText = best == null ? "none yet" : String.format(Locale.ROOT, "%.4f (#%d)", best.value(), best.number());
        return String.format(Locale.ROOT, "trial %d%s: #%d %s%s | best so far %s | %s", k, of == null ? "" : " of " + of, t.number(), outcome,
                duration, bestText, t.params());
    }
}
