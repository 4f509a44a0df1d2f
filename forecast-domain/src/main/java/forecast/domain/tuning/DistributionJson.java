package forecast.domain.tuning;

import forecast.domain.series.InvalidInputException;
import forecast.domain.series.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a {@link Distribution}, shared by the HTTP API and the study store:
 * {@code {"type": "float", "low": -5, "high": 10, "log": false}}, {@code {"type": "int", "low": 2,
 * "high": 12, "step": 1}} or {@code {"type": "categorical", "choices": ["gbtree", "dart"]}}. The
 * domain has no JSON library, so this holds the small reader it needs.
 */
public final class DistributionJson {
    private DistributionJson() {}

    public static String write(Distribution d) {
        return switch (d) {
            case FloatDistribution f -> "{\"type\":\"float\",\"low\":" + f.low() + ",\"high\":" + f.high() + ",\"log\":" + f.log()
                    + (f.step() == null ? "" : ",\"step\":" + f.step()) + "}";
            case IntDistribution i -> "{\"type\":\"int\",\"low\":" + i.low() + ",\"high\":" + i.high() + ",\"log\":" + i.log()
                    + ",\"step\":" + i.step() + "}";
            case CategoricalDistribution c -> {
                var sb = new StringBuilder("{\"type\":\"categorical\",\"choices\":[");
                for (int k = 0; k < c.choices().size(); k++) sb.append(k == 0 ? "" : ",").append(value(c.choices().get(k)));
                yield sb.append("]}").toString();
            }
        };
    }

    /** A JSON literal for a parameter value (a number, text, boolean or null). */
    public static String value(Object v) {
        if (v == null) return "null";
        if (v instanceof String s) return quote(s);
        if (v instanceof Double d && (d.isNaN() || d.isInfinite())) return "null";
        return v.toString();
    }

