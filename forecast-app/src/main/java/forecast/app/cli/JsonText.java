package forecast.app.cli;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader and writer for the client commands: objects become {@link LinkedHashMap}s
 * (members in the server's order), arrays {@link List}s, numbers {@link BigDecimal}s (written back
 * as they came), strings, booleans and null.
 */
public final class JsonText {
    private final String s;
    private int i;

    private JsonText(String s) {
        this.s = s;
    }

    /** Parses one JSON value; {@link IllegalArgumentException} when {@code text} is not JSON. */
    public static Object parse(String text) {
        var p = new JsonText(text);
        try {
            Object v = p.value();
            p.ws();
            if (p.i != text.length()) throw new IllegalArgumentException("unexpected text at character " + p.i);
            return v;
        } catch (StringIndexOutOfBoundsException | NumberFormatException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
    }

    private Object value() {
        ws();
        char c = s.charAt(i);
        if (c == '{') return obj();
        if (c == '[') return arr();
        if (c == '"') return str();
        if (s.startsWith("true", i)) { i += 4; return Boolean.TRUE; }
        if (s.startsWith("false", i)) { i += 5; return Boolean.FALSE; }
        if (s.startsWith("null", i)) { i += 4; return null; }
        int start = i;
        while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
        if (start == i) throw new IllegalArgumentException("unexpected '" + c + "' at character " + i);
        return new BigDecimal(s.substring(start, i));
    }

    private Map<String, Object> obj() {
        var m = new LinkedHashMap<String, Object>();
        i++;
        ws();
        if (s.charAt(i) == '}') { i++; return m; }
        while (true) {
            ws();
            String k = str();
            ws();
            if (s.charAt(i++) != ':') throw new IllegalArgumentException("expected ':' at character " + (i - 1));
            m.put(k, value());
            ws();
            char c = s.charAt(i++);
            if (c == '}') return m;
            if (c != ',') throw new IllegalArgumentException("expected ',' or '}' at character " + (i - 1));
        }
    }

    private List<Object> arr() {
        var l = new ArrayList<Object>();
        i++;
        ws();
        if (s.charAt(i) == ']') { i++; return l; }
        while (true) {
            l.add(value());
            ws();
            char c = s.charAt(i++);
            if (c == ']') return l;
            if (c != ',') throw new IllegalArgumentException("expected ',' or ']' at character " + (i - 1));
        }
    }

    private String str() {
        if (s.charAt(i) != '"') throw new IllegalArgumentException("expected a string at character " + i);
        var b = new StringBuilder();
        i++;
        while (s.charAt(i) != '"') {
            char c = s.charAt(i++);
            if (c == '\\') {
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> { b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; }
                    default -> b.append(e);
                }
            } else b.append(c);
        }
        i++;
        return b.toString();
    }

    private void ws() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    }

    /** {@code value} as compact JSON. */
    public static String write(Object value) {
        var b = new StringBuilder();
        write(b, value, -1, 0);
        return b.toString();
    }

    /** {@code value} as JSON indented by two spaces. */
    public static String pretty(Object value) {
        var b = new StringBuilder();
        write(b, value, 2, 0);
        return b.toString();
    }

    private static void write(StringBuilder b, Object v, int indent, int depth) {
        switch (v) {
            case null -> b.append("null");
            case Map<?, ?> m -> {
                if (m.isEmpty()) { b.append("{}"); return; }
                b.append('{');
                boolean first = true;
                for (var e : m.entrySet()) {
                    if (!first) b.append(',');
                    first = false;
                    newline(b, indent, depth + 1);
                    quote(b, String.valueOf(e.getKey()));
                    b.append(indent < 0 ? ":" : ": ");
                    write(b, e.getValue(), indent, depth + 1);
                }
                newline(b, indent, depth);
                b.append('}');
            }
            case List<?> l -> {
                if (l.isEmpty()) { b.append("[]"); return; }
                boolean flat = l.stream().noneMatch(x -> x instanceof Map || x instanceof List);
                b.append('[');
                for (int k = 0; k < l.size(); k++) {
                    if (k > 0) b.append(flat && indent >= 0 ? ", " : ",");
                    if (!flat) newline(b, indent, depth + 1);
                    write(b, l.get(k), indent, depth + 1);
                }
                if (!flat) newline(b, indent, depth);
                b.append(']');
            }
            case String str -> quote(b, str);
            case BigDecimal d -> b.append(d.toString());
            case Double d -> b.append(d.isNaN() || d.isInfinite() ? "null" : BigDecimal.valueOf(d).toString());
            default -> b.append(v);
        }
    }

    private static void newline(StringBuilder b, int indent, int depth) {
        if (indent < 0) return;
        b.append('\n').append(" ".repeat(indent * depth));
    }

    private static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        b.append('"');
    }
}
