package forecast.adapters.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;

/**
 * A request object read in one pass: its series rows ({@code data}) and {@code future_features}
 * streamed into {@link CellRows}, every other member a JSON-P value in {@code members}. When the
 * body was not an object, {@code notAnObject} says what it was (and the rest is null).
 */
record RequestBody(JsonObject members, CellRows data, CellRows futureFeatures, String notAnObject) {
    static final String DATA = "data";
    static final String FUTURE_FEATURES = "future_features";

    /**
     * The body, which may be any JSON value (the caller words the refusal of a non-object); rows
     * beyond {@code settings.maxHistory()} (data) or {@code maxHorizon()} (future features) are counted, not kept.
     *
     * @throws ProblemException 400 naming {@code body} when it is not one JSON value
     */
    static RequestBody read(byte[] body, WebSettings settings) {
        // rows of a time and a few numbers take some 9 bytes of JSON a cell: room for them from the start, grown when short
        int expectedCells = (int) Math.min(body.length / 8, 1L << 20);
        return StreamedJson.read(body, p -> read(p, settings, expectedCells));
    }

    /**
     * The body as an object; an absent body reads as {@code {}} when {@code emptyIsObject}.
     *
     * @throws ProblemException 400 naming {@code body} when it is not a JSON object
     */
    static RequestBody object(byte[] body, boolean emptyIsObject, WebSettings settings) {
        if (body.length == 0 && emptyIsObject) return new RequestBody(JsonObject.EMPTY_JSON_OBJECT, null, null, null);
        var read = read(body, settings);
        if (read.notAnObject() != null) throw new ProblemException(Problem.invalid("body", "must be a JSON object"));
        return read;
    }

    /**
     * The value at the parser's current token: an object is read member by member; anything else is
     * described. {@code expectedCells} sizes the arrays of its rows.
     */
    static RequestBody read(JsonParser p, WebSettings settings, int expectedCells) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) return new RequestBody(null, null, null, StreamedJson.describe(p));
        JsonObjectBuilder members = StreamedJson.JSONP.createObjectBuilder();
        CellRows data = null;
        CellRows future = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            // a member given twice counts once, as the last one, as JSON-P reads objects
            switch (name) {
                case DATA -> data = CellRows.read(p, settings.maxHistory(), true, expectedCells);
                case FUTURE_FEATURES -> future = CellRows.read(p, settings.maxHorizon(), false, 64);
                default -> members.add(name, StreamedJson.tree(p));
            }
        }
        return new RequestBody(members.build(), data, future, null);
    }

    /** The names of the members sent, the series rows' too. */
    java.util.Set<String> fieldNames() {
        var names = new java.util.TreeSet<>(members.keySet());
        if (data != null) names.add(DATA);
        if (futureFeatures != null) names.add(FUTURE_FEATURES);
        return names;
    }

    /** Whether member {@code name} was sent and is not JSON {@code null}. */
    boolean has(String name) {
        return switch (name) {
            case DATA -> data != null && !data.isNull();
            case FUTURE_FEATURES -> futureFeatures != null && !futureFeatures.isNull();
            default -> !RequestFields.absent(members.get(name));
        };
    }
}
