package forecast.adapters.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A JSON array of rows as it was sent, cell by cell in primitive arrays: each cell's kind, its
 * number (as a double, and exactly when whole), and text only where a check needs it (strings,
 * numbers off the double path, the first column's decimals when asked). No JSON tree is built and
 * no number goes through {@code BigDecimal}; what the rows mean is checked later
 * ({@link DataRows}), so that the checks see the members in their order, not the body's.
 */
final class CellRows {
    static final byte NULL = 0;
    /** A whole number that fits a long: {@link #whole} is exact. */
    static final byte WHOLE = 1;
    /** Any other number: {@link #number} is the nearest double; {@link #text} is kept when needed. */
    static final byte NUMBER = 2;
    static final byte STRING = 3;
    /** A boolean, array or object: {@link #text} describes it. */
    static final byte OTHER = 4;
    /** A first-column string read as an ISO-8601 time on the way ({@link #time}), when asked for exact first columns. */
    static final byte TIME = 5;

    private final String notAnArray;
    private int size;
    private int stored;
    private int[] firstCell;
    private int[] width;
    private final Map<Integer, String> rowDescriptions = new HashMap<>();
    private int cells;
    private byte[] kind;
    private double[] number;
    private long[] whole;
    private String[] text;
    private Instant[] times;

    private CellRows(String notAnArray, int expectedCells) {
        this.notAnArray = notAnArray;
        int n = Math.max(16, expectedCells);
        kind = new byte[n];
        number = new double[n];
        whole = new long[n];
        text = new String[n];
        firstCell = new int[Math.max(8, n / 4)];
        width = new int[firstCell.length];
    }

    /**
     * Reads the value at the parser's current token; rows after the first {@code maxRows} are
     * counted, not kept. {@code exactFirstColumn} reads the first column as timestamps: it keeps the
     * text of numbers that are not whole (epoch seconds with a fraction must be read exactly) and reads
     * the usual ISO-8601 strings straight from the parser's buffer. {@code expectedCells} sizes the
     * arrays (they grow when it was too few).
     */
    static CellRows read(JsonParser p, int maxRows, boolean exactFirstColumn, int expectedCells) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) return new CellRows(StreamedJson.describe(p), 0);
        var rows = new CellRows(null, expectedCells);
        if (exactFirstColumn) rows.times = new Instant[rows.width.length];
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (rows.size++ >= maxRows) {
                p.skipChildren();
                continue;
            }
            rows.row(p, exactFirstColumn);
        }
        return rows;
    }

    private void row(JsonParser p, boolean exactFirstColumn) throws IOException {
        if (stored == width.length) {
            width = Arrays.copyOf(width, stored * 2);
            firstCell = Arrays.copyOf(firstCell, stored * 2);
            if (times != null) times = Arrays.copyOf(times, stored * 2);
        }
        int row = stored++;
        firstCell[row] = cells;
        if (p.currentToken() != JsonToken.START_ARRAY) {
            width[row] = -1;
            rowDescriptions.put(row, StreamedJson.describe(p));
            return;
        }
        int column = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), column++) cell(p, t, row, column == 0 && exactFirstColumn);
        width[row] = column;
    }

    private void cell(JsonParser p, JsonToken t, int row, boolean exact) throws IOException {
        if (cells == kind.length) {
            int n = cells * 2;
            kind = Arrays.copyOf(kind, n);
            number = Arrays.copyOf(number, n);
            whole = Arrays.copyOf(whole, n);
            text = Arrays.copyOf(text, n);
        }
        int c = cells++;
        text[c] = null;
        switch (t) {
            case VALUE_NULL -> kind[c] = NULL;
            case VALUE_NUMBER_INT -> {
                var type = p.getNumberType();
                if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
                    kind[c] = WHOLE;
                    whole[c] = p.getLongValue();
                    number[c] = whole[c];
                } else {
                    number(p, c, exact);
                }
            }
            case VALUE_NUMBER_FLOAT -> number(p, c, exact);
            case VALUE_STRING -> {
                Instant time = exact ? Timestamps.tryParse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength()) : null;
                if (time != null) {
                    kind[c] = TIME;
                    times[row] = time;
                } else {
                    kind[c] = STRING;
                    text[c] = p.getText();
                }
            }
            default -> {
                kind[c] = OTHER;
                text[c] = StreamedJson.describe(p);
            }
        }
    }

    private void number(JsonParser p, int c, boolean exact) throws IOException {
        kind[c] = NUMBER;
        number[c] = p.getDoubleValue();
        if (exact || !Double.isFinite(number[c])) text[c] = p.getText();
    }

    /** Whether the value was JSON {@code null}. */
    boolean isNull() {
        return "null".equals(notAnArray);
    }

    /** Whether the value was an array (of anything). */
    boolean isArray() {
        return notAnArray == null;
    }

    /** What the value was when it was not an array. */
    String description() {
        return notAnArray;
    }

    /** Elements in the array, also those beyond the kept rows. */
    int size() {
        return size;
    }

    /** Row {@code i}'s number of cells, or -1 when the element was not an array. */
    int width(int i) {
        return width[i];
    }

    /** What element {@code i} was when it was not an array. */
    String rowDescription(int i) {
        return rowDescriptions.get(i);
    }

    byte kind(int row, int column) {
        return kind[firstCell[row] + column];
    }

    double number(int row, int column) {
        return number[firstCell[row] + column];
    }

    long whole(int row, int column) {
        return whole[firstCell[row] + column];
    }

    /** Row {@code row}'s first cell, when it is a {@link #TIME}. */
    Instant time(int row) {
        return times[row];
    }

    /** A string cell's text, a kept number's JSON text, or what an {@link #OTHER} cell is. */
    String text(int row, int column) {
        return text[firstCell[row] + column];
    }

    /** What cell ({@code row}, {@code column}) is, worded as {@link Json#describe} words a JSON-P value. */
    String describe(int row, int column) {
        return switch (kind(row, column)) {
            case NULL -> "null";
            case WHOLE -> "the number " + whole(row, column);
            case NUMBER -> "the number " + Json.abbreviate(numberText(row, column));
            case STRING -> "the string \"" + Json.abbreviate(text(row, column)) + "\"";
            case TIME -> "the string \"" + time(row) + "\"";
            default -> text(row, column);
        };
    }

    /** A number cell as JSON-P prints it ({@code 1E+400}). */
    String numberText(int row, int column) {
        if (kind(row, column) == WHOLE) return Long.toString(whole(row, column));
        String t = text(row, column);
        return t == null ? Double.toString(number(row, column)) : StreamedJson.numberText(t);
    }
}
