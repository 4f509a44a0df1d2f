package forecast.adapters.web;

import forecast.domain.monitoring.Alert;
import forecast.domain.monitoring.DriftStatus;
import forecast.domain.monitoring.LiveAccuracy;
import forecast.domain.monitoring.Monitor;
import java.util.Locale;

/**
 * Monitoring as JSON: the drift report of {@code GET /drift} and alerts, as the API lists them and
 * the webhook sends them. Figures that are not known (NaN) are {@code null}; enum values are
 * lower-case.
 */
final class MonitoringJson {
    private MonitoringJson() {}

    static String href(Alert a) {
        return "/alerts/" + a.id();
    }

    /** {@code GET /drift}: when the monitor last checked, on which version and series, each detector's state and the live accuracy by version. */
    static void report(JsonOut out, Monitor.Report r) {
        out.beginObject()
                .field("checked_at", r.checkedAt())
                .field("version", r.version())
                .field("series", r.series())
                .name("detectors").beginArray();
        for (var d : r.detectors()) detector(out, d);
        out.endArray().name("models").beginArray();
        for (var w : r.models()) {
            out.beginObject().field("model", w.model()).field("version", w.version()).field("series", w.series()).name("detectors").beginArray();
            for (var d : w.detectors()) detector(out, d);
            out.endArray().endObject();
        }
        out.endArray().name("live_accuracy").beginArray();
        for (var a : r.accuracy()) accuracy(out, a);
        out.endArray().endObject();
    }

    private static void detector(JsonOut out, DriftStatus d) {
        out.beginObject()
                .field("detector", d.detector())
                .field("kind", d.kind())
                .field("series", d.series())
                .field("version", d.version())
                .field("state", d.state())
                .field("statistic", d.statistic())
                .field("threshold", d.threshold())
                .field("p_value", d.pValue())
                .field("reference_size", d.referenceSize())
                .field("recent_size", d.recentSize())
                .field("detail", d.detail())
                .endObject();
    }

    private static void accuracy(JsonOut out, LiveAccuracy a) {
        out.beginObject()
                .field("version", a.version())
                .field("points", a.points())
                .field("mape", a.mape())
                .field("mase", a.mase())
                .field("interval_points", a.intervalPoints())
                .field("coverage", a.coverage())
                .field("nominal_coverage", a.nominalCoverage())
                .field("backtest_mape", a.backtestMape())
                .name("change_detector").beginObject()
                .field("name", a.changeDetector())
                .field("statistic", a.changeStatistic())
                .field("threshold", a.changeThreshold())
                .field("count", a.changeCount())
                .endObject()
                .field("last_scored", a.lastScored())
                .endObject();
    }

    /** An alert: what breached, how badly, since when and how often. */
    static JsonOut alert(JsonOut out, Alert a) {
        return out.beginObject()
                .field("id", a.id())
                .field("model", a.model())
                .field("key", a.key())
                .field("kind", Alert.name(a.kind()))
                .field("severity", a.severity().name().toLowerCase(Locale.ROOT))
                .field("subject", a.subject())
                .field("message", a.message())
                .field("value", a.value())
                .field("threshold", a.threshold())
                .field("state", a.state().name().toLowerCase(Locale.ROOT))
                .field("raised_at", a.raisedAt())
                .field("last_seen_at", a.lastSeenAt())
                .field("resolved_at", a.resolvedAt())
                .field("occurrences", a.occurrences())
                .field("href", href(a))
                .endObject();
    }

    /** The body a webhook receives: {@code {"event": "raised" | "resolved", "alert": {...}}}. */
    static String event(String event, Alert a) {
        var out = new JsonOut(512);
        out.beginObject().field("event", event).name("alert");
        alert(out, a);
        return out.endObject().toString();
    }
}
