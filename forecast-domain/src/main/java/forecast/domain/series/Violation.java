package forecast.domain.series;

/**
 * One thing wrong with an input, and where. {@code field} uses the request's own shape:
 * {@code data[3][0]} is the timestamp of row 3, {@code data[3][1]} its value and
 * {@code data[3][2]} its first extra feature; other fields are named as in the request
 * ({@code forecast_horizon}, {@code model_version}).
 */
public record Violation(String field, String message) {
    public Violation {
        if (field == null || field.isBlank()) throw new IllegalArgumentException("field is required");
        if (message == null || message.isBlank()) throw new IllegalArgumentException("message is required");
    }

    public static Violation row(int row, int column, String message) {
        return new Violation("data[" + row + "][" + column + "]", message);
    }
}
