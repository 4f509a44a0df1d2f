package forecast.adapters.web;

import forecast.domain.experiment.Estimate;
import forecast.domain.experiment.Experiment;
import forecast.domain.experiment.ExperimentReport;
import forecast.domain.experiment.ExperimentReport.Decision;
import java.util.Locale;

/**
 * A/B tests as JSON: an experiment, its summary in a listing, and its report. Numbers that cannot
 * be known yet (a mean without samples, an interval from one) are {@code null}.
 */
final class ExperimentJson {
    private ExperimentJson() {}

    static String href(String name) {
        return "/ab-test/" + name;
    }

    /** The experiment: its settings, state and times, and its arms. */
    static void experiment(JsonOut out, Experiment e) {
        open(out, e);
        out.endObject();
    }

    /** {@link #experiment} without closing the object, so that the caller can add members. */
    static JsonOut open(JsonOut out, Experiment e) {
        fields(out.beginObject(), e);
        out.name("arms").beginArray();
        for (int i = 0; i < e.arms().size(); i++) arm(out.beginObject(), e, i).endObject();
        return out.endArray();
    }

    /** One line of {@code GET /ab-test}: what runs where, until when, and how it stands. */
    static void summary(JsonOut out, Experiment e, Decision decision) {
        out.beginObject()
                .field("model", e.model())
                .field("name", e.name())
                .field("state", state(e))
                .field("scope", e.scope())
                .name("arms").beginArray();
        for (int i = 0; i < e.arms().size(); i++) arm(out.beginObject(), e, i).endObject();
        out.endArray()
                .field("started_at", e.started())
                .field("ends_at", e.endsAt())
                .field("href", href(e.name()))
                .name("decision").beginObject().field("status", status(decision)).field("winner", winner(decision)).endObject()
                .endObject();
    }

    /** {@code GET /ab-test/{name}}: the experiment with each arm's evidence, the comparisons, the split check and the decision. */
    static void report(JsonOut out, ExperimentReport r) {
        var e = r.experiment();
        fields(out.beginObject(), e);
        out.name("arms").beginArray();
        for (int i = 0; i < r.arms().size(); i++) {
            var a = r.arms().get(i);
            arm(out.beginObject(), e, i)
                    .field("requests", a.requests())
                    .field("scored_predictions", a.scored());
            estimate(out.name("mape"), a.mape());
            estimate(out.name("mae"), a.mae());
            out.name("latency_ms").beginObject().field("p50", a.latencyP50Millis()).field("p99", a.latencyP99Millis()).endObject()
                    .endObject();
        }
        out.endArray().name("comparisons").beginArray();
        for (var c : r.comparisons()) {
            out.beginObject().field("challenger", c.challenger()).field("control", c.control()).field("metric", c.metric());
            estimate(out.name("difference"), c.difference());
            out.field("welch_p", c.welchPValue()).field("mann_whitney_p", c.mannWhitneyPValue()).endObject();
        }
        out.endArray()
                .name("sample_ratio").beginObject().field("p_value", r.sampleRatioPValue()).name("mismatch").value(r.sampleRatioMismatch()).endObject()
                .name("decision").beginObject()
                .field("status", status(r.decision()))
                .field("winner", winner(r.decision()))
                .field("reason", reason(r.decision()))
                .endObject()
                .endObject();
    }

    /** The experiment's own members. */
    private static void fields(JsonOut out, Experiment e) {
        out.field("model", e.model())
                .field("name", e.name())
                .field("state", state(e))
                .field("metric", e.metric())
                .field("min_samples", e.minSamples())
                .name("sticky").value(e.sticky())
                .field("scope", e.scope())
                .field("duration_hours", e.duration().toMillis() / 3_600_000.0)
                .field("started_at", e.started())
                .field("ends_at", e.endsAt())
                .field("ended_at", e.ended())
                .field("started_by", e.startedBy())
                .field("ended_by", e.endedBy())
                .field("promoted_version", e.promoted())
                .field("href", href(e.name()));
    }

    private static JsonOut arm(JsonOut out, Experiment e, int index) {
        var a = e.arms().get(index);
        return out.field("index", index).field("version", a.version()).field("reference", a.reference()).field("weight", a.weight());
    }

    private static void estimate(JsonOut out, Estimate e) {
        out.beginObject().field("value", e.value()).field("ci_low", e.low()).field("ci_high", e.high()).field("n", e.n()).endObject();
    }

    static String state(Experiment e) {
        return e.state().name().toLowerCase(Locale.ROOT);
    }

    static String status(Decision d) {
        return switch (d) {
            case Decision.Running r -> "running";
            case Decision.NoDifference n -> "no_difference";
            case Decision.Winner w -> "winner";
        };
    }

    private static String winner(Decision d) {
        return d instanceof Decision.Winner w ? w.version() : null;
    }

    static String reason(Decision d) {
        return switch (d) {
            case Decision.Running r -> r.why();
            case Decision.NoDifference n -> n.why();
            case Decision.Winner w -> w.why();
        };
    }
}
