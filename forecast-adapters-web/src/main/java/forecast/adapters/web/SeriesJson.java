package forecast.adapters.web;

import forecast.domain.observation.SeriesPage;
import forecast.domain.observation.SeriesSummary;

/** Stored series as JSON: a summary's members, and a page's rows {@code [timestamp, value, feature...]} (gaps and unknowns null). */
final class SeriesJson {
    private SeriesJson() {}

    /**
     * The summary's members into an open object: {@code id}, {@code href}, {@code frequency} (ISO-8601,
     * null while the series has one time), {@code first_timestamp}, {@code last_timestamp},
     * {@code length} (rows of the regular history, gaps included) and {@code feature_names}.
     */
    static JsonOut summary(JsonOut out, SeriesSummary s) {
        return out.field("id", s.id().value())
                .field("href", "/series/" + s.id().value())
                .field("frequency", s.frequency() == null ? null : s.frequency().toString())
                .field("first_timestamp", s.firstTime())
                .field("last_timestamp", s.lastTime())
                .field("length", s.length())
                .strings("feature_names", s.featureNames());
    }

    /** The page's rows as an array of {@code [timestamp, value, feature...]}. */
    static JsonOut rows(JsonOut out, SeriesPage page) {
        out.beginArray();
        for (var row : page.rows()) {
            out.beginArray().value(row.time()).value(row.value());
            for (double f : row.features()) out.value(f);
            out.endArray();
        }
        return out.endArray();
    }
}
