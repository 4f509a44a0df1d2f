package forecast.adapters.web;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Reading request bodies with JSON-P, and describing what a client sent in error messages. */
final class Json {
    // Looking the provider up costs a ServiceLoader scan; once is enough.
    private static final JsonParserFactory PARSERS = jakarta.json.Json.createParserFactory(Map.of());

    private Json() {}

    /**
     * The JSON document in {@code body} (UTF-8).
     *
     * @throws ProblemException 400 naming {@code body} when it is not one JSON value
     */
    static JsonValue parse(byte[] body) {
        if (body.length == 0) throw new ProblemException(Problem.invalid("body", "is empty; send a JSON document"));
        try (var parser = PARSERS.createParser(new ByteArrayInputStream(body), StandardCharsets.UTF_8)) {
            parser.next();
            JsonValue value = parser.getValue();
            if (parser.hasNext()) throw new ProblemException(Problem.invalid("body", "has more after the JSON document"));
            return value;
        } catch (JsonParsingException e) {
            var at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNumber() + ", column " + at.getColumnNumber();
            throw new ProblemException(Problem.invalid("body", "is not valid JSON" + where + ": " + abbreviate(e.getMessage())));
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // JSON-P reports its limits (nesting depth, digits in a number) with plain runtime
            // exceptions; a StackOverflowError is a nesting deeper than the stack, unwound by now.
            throw new ProblemException(Problem.invalid("body", "is not acceptable JSON: " + abbreviate(String.valueOf(e.getMessage()))));
        }
    }

    /** The body as an object; an absent body reads as {@code {}} when {@code emptyIsObject}. */
    static JsonObject object(byte[] body, boolean emptyIsObject) {
        if (body.length == 0 && emptyIsObject) return JsonValue.EMPTY_JSON_OBJECT;
        if (parse(body) instanceof JsonObject o) return o;
        throw new ProblemException(Problem.invalid("body", "must be a JSON object"));
    }

    /** An optional string member: null when absent or JSON null. */
    static String optionalString(JsonObject o, String name) {
        JsonValue v = o.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) return null;
        if (v instanceof JsonString s) return s.getString();
        throw new ProblemException(Problem.invalid(name, "must be a string, got " + describe(v)));
    }

    /** What a value is, for an error message: its type and, when short, the value itself. */
    static String describe(JsonValue v) {
        return switch (v.getValueType()) {
            case STRING -> "the string \"" + abbreviate(((JsonString) v).getString()) + "\"";
            case NUMBER -> "the number " + abbreviate(((JsonNumber) v).toString());
            case TRUE, FALSE -> "a boolean";
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
        };
    }

    /** At most 40 characters of {@code s}, control characters shown as '?'. */
    static String abbreviate(String s) {
        if (s == null) return "";
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        var sb = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            sb.append(c < 0x20 ? '?' : c);
        }
        return sb.toString();
    }
}
