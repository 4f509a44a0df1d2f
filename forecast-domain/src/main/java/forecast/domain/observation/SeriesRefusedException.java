package forecast.domain.observation;

import forecast.domain.series.SeriesId;

/**
 * Rows that a stored series cannot take, and which series refused them: other feature columns,
 * rows off its frequency's grid, or too sparse to fill. Thrown by
 * {@link ObservationStore#appendAll} so that a caller storing many series can say which one.
 */
public final class SeriesRefusedException extends IllegalArgumentException {
    private final transient SeriesId series;

    public SeriesRefusedException(SeriesId series, String message, Throwable cause) {
        super(message, cause);
        this.series = series;
    }

    /** The series that refused its rows. */
    public SeriesId series() {
        return series;
    }
}
