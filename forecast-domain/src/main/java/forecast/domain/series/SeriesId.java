package forecast.domain.series;

import forecast.domain.naming.NameRule;

/** The name of a stored series, such as {@code default} or a customer's meter id ({@link NameRule#NAME}). */
public record SeriesId(String value) {
    public static final SeriesId DEFAULT = new SeriesId("default");

    public SeriesId {
        NameRule.NAME.check("series id", value);
    }

    @Override
    public String toString() {
        return value;
    }
}
