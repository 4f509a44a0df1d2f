package forecast.adapters.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;

/**
 * Reads a request's timestamps: ISO-8601 strings (with {@code Z} or an offset; a local date-time
 * or a date is taken as UTC) or epoch numbers (seconds, or milliseconds when above 10^11, which
 * as seconds would lie past the year 5000). Years 1 to 9999 only, so that no later date arithmetic
 * overflows.
 */
final class Timestamps {
    static final String EXPECTED = "must be an ISO-8601 date-time such as 2024-01-01T00:00:00Z, a date such as 2024-01-01, or epoch seconds";
    private static final long MIN_SECOND = -62_135_596_800L;   // 0001-01-01T00:00:00Z
    private static final long MAX_SECOND = 253_402_300_799L;   // 9999-12-31T23:59:59Z
    private static final double MILLIS_ABOVE = 1e11;
    private static final BigDecimal MILLIS_ABOVE_BD = BigDecimal.valueOf(100_000_000_000L);

    private Timestamps() {}

    /** Cell ({@code row}, {@code column}) as an instant, or an {@link IllegalArgumentException} saying what is expected. */
    static Instant read(CellRows rows, int row, int column) {
        Instant t = switch (rows.kind(row, column)) {
            case CellRows.TIME -> rows.time(row);
            case CellRows.STRING -> parse(rows.text(row, column));
            case CellRows.WHOLE -> epoch(rows.whole(row, column));
            case CellRows.NUMBER -> epoch(rows.text(row, column));
            default -> throw new IllegalArgumentException(EXPECTED + ", got " + rows.describe(row, column));
        };
        return inRange(t);
    }

    /**
     * A timestamp written as text (a CSV cell, a query parameter): a number is epoch seconds or
     * milliseconds as in JSON, anything else ISO-8601 as {@link #parse} reads it.
     */
    static Instant text(String s) {
        String t = s.strip();
        if (!NUMBER.matcher(t).matches()) return inRange(parse(t));
        if (t.indexOf('.') < 0 && t.indexOf('e') < 0 && t.indexOf('E') < 0 && t.length() < 19) return inRange(epoch(Long.parseLong(t)));
        return inRange(epoch(t));
    }

    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("[+-]?\\d+(\\.\\d*)?([eE][+-]?\\d+)?");

    private static Instant inRange(Instant t) {
        if (t.getEpochSecond() < MIN_SECOND || t.getEpochSecond() > MAX_SECOND)
            throw new IllegalArgumentException("must lie between the years 1 and 9999, got " + t);
        return t;
    }

    /** Whole epoch seconds, or milliseconds when beyond 10^11 either way. */
    private static Instant epoch(long whole) {
        if (whole > MAX_SECOND * 1000 || whole < -MAX_SECOND * 1000)
            throw new IllegalArgumentException("must lie between the years 1 and 9999, got " + whole);
        return Math.abs(whole) > MILLIS_ABOVE ? Instant.ofEpochMilli(whole) : Instant.ofEpochSecond(whole);
    }