    static String quote(String s) {
        var sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (ch < 0x20) sb.append(String.format("\\u%04x", (int) ch));
                    else sb.append(ch);
                }
            }
        }
        return sb.append('"').toString();
    }

    public static Distribution read(String json) {
        Object parsed = new Reader(json).document();
        if (!(parsed instanceof Map<?, ?> m)) throw new IllegalArgumentException("a distribution is a JSON object: " + json);
        @SuppressWarnings("unchecked") var map = (Map<String, Object>) m;
        return fromMap("distribution", map);
    }

    /** Reads a JSON document of objects, arrays, text, numbers ({@code Long} or {@code Double}), booleans and null. */
    public static Object parse(String json) {
        return new Reader(json).document();
    }

    /**
     * A distribution from a parsed search-space entry; every problem is reported against
     * {@code field} ({@code search_space.depth.low}, ...).
     *
     * @throws InvalidInputException naming the fields that are wrong
     */
    public static Distribution fromMap(String field, Map<String, ?> entry) {
        var violations = new ArrayList<Violation>();
        Object type = entry.get("type");
        if (!(type instanceof String t) || !List.of("float", "int", "categorical").contains(t))
            throw new InvalidInputException(field + ".type", "must be \"float\", \"int\" or \"categorical\", not " + type);
        for (var key : entry.keySet()) {
            var allowed = t.equals("categorical") ? List.of("type", "choices") : List.of("type", "low", "high", "step", "log");
            if (!allowed.contains(key)) violations.add(new Violation(field + "." + key, "is not a setting of a " + t + " distribution (" + allowed + ")"));
        }
        try {
            if (t.equals("categorical")) {
                if (!(entry.get("choices") instanceof List<?> choices) || choices.isEmpty()) {
                    violations.add(new Violation(field + ".choices", "must be a non-empty list"));
                } else {
                    for (int i = 0; i < choices.size(); i++) {
                        var c = choices.get(i);
                        if (c != null && !(c instanceof String || c instanceof Number || c instanceof Boolean))
                            violations.add(new Violation(field + ".choices[" + i + "]", "must be text, a number, a boolean or null"));
                    }
                    if (violations.isEmpty()) return new CategoricalDistribution(new ArrayList<>(choices));
                }
            } else {
                Double low = number(entry, "low", field, violations, true);
                Double high = number(entry, "high", field, violations, true);
                Double step = number(entry, "step", field, violations, false);
                Object logValue = entry.get("log");
                if (logValue != null && !(logValue instanceof Boolean)) violations.add(new Violation(field + ".log", "must be true or false"));
                boolean log = Boolean.TRUE.equals(logValue);
                if (violations.isEmpty()) {
                    if (t.equals("float")) return new FloatDistribution(low, high, log, step);
                    for (var e : Map.of("low", low, "high", high).entrySet())
                        if (e.getValue() != Math.rint(e.getValue()) || Math.abs(e.getValue()) > Integer.MAX_VALUE)
                            violations.add(new Violation(field + "." + e.getKey(), "must be an integer"));
                    if (step != null && (step != Math.rint(step) || step > Integer.MAX_VALUE))
                        violations.add(new Violation(field + ".step", "must be an integer"));
                    if (violations.isEmpty())
                        return new IntDistribution(low.intValue(), high.intValue(), log, step == null ? 1 : step.intValue());
                }
            }
        } catch (IllegalArgumentException e) {
            if (e instanceof InvalidInputException) throw e;
            violations.add(new Violation(field, e.getMessage()));
        }
        throw new InvalidInputException(violations);
    }

    private static Double number(Map<String, ?> entry, String key, String field, List<Violation> violations, boolean required) {
        Object v = entry.get(key);
        if (v == null) {
            if (required) violations.add(new Violation(field + "." + key, "is required"));
            return null;
        }
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            violations.add(new Violation(field + "." + key, "must be a finite number, not " + v));
            return null;
        }
        return n.doubleValue();
    }

    private static final class Reader {
        private final String s;
        private int at;

        Reader(String s) {
            this.s = s;
        }

        Object document() {
            Object v = value();
            space();
            if (at != s.length()) throw error("trailing text");
            return v;
        }

        private Object value() {
            space();
            if (at >= s.length()) throw error("unexpected end");
            char c = s.charAt(at);
            if (c == '{') return object();
            if (c == '[') return array();
            if (c == '"') return string();
            if (s.startsWith("true", at)) { at += 4; return Boolean.TRUE; }
            if (s.startsWith("false", at)) { at += 5; return Boolean.FALSE; }
            if (s.startsWith("null", at)) { at += 4; return null; }
            return number();
        }

        private Map<String, Object> object() {
            var m = new LinkedHashMap<String, Object>();
            at++;
            space();
            if (peek() == '}') { at++; return m; }
            while (true) {
                space();
                if (peek() != '"') throw error("expected a key");
                String key = string();
                space();
                if (peek() != ':') throw error("expected ':'");
                at++;
                m.put(key, value());
                space();
                char c = peek();
                at++;
                if (c == '}') return m;
                if (c != ',') throw error("expected ',' or '}'");
            }
        }

        private List<Object> array() {
            var list = new ArrayList<>();
            at++;
            space();
            if (peek() == ']') { at++; return list; }
            while (true) {
                list.add(value());
                space();
                char c = peek();
                at++;
                if (c == ']') return list;
                if (c != ',') throw error("expected ',' or ']'");
            }
        }

        private String string() {
            var sb = new StringBuilder();
            at++;
            while (true) {
                if (at >= s.length()) throw error("unterminated text");
                char c = s.charAt(at++);
                if (c == '"') return sb.toString();
                if (c != '\\') { sb.append(c); continue; }
                char e = s.charAt(at++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> { sb.append((char) Integer.parseInt(s.substring(at, at + 4), 16)); at += 4; }
                    default -> sb.append(e);
                }
            }
        }

        private Object number() {
            int start = at;
            while (at < s.length() && "+-0123456789.eE".indexOf(s.charAt(at)) >= 0) at++;
            String text = s.substring(start, at);
            if (text.isEmpty()) throw error("unexpected character");
            try {
                if (text.matches("-?\\d{1,18}")) return Long.parseLong(text);
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw error("bad number " + text);
            }
        }

        private char peek() {
            if (at >= s.length()) throw error("unexpected end");
            return s.charAt(at);
        }

        private void space() {
            while (at < s.length() && Character.isWhitespace(s.charAt(at))) at++;
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("bad JSON at " + at + ": " + what);
        }
    }
}
