package forecast.domain.series;

/** The name of a stored series, such as {@code default} or a customer's meter id. */
public record SeriesId(String value) {
    public static final SeriesId DEFAULT = new SeriesId("default");

    public SeriesId {
        if (value == null || !value.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}"))
            throw new IllegalArgumentException("series id must be 1-128 letters, digits or . _ : - : " + value);
    }

    @Override
    public String toString() {
        return value;
    }
}
