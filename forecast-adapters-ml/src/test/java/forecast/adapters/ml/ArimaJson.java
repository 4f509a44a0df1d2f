package forecast.adapters.ml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal JSON reader for the reference fixtures (no dependency for a test): objects become
 * {@code Map<String, Object>}, arrays {@code List<Object>}, numbers {@code Double}, and strings,
 * booleans and null what they are.
 */
final class ArimaJson {
    private final String text;
    private int at;

    private ArimaJson(String text) {
        this.text = text;
    }

    static Object parse(String text) {
        var p = new ArimaJson(text);
        Object value = p.value();
        p.skipSpace();
        if (p.at != text.length()) throw p.error("trailing text");
        return value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> array(Object o) {
        return (List<Object>) o;
    }

    static double[] doubles(Object o) {
        var list = array(o);
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) out[i] = (Double) list.get(i);
        return out;
    }

    static int[] ints(Object o) {
        double[] d = doubles(o);
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) out[i] = (int) d[i];
        return out;
    }

    private Object value() {
        skipSpace();
        if (at >= text.length()) throw error("unexpected end");
        char c = text.charAt(at);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> number();
        };
    }

    private Map<String, Object> object() {
        var out = new LinkedHashMap<String, Object>();
        at++;
        skipSpace();
        if (text.charAt(at) == '}') {
            at++;
            return out;
        }
        while (true) {
            skipSpace();
            String key = string();
            skipSpace();
            expect(':');
            out.put(key, value());
            skipSpace();
            if (text.charAt(at) == ',') at++;
            else {
                expect('}');
                return out;
            }
        }
    }

    private List<Object> array() {
        var out = new ArrayList<Object>();
        at++;
        skipSpace();
        if (text.charAt(at) == ']') {
            at++;
            return out;
        }
        while (true) {
            out.add(value());
            skipSpace();
            if (text.charAt(at) == ',') at++;
            else {
                expect(']');
                return out;
            }
        }
    }

    private String string() {
        expect('"');
        var s = new StringBuilder();
        while (true) {
            char c = text.charAt(at++);
            if (c == '"') return s.toString();
            if (c != '\\') {
                s.append(c);
                continue;
            }
            char e = text.charAt(at++);
            switch (e) {
                case 'n' -> s.append('\n');
                case 't' -> s.append('\t');
                case 'r' -> s.append('\r');
                case 'b' -> s.append('\b');
                case 'f' -> s.append('\f');
                case 'u' -> {
                    s.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    at += 4;
                }
                default -> s.append(e);
            }
        }
    }

    private Double number() {
        int start = at;
        while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) at++;
        if (start == at) throw error("unexpected character '" + text.charAt(at) + "'");
        return Double.valueOf(text.substring(start, at));
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, at)) throw error("expected " + word);
        at += word.length();
        return value;
    }

    private void expect(char c) {
        if (text.charAt(at) != c) throw error("expected '" + c + "'");
        at++;
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) at++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at offset " + at);
    }
}
