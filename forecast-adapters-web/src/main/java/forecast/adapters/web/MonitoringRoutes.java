package forecast.adapters.web;

import forecast.domain.monitoring.Alert;
import forecast.domain.monitoring.Alerts;
import forecast.domain.monitoring.Monitor;
import forecast.domain.recording.ActualsIntake;
import forecast.domain.series.InvalidInputException;
import java.util.regex.Pattern;

/**
 * Monitoring: {@code GET /drift} (the monitor's last check), {@code GET /alerts},
 * {@code GET /alerts/{id}}, {@code POST /alerts/{id}/resolve}, and {@code POST /actuals}, which
 * {@link ActualsIntake} takes in: it scores recorded forecasts, extends the series' stored history
 * and feeds the monitor.
 */
final class MonitoringRoutes {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;
    private static final Pattern ALERT = Pattern.compile("/alerts/[^/]+");
    private static final Pattern RESOLVE = Pattern.compile("/alerts/[^/]+/resolve");

    private final Monitor monitor;
    private final ActualsIntake intake;
    private final Alerts alerts;
    private final WebSettings settings;

    MonitoringRoutes(Monitor monitor, ActualsIntake intake, Alerts alerts, WebSettings settings) {
        this.monitor = monitor;
        this.intake = intake;
        this.alerts = alerts;
        this.settings = settings;
    }

    /** The methods a path of these routes allows, for a 405; null when none of them has the path. */
    static String allowed(String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (p.equals("/drift") || p.equals("/alerts") || ALERT.matcher(p).matches()) return "GET";
        if (p.equals("/actuals") || RESOLVE.matcher(p).matches()) return "POST";
        return null;
    }

    /** Each detector's state on the live version and live accuracy by version, as of the monitor's last check. */
    Reply drift() {
        var out = new JsonOut(2048);
        MonitoringJson.report(out, monitor.report());
        return Reply.ok(out);
    }

    /** Alerts newest first: {@code state} open or resolved (null: both), at most {@code limit} (null: {@value #DEFAULT_LIMIT}). */
    Reply list(String state, String limit) {
        Alert.State wanted = state == null ? null : switch (state) {
            case "open" -> Alert.State.OPEN;
            case "resolved" -> Alert.State.RESOLVED;
            default -> throw new ProblemException(Problem.invalid("state", "must be open or resolved, got '" + Json.abbreviate(state) + "'"));
        };
        int n = limit(limit, DEFAULT_LIMIT);
        var found = alerts.list(wanted, n);
        var out = new JsonOut(256 + 512 * found.size()).beginObject().name("alerts").beginArray();
        for (var a : found) MonitoringJson.alert(out, a);
        return Reply.ok(out.endArray().endObject());
    }

    Reply one(String id) {
        return Reply.ok(MonitoringJson.alert(new JsonOut(512), alerts.find(id(id)).orElseThrow(() -> unknown(id))));
    }

    /** Resolves an alert by hand: 200 with it resolved (also when it was already); 404 when there is none. */
    Reply resolve(String id) {
        return Reply.ok(MonitoringJson.alert(new JsonOut(512), alerts.resolve(id(id)).orElseThrow(() -> unknown(id))));
    }

    /**
     * {@code {"prediction_id"?, "series_id"?, "unit_id"?, "data": [[timestamp, value, feature...], ...]}}:
     * 200 with {@code scored_points} (forecast points scored), {@code appended_to_history} (rows
     * added to the series' stored history) and, when none could be added, {@code history_note}.
     */
    Reply actuals(byte[] body) {
        var actuals = ExperimentInput.actuals(RequestBody.object(body, false, settings), settings.maxHistory());
        ActualsIntake.Receipt receipt;
        try {
            receipt = intake.receive(actuals);
        } catch (InvalidInputException e) {
            throw new ProblemException(Problem.invalid(e.violations()));
        } catch (IllegalArgumentException e) {
            // the observation store's refusal: the rows' columns or frequency differ from the stored series
            throw new ProblemException(Problem.invalid("data", e.getMessage() == null ? "does not fit the stored series" : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(Problem.of(503, "interrupted", "Interrupted", "the server is stopping"));
        }
        var out = new JsonOut(128).beginObject()
                .field("scored_points", receipt.scoredPoints())
                .field("appended_to_history", receipt.appended());
        if (receipt.historyNote() != null) out.field("history_note", receipt.historyNote());
        return Reply.ok(out.endObject());
    }

    /**
     * A {@code limit} query parameter: a whole number from 1 to {@value #MAX_LIMIT}; {@code dflt}
     * when absent.
     *
     * @throws ProblemException 400 naming {@code limit}
     */
    static int limit(String text, int dflt) {
        if (text == null) return dflt;
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= 1 && n <= MAX_LIMIT) return n;
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ProblemException(Problem.invalid("limit", "must be a whole number from 1 to " + MAX_LIMIT + ", got '" + Json.abbreviate(text) + "'"));
    }

    /** An alert's id; one that is not a number names no alert. */
    private static long id(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw unknown(text);
        }
    }

    private static ProblemException unknown(String id) {
        return new ProblemException(Problem.of(404, "unknown-alert", "Unknown alert", "no alert with id " + Json.abbreviate(id)));
    }
}
