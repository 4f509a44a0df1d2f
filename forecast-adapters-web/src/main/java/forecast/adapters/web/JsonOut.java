package forecast.adapters.web;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * Writes JSON text into a {@link StringBuilder}, placing the commas itself. Faster than a tree and
 * enough for responses whose shape the code knows. Non-finite numbers become {@code null}.
 */
final class JsonOut {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder sb;
    private boolean first = true;

    JsonOut() {
        this(256);
    }

    JsonOut(int capacity) {
        sb = new StringBuilder(capacity);
    }

    JsonOut beginObject() {
        comma();
        sb.append('{');
        first = true;
        return this;
    }

    JsonOut endObject() {
        sb.append('}');
        first = false;
        return this;
    }

    JsonOut beginArray() {
        comma();
        sb.append('[');
        first = true;
        return this;
    }

    JsonOut endArray() {
        sb.append(']');
        first = false;
        return this;
    }

    JsonOut name(String name) {
        comma();
        quote(name);
        sb.append(':');
        first = true;
        return this;
    }

    JsonOut value(String s) {
        comma();
        if (s == null) sb.append("null");
        else quote(s);
        return this;
    }

    JsonOut value(double d) {
        comma();
        if (Double.isFinite(d)) sb.append(d);
        else sb.append("null");
        return this;
    }

    JsonOut value(long n) {
        comma();
        sb.append(n);
        return this;
    }

    JsonOut value(boolean b) {
        comma();
        sb.append(b);
        return this;
    }

    /** An instant as {@link Instant#toString()} writes it; whole seconds in years 1970-9999 without making a String. */
    JsonOut value(Instant t) {
        if (t == null || t.getNano() != 0 || t.getEpochSecond() < 0 || t.getEpochSecond() > MAX_FAST_SECOND) return value(t == null ? null : t.toString());
        comma();
        long seconds = t.getEpochSecond();
        long days = seconds / 86_400;
        int ofDay = (int) (seconds % 86_400);
        // civil_from_days (H. Hinnant), the inverse of Timestamps' epochDay
        long z = days + 719_468;
        long era = z / 146_097;
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        sb.append('"');
        digits(year, 4).append('-');
        digits(month, 2).append('-');
        digits(day, 2).append('T');
        digits(ofDay / 3600, 2).append(':');
        digits(ofDay / 60 % 60, 2).append(':');
        digits(ofDay % 60, 2).append("Z\"");
        return this;
    }

    /** The last second of 9999: beyond, Instant.toString adds a sign. */
    private static final long MAX_FAST_SECOND = 253_402_300_799L;

    private StringBuilder digits(int v, int width) {
        for (int p = width == 4 ? 1000 : 10; p > 0; p /= 10) sb.append((char) ('0' + v / p % 10));
        return sb;
    }

    /**
     * A plain value: text, a number (whole numbers as integers, others as decimals), a boolean or
     * null; anything else is written as its text.
     */
    JsonOut value(Object v) {
        return switch (v) {
            case null -> nullValue();
            case String s -> value(s);
            case Boolean b -> value(b.booleanValue());
            case Integer i -> value(i.longValue());
            case Long l -> value(l.longValue());
            case Short s -> value(s.longValue());
            case Byte b -> value(b.longValue());
            case Number n -> value(n.doubleValue());
            default -> value(v.toString());
        };
    }

    JsonOut nullValue() {
        comma();
        sb.append("null");
        return this;
    }

    /** Milliseconds from nanoseconds, to the microsecond. */
    JsonOut millis(long nanos) {
        comma();
        sb.append(Math.round(nanos / 1_000.0) / 1_000.0);
        return this;
    }

    JsonOut field(String name, String s) {
        return name(name).value(s);
    }

    JsonOut field(String name, double d) {
        return name(name).value(d);
    }

    JsonOut field(String name, long n) {
        return name(name).value(n);
    }

    JsonOut field(String name, Instant t) {
        return name(name).value(t);
    }

    JsonOut field(String name, Object v) {
        return name(name).value(v);
    }

    JsonOut strings(String name, Collection<String> values) {
        name(name).beginArray();
        for (String v : values) value(v);
        return endArray();
    }

    JsonOut stringMap(String name, Map<String, String> values) {
        name(name).beginObject();
        for (var e : values.entrySet()) field(e.getKey(), e.getValue());
        return endObject();
    }

    /** Appends an already written JSON value. */
    JsonOut raw(CharSequence json) {
        comma();
        sb.append(json);
        return this;
    }

    @Override
    public String toString() {
        return sb.toString();
    }

    private void comma() {
        if (!first) sb.append(',');
        first = false;
    }

    private void quote(String s) {
        sb.append('"');
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && c != 0x2028 && c != 0x2029) continue;
            sb.append(s, from, i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append("\\u").append(HEX[c >> 12 & 15]).append(HEX[c >> 8 & 15]).append(HEX[c >> 4 & 15]).append(HEX[c & 15]);
            }
            from = i + 1;
        }
        sb.append(s, from, s.length()).append('"');
    }
}
