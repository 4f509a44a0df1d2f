package forecast.adapters.web;

import forecast.domain.series.Violation;
import java.util.List;

/**
 * An RFC 9457 problem: {@code type} (a URI reference naming the kind of problem), {@code title}
 * (the same for every problem of that type), {@code detail} (this occurrence) and, for bad input,
 * {@code errors} naming each field that is wrong.
 */
record Problem(int status, String type, String title, String detail, List<Violation> errors) {
    static final String MEDIA_TYPE = "application/problem+json";
    /** At most this many field errors are listed; the detail says how many there were. */
    private static final int MAX_ERRORS = 50;

    Problem {
        errors = errors == null ? List.of() : List.copyOf(errors.size() > MAX_ERRORS ? errors.subList(0, MAX_ERRORS) : errors);
    }

    static Problem of(int status, String slug, String title, String detail) {
        return new Problem(status, type(slug), title, detail, List.of());
    }

    /** Input a client can fix: 400 naming every field at fault. */
    static Problem invalid(List<Violation> violations) {
        return new Problem(400, type("invalid-input"), "Invalid request", summary(violations), violations);
    }

    static Problem invalid(String field, String message) {
        return invalid(List.of(new Violation(field, message)));
    }

    /** More than a limit allows: 413 naming the field. */
    static Problem tooLarge(String field, String message) {
        return new Problem(413, type("too-large"), "Request too large", field + ": " + message, List.of(new Violation(field, message)));
    }

    /** A request that clashes with the state of a resource: 409 naming the field at fault. */
    static Problem conflict(String slug, String title, String field, String message) {
        return new Problem(409, type(slug), title, field + ": " + message, List.of(new Violation(field, message)));
    }

    static Problem unknownVersion(String field, String reference) {
        String message = "no model version has the id or label '" + reference + "'";
        return new Problem(404, type("unknown-model-version"), "Unknown model version", message, List.of(new Violation(field, message)));
    }

    static Problem unknownStudy(String name) {
        return of(404, "unknown-study", "Unknown study", "no study named " + Json.abbreviate(name));
    }

    static Problem internal() {
        return of(500, "internal-error", "Internal server error", "the server failed to handle the request; the failure is logged");
    }

    /** Problems about a field: 422 when the input is well formed but does not fit the model. */
    static Problem unprocessable(String slug, String title, List<Violation> violations) {
        return new Problem(422, type(slug), title, summary(violations), violations);
    }

    private static String type(String slug) {
        return "/problems/" + slug;
    }

    private static String summary(List<Violation> violations) {
        if (violations.isEmpty()) return "invalid input";
        var first = violations.get(0);
        return first.field() + ": " + first.message() + (violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : "");
    }

    void writeTo(JsonOut out) {
        out.beginObject()
                .field("type", type)
                .field("title", title)
                .field("status", status)
                .field("detail", detail);
        if (!errors.isEmpty()) {
            out.name("errors").beginArray();
            for (var v : errors) out.beginObject().field("field", v.field()).field("message", v.message()).endObject();
            out.endArray();
        }
        out.endObject();
    }

    String toJson() {
        var out = new JsonOut();
        writeTo(out);
        return out.toString();
    }
}
