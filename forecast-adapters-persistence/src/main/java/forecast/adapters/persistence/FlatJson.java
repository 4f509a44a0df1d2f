package forecast.adapters.persistence;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A flat JSON object of strings ({@code {"algorithm":"arima","deploy":"true"}}): how the job queue
 * stores a job's payload and result, readable in SQL (H2's and PostgreSQL's JSON functions read it)
 * without a JSON library in this module. Keys are written sorted.
 */
final class FlatJson {
    private FlatJson() {}

    static String write(Map<String, String> map) {
        var sb = new StringBuilder("{");
        for (var e : new TreeMap<>(map).entrySet()) {
            if (sb.length() > 1) sb.append(',');
            quote(sb, e.getKey()).append(':');
            if (e.getValue() == null) sb.append("null");
            else quote(sb, e.getValue());
        }
        return sb.append('}').toString();
    }

    private static StringBuilder quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"');
    }

    /** Reads what {@link #write} wrote. */
    static Map<String, String> read(String json) {
        var out = new LinkedHashMap<String, String>();
        int[] at = {skip(json, 0)};
        expect(json, at, '{');
        if (peek(json, at) == '}') return out;
        while (true) {
            String key = string(json, at);
            expect(json, at, ':');
            String value;
            if (json.startsWith("null", at[0] = skip(json, at[0]))) {
                at[0] += 4;
                value = null;
            } else value = string(json, at);
            out.put(key, value);
            char c = peek(json, at);
            at[0]++;
            if (c == '}') return out;
            if (c != ',') throw new IllegalArgumentException("not a flat JSON object of strings at " + at[0] + ": " + json);
        }
    }

    private static int skip(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        return i;
    }

    private static char peek(String s, int[] at) {
        at[0] = skip(s, at[0]);
        if (at[0] >= s.length()) throw new IllegalArgumentException("unexpected end of " + s);
        return s.charAt(at[0]);
    }

    private static void expect(String s, int[] at, char c) {
        if (peek(s, at) != c) throw new IllegalArgumentException("expected " + c + " at " + at[0] + " of " + s);
        at[0]++;
    }

    private static String string(String s, int[] at) {
        expect(s, at, '"');
        var sb = new StringBuilder();
        for (int i = at[0]; ; i++) {
            char c = s.charAt(i);
            if (c == '"') {
                at[0] = i + 1;
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> sb.append(e);
            }
        }
    }
}