    /** An epoch number in JSON text that is not a long: exact decimal arithmetic (rare, so BigDecimal is fine here). */
    private static Instant epoch(String json) {
        BigDecimal exact;
        try {
            exact = new BigDecimal(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(EXPECTED + "; this number is unusable");
        }
        if (exact.abs().compareTo(BigDecimal.valueOf(MAX_SECOND * 1000)) > 0)
            throw new IllegalArgumentException("must lie between the years 1 and 9999, got " + Json.abbreviate(exact.toString()));
        if (exact.signum() == 0 || exact.scale() <= 0 || exact.stripTrailingZeros().scale() <= 0) return epoch(exact.longValue());
        if (exact.abs().compareTo(MILLIS_ABOVE_BD) > 0) exact = exact.movePointLeft(3);
        var seconds = exact.setScale(0, RoundingMode.FLOOR);
        int nanos = exact.subtract(seconds).movePointRight(9).setScale(0, RoundingMode.HALF_EVEN).intValue();
        return Instant.ofEpochSecond(seconds.longValue(), nanos);
    }

    /** ISO-8601 text; the usual shapes are read by hand because this is on every request's path. */
    static Instant parse(String s) {
        try {
            Instant fast = parseCommon(s.toCharArray(), 0, s.length());
            return fast != null ? fast : parseOther(s);
        } catch (DateTimeException | IllegalArgumentException e) {
            throw new IllegalArgumentException(EXPECTED + ", got \"" + Json.abbreviate(s) + "\"");
        }
    }

    /**
     * The instant of the usual ISO shapes in {@code c[from, from + n)}, read without making a
     * String (a request's rows are read this way); null for anything else, valid or not, which
     * {@link #parse} then reads or refuses with its message.
     */
    static Instant tryParse(char[] c, int from, int n) {
        try {
            return parseCommon(c, from, n);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * {@code yyyy-MM-dd}, or {@code yyyy-MM-dd[T ]HH:mm[:ss[.fraction]][Z|±HH:mm|±HHmm|±HH]} in
     * {@code c[from, from + n)}; null for any other shape.
     */
    private static Instant parseCommon(char[] c, int from, int n) {
        if (n < 10 || c[from + 4] != '-' || c[from + 7] != '-') return null;
        int year = digits(c, from, 4), month = digits(c, from + 5, 2), day = digits(c, from + 8, 2);
        if ((year | month | day) < 0) return null;
        if (month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month))
            throw new DateTimeException("no such date");
        long epochDay = epochDay(year, month, day);
        if (n == 10) return Instant.ofEpochSecond(epochDay * 86_400);
        char sep = c[from + 10];
        if ((sep != 'T' && sep != 't' && sep != ' ') || n < 16 || c[from + 13] != ':') return null;
        int hour = digits(c, from + 11, 2), minute = digits(c, from + 14, 2), second = 0, nano = 0;
        if ((hour | minute) < 0) return null;
        int at = 16;
        if (at < n && c[from + at] == ':') {
            if (n < 19 || (second = digits(c, from + 17, 2)) < 0) return null;
            at = 19;
            if (at < n && (c[from + at] == '.' || c[from + at] == ',')) {
                int first = ++at;
                while (at < n && at - first < 9 && Character.isDigit(c[from + at])) at++;
                if (at == first) return null;
                nano = digits(c, from + first, at - first);
                for (int i = at - first; i < 9; i++) nano *= 10;
                if (at < n && Character.isDigit(c[from + at])) return null;
            }
        }
        int offset = 0;
        if (at < n) {
            char z = c[from + at];
            if ((z == 'Z' || z == 'z') && at + 1 == n) offset = 0;
            else if (z == '+' || z == '-') {
                int rest = n - at - 1, oh, om = 0;
                if (rest == 2) oh = digits(c, from + at + 1, 2);
                else if (rest == 4) { oh = digits(c, from + at + 1, 2); om = digits(c, from + at + 3, 2); }
                else if (rest == 5 && c[from + at + 3] == ':') { oh = digits(c, from + at + 1, 2); om = digits(c, from + at + 4, 2); }
                else return null;
                if ((oh | om) < 0) return null;
                offset = (z == '-' ? -1 : 1) * (oh * 3600 + om * 60);
            } else return null;
        }
        if (hour > 23 || minute > 59 || second > 59 || Math.abs(offset) > 18 * 3600) throw new DateTimeException("no such time");
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600 + minute * 60 + second - offset, nano);
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> Year.isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a valid proleptic Gregorian date (H. Hinnant's days_from_civil). */
    private static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    /** Zone ids ({@code 2024-01-01T00:00:00+01:00[Europe/Paris]}) and other ISO shapes java.time knows. */
    private static Instant parseOther(String s) {
        TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parseBest(s, ZonedDateTime::from, LocalDateTime::from);
        return t instanceof ZonedDateTime z ? z.toInstant() : ((LocalDateTime) t).toInstant(ZoneOffset.UTC);
    }

    /** The non-negative number in {@code s[from, from + len)}, or -1 when a character is not a digit. */
    private static int digits(char[] s, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            char c = s[i];
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
