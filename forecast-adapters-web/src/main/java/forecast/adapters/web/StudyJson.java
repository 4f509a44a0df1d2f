package forecast.adapters.web;

import forecast.domain.training.TuningJob;
import forecast.domain.tuning.Direction;
import forecast.domain.tuning.FrozenTrial;
import forecast.domain.tuning.StudyDefinition;
import forecast.domain.tuning.TrialState;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Studies, trials and tuning jobs as JSON. Parameters keep the order they were suggested in and
 * their types: integers, decimals, or the categorical choice itself.
 */
final class StudyJson {
    private StudyJson() {}

    static String href(String study) {
        return "/tuning/studies/" + study;
    }

    /** A study in a list: what it is, how many trials it has by state, and its best value. */
    static void summary(JsonOut out, StudyDefinition d, List<FrozenTrial> trials, Optional<TuningJob> job) {
        out.beginObject();
        definition(out, d);
        counts(out.name("trial_counts"), trials);
        out.field("best_value", best(trials, d.direction()).map(FrozenTrial::value).orElse(null))
                .field("job_status", job.map(j -> lower(j.state())).orElse(null))
                .endObject();
    }

    /** A study in full: its definition, the job tuning it in this process (if any), its best trial and every trial. */
    static void study(JsonOut out, StudyDefinition d, List<FrozenTrial> trials, Optional<TuningJob> job) {
        out.beginObject();
        definition(out, d);
        out.name("search_space").beginObject();
        for (var e : d.searchSpace().entrySet()) out.name(e.getKey()).raw(e.getValue().toJson());
        out.endObject().stringMap("attributes", d.attributes());
        counts(out.name("trial_counts"), trials);
        out.name("job");
        if (job.isPresent()) job(out, job.get());
        else out.nullValue();
        best(out.name("best"), best(trials, d.direction()).orElse(null));
        out.name("trials").beginArray();
        for (var t : trials) trial(out, t);
        out.endArray().endObject();
    }

    private static void definition(JsonOut out, StudyDefinition d) {
        out.field("name", d.name())
                .field("href", href(d.name()))
                .field("algorithm", d.algorithm())
                .field("direction", lower(d.direction()))
                .field("sampler", d.sampler())
                .field("pruner", d.pruner())
                .field("seed", d.seed())
                .field("created_at", d.created());
    }

    private static void counts(JsonOut out, List<FrozenTrial> trials) {
        var counts = new EnumMap<TrialState, Integer>(TrialState.class);
        for (var s : TrialState.values()) counts.put(s, 0);
        for (var t : trials) counts.merge(t.state(), 1, Integer::sum);
        out.beginObject().field("total", trials.size());
        counts.forEach((state, n) -> out.field(lower(state), n.longValue()));
        out.endObject();
    }

    /** The best complete trial ({@code trial}, {@code value}, {@code params}), or null. */
    static void best(JsonOut out, FrozenTrial best) {
        if (best == null) {
            out.nullValue();
            return;
        }
        out.beginObject().field("trial", best.number()).field("value", best.value());
        params(out.name("params"), best.params());
        out.endObject();
    }

    static void trial(JsonOut out, FrozenTrial t) {
        out.beginObject()
                .field("number", t.number())
                .field("state", lower(t.state()))
                .field("value", t.value());
        params(out.name("params"), t.params());
        if (!t.fixedParams().isEmpty()) params(out.name("fixed_params"), t.fixedParams());
        out.name("intermediate_values").beginObject();
        t.intermediateValues().forEach((step, v) -> out.field(Integer.toString(step), v));
        out.endObject()
                .field("started_at", t.started())
                .field("completed_at", t.completed());
        out.name("duration_ms");
        t.duration().ifPresentOrElse(d -> out.millis(d.toNanos()), out::nullValue);
        out.field("fail_reason", t.failReason().orElse(null)).endObject();
    }

    static void params(JsonOut out, Map<String, Object> params) {
        out.beginObject();
        params.forEach(out::field);
        out.endObject();
    }

    /** A tuning job: where it is, a line per finished trial, and once succeeded the best trial. */
    static void job(JsonOut out, TuningJob j) {
        out.beginObject()
                .field("id", j.id())
                .field("kind", "tuning")
                .field("attempts", j.attempts())
                .field("study", j.study())
                .field("href", href(j.study()))
                .field("status", lower(j.state()))
                .field("algorithm", j.algorithm())
                .strings("progress", j.progress())
                .field("submitted_at", j.submitted());
        if (j.heldBy() != null) out.field("held_by", j.heldBy());
        if (j.started() != null) out.field("started_at", j.started());
        if (j.finished() != null) out.field("finished_at", j.finished());
        if (j.bestTrial() != null) {
            out.name("best").beginObject().field("trial", j.bestTrial()).field("value", j.bestValue());
            if (!j.bestHyperparameters().isEmpty()) out.stringMap("hyperparameters", new java.util.TreeMap<>(j.bestHyperparameters()));
            out.endObject();
        }
        if (j.failure() != null) out.field("error", j.failure());
        out.endObject();
    }

    /** The complete trial with the best value, the earliest of equals (as {@code Study.bestTrial}). */
    static Optional<FrozenTrial> best(List<FrozenTrial> trials, Direction direction) {
        return trials.stream().filter(t -> t.state() == TrialState.COMPLETE && t.value() != null)
                .min(Comparator.<FrozenTrial>comparingDouble(t -> direction.loss(t.value())).thenComparingInt(FrozenTrial::number));
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
