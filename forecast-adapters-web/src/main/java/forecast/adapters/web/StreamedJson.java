package forecast.adapters.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Request bodies read with Jackson's streaming parser, straight from the bytes: the rows of a
 * series go into primitive arrays ({@link CellRows}) without a JSON tree or a {@code BigDecimal}
 * per number, and the few other members become JSON-P values ({@link #tree}) for the checks that
 * read every body alike. Failures name {@code body} as {@link Json#parse} does.
 */
final class StreamedJson {
    /** Doubles by Jackson's fast parser (FastDoubleParser): the same bits as Double.parseDouble, several times faster. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();
    /** Looked up once: {@code jakarta.json.Json}'s static methods look the provider up on every call. */
    static final JsonProvider JSONP = JsonProvider.provider();

    private StreamedJson() {}

    /** What reads one JSON value, the parser on its first token. */
    interface Reader<T> {
        T read(JsonParser p) throws IOException;
    }

    /**
     * Reads the one JSON value in {@code body} (UTF-8, or UTF-16/32 as detected) with {@code reader}.
     *
     * @throws ProblemException 400 naming {@code body} when it is empty, not JSON, or has more after the value
     */
    static <T> T read(byte[] body, Reader<T> reader) {
        if (body.length == 0) throw new ProblemException(Problem.invalid("body", "is empty; send a JSON document"));
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() == null) throw new ProblemException(Problem.invalid("body", "is empty; send a JSON document"));
            T value = reader.read(p);
            if (p.nextToken() != null)
                throw invalid(p.currentTokenLocation().getLineNr(), p.currentTokenLocation().getColumnNr(), "expected the end of the body after the JSON document");
            return value;
        } catch (StreamConstraintsException e) {
            throw new ProblemException(Problem.invalid("body", "is not acceptable JSON: " + Json.abbreviate(e.getOriginalMessage())));
        } catch (JsonParseException e) {
            var at = e.getLocation();
            throw at == null ? new ProblemException(Problem.invalid("body", "is not valid JSON: " + Json.abbreviate(e.getOriginalMessage())))
                    : invalid(at.getLineNr(), at.getColumnNr(), e.getOriginalMessage());
        } catch (IOException e) {
            throw new ProblemException(Problem.invalid("body", "is not valid JSON: " + Json.abbreviate(e.getMessage())));
        }
    }

    private static ProblemException invalid(int line, int column, String message) {
        return new ProblemException(Problem.invalid("body", "is not valid JSON at line " + line + ", column " + column + ": " + Json.abbreviate(message)));
    }

    /**
     * The value at the parser's current token as a JSON-P value, numbers typed as JSON-P's own
     * parser types them (int, long, else {@code BigDecimal}); the parser ends on the value's last token.
     */
    static JsonValue tree(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case START_OBJECT -> {
                JsonObjectBuilder o = JSONP.createObjectBuilder();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    o.add(name, tree(p));
                }
                yield o.build();
            }
            case START_ARRAY -> {
                JsonArrayBuilder a = JSONP.createArrayBuilder();
                while (p.nextToken() != JsonToken.END_ARRAY) a.add(tree(p));
                yield a.build();
            }
            case VALUE_STRING -> JSONP.createValue(p.getText());
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> JSONP.createValue(p.getIntValue());
                case LONG -> JSONP.createValue(p.getLongValue());
                default -> JSONP.createValue(new BigDecimal(p.getText()));
            };
            case VALUE_NUMBER_FLOAT -> JSONP.createValue(new BigDecimal(p.getText()));
            case VALUE_TRUE -> JsonValue.TRUE;
            case VALUE_FALSE -> JsonValue.FALSE;
            case VALUE_NULL -> JsonValue.NULL;
            default -> throw new JsonParseException(p, "unexpected " + p.currentToken());
        };
    }

    /**
     * What the value at the parser's current token is, for an error message, worded as
     * {@link Json#describe} words a JSON-P value; an array or object is skipped.
     */
    static String describe(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_STRING -> "the string \"" + Json.abbreviate(p.getText()) + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + Json.abbreviate(numberText(p.getText()));
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case START_ARRAY -> {
                p.skipChildren();
                yield "an array";
            }
            case START_OBJECT -> {
                p.skipChildren();
                yield "an object";
            }
            default -> String.valueOf(p.currentToken());
        };
    }

    /** A JSON number's text as JSON-P prints the number: {@code 1e3} as {@code 1E+3}, {@code -0} as {@code 0}. */
    static String numberText(String json) {
        try {
            return new BigDecimal(json).toString();
        } catch (NumberFormatException | ArithmeticException e) {
            return json;
        }
    }
}
