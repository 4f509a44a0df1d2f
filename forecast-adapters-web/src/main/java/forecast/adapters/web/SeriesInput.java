package forecast.adapters.web;

import com.fasterxml.jackson.core.JsonToken;
import forecast.domain.naming.NameRule;
import forecast.domain.series.Frequency;
import forecast.domain.series.InvalidInputException;
import forecast.domain.series.SeriesId;
import forecast.domain.series.TimeSeries;
import forecast.domain.series.Violation;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the uploads of stored series, JSON or CSV ({@link CsvRows}), into one {@link TimeSeries}
 * per series, every row checked as the {@code data} rows of {@code /predict} are. Members and query
 * parameters a route does not know are refused, naming them and the accepted ones.
 *
 * @param series    the series of the upload, in the order they were sent
 * @param frequency the declared frequency, or null
 * @param named     whether the feature columns were named (a CSV header, {@code feature_names});
 *                  unnamed ones take the stored series' names
 * @param source    how the series were sent, which says how a problem with a whole series is named
 * @param lines     for a CSV, the line of each series' rows
 * @param replace   whether rows may replace stored values ({@code ?replace=true}); otherwise an
 *                  upload only adds rows and fills gaps
 */
record SeriesInput(Map<SeriesId, TimeSeries> series, Frequency frequency, boolean named, Source source, Map<SeriesId, int[]> lines,
                   boolean replace) {
    /** A JSON body of one series ({@code data}), of many ({@code series}), or CSV. */
    enum Source { ONE, MANY, CSV }

    static final String FREQUENCY = "frequency";
    static final String FEATURE_NAMES = "feature_names";
    static final String SERIES = "series";
    static final String REPLACE = "replace";
    /** The query parameters of the writes. */
    static final List<String> WRITE_QUERY = List.of(FREQUENCY, REPLACE);
    private static final List<String> ONE_MEMBERS = List.of(RequestBody.DATA, FREQUENCY, FEATURE_NAMES);
    private static final List<String> MANY_MEMBERS = List.of(SERIES, FREQUENCY, FEATURE_NAMES);
    private static final String MEDIA_TYPES = "application/json or text/csv";

    SeriesInput {
        series = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(series));
        lines = Map.copyOf(lines);
    }

    /**
     * Where cell ({@code row}, {@code column}) of series {@code id} was sent, column 1 the value and
     * 2 on the features: {@code data[3][1]}, {@code series.a[3][1]} or {@code line 12, column value}.
     */
    String cell(SeriesId id, int row, int column) {
        return switch (source) {
            case ONE -> RequestBody.DATA + "[" + row + "][" + column + "]";
            case MANY -> SERIES + "." + id + "[" + row + "][" + column + "]";
            case CSV -> "line " + lines.get(id)[row] + ", column " + (column == 1 ? CsvRows.VALUE : series.get(id).featureNames().get(column - 2));
        };
    }

    /** The field a problem with series {@code id} as a whole names: {@code data}, {@code series.<id>} or the CSV's {@code body}. */
    String field(SeriesId id) {
        return switch (source) {
            case ONE -> RequestBody.DATA;
            case MANY -> SERIES + "." + id;
            case CSV -> "body";
        };
    }

    /**
     * {@code PUT /series/{id}}: {@code {"data": [[timestamp, value, feature...], ...], "frequency"?, "feature_names"?}}
     * or a CSV {@code timestamp,value[,feature...]}.
     *
     * @throws ProblemException 400 naming every field at fault, 413 over the row limit, 415 for another media type
     */
    static SeriesInput one(SeriesId id, String contentType, Map<String, String> query, byte[] body, WebSettings settings) {
        Frequency queried = queryFrequency(query);
        if (CsvRows.isCsv(contentType)) {
            var csv = CsvRows.read(body, settings.maxHistory(), queried);
            if (csv.shape() == CsvRows.Shape.LONG)
                throw new ProblemException(Problem.invalid("line 1", "has a series_id column: a CSV of many series goes to POST /series; "
                        + "PUT /series/" + id + " takes timestamp,value[,feature...]"));
            return new SeriesInput(Map.of(id, csv.only()), queried, true, Source.CSV, Map.of(id, csv.lines().get(SeriesId.DEFAULT)), replace(query));
        }
        requireJson(contentType);
        var request = RequestBody.object(body, false, settings);
        JsonObject o = request.members();
        var errors = new ArrayList<Violation>();
        var sent = new ArrayList<>(o.keySet());
        if (request.futureFeatures() != null) sent.add(RequestBody.FUTURE_FEATURES);
        unknown(sent, ONE_MEMBERS, "member of this request", errors);
        Frequency frequency = frequency(o, queried, errors);
        List<String> names = names(o.get(FEATURE_NAMES), errors);
        var rows = DataRows.read(request.data(), settings.maxHistory(), errors);
        if (!errors.isEmpty()) throw new ProblemException(Problem.invalid(errors));
        var series = series(rows, names, frequency, RequestBody.DATA, errors);
        if (!errors.isEmpty()) throw new ProblemException(Problem.invalid(errors));
        return new SeriesInput(Map.of(id, series), frequency, names != null, Source.ONE, Map.of(), replace(query));
    }

    /**
     * {@code POST /series}: {@code {"series": {"id": [[timestamp, value, feature...], ...], ...}, "frequency"?, "feature_names"?}}
     * or a CSV {@code series_id,timestamp,value[,feature...]}.
     *
     * @throws ProblemException 400 naming every field at fault, 413 over the row limit, 415 for another media type
     */
    static SeriesInput many(String contentType, Map<String, String> query, byte[] body, WebSettings settings) {
        Frequency queried = queryFrequency(query);
        if (CsvRows.isCsv(contentType)) {
            var csv = CsvRows.read(body, settings.maxHistory(), queried);
            if (csv.shape() == CsvRows.Shape.WIDE)
                throw new ProblemException(Problem.invalid("line 1", "has no series_id column: a CSV of many series is series_id,timestamp,value[,feature...]; "
                        + "a CSV of one series goes to PUT /series/{id}"));
            return new SeriesInput(csv.series(), queried, true, Source.CSV, csv.lines(), replace(query));
        }
        requireJson(contentType);
        var read = StreamedJson.read(body, p -> Many.read(p, settings.maxHistory()));
        var errors = new ArrayList<Violation>();
        unknown(read.members().keySet(), MANY_MEMBERS, "member of this request", errors);
        Frequency frequency = frequency(read.members(), queried, errors);
        List<String> names = names(read.members().get(FEATURE_NAMES), errors);
        errors.addAll(read.errors());
        if (read.series() == null && !read.seriesSent()) errors.add(new Violation(SERIES, "is required: an object of series ids and their rows [[timestamp, value, feature...], ...]"));
        else if (read.series() != null && read.series().isEmpty()) errors.add(new Violation(SERIES, "must name at least one series"));
        var out = new LinkedHashMap<SeriesId, TimeSeries>();
        if (read.series() != null) {
            for (var e : read.series().entrySet()) {
                if (errors.size() >= 50) break;
                String field = SERIES + "." + e.getKey();
                SeriesId id;
                try {
                    id = new SeriesId(e.getKey());
                } catch (IllegalArgumentException bad) {
                    errors.add(new Violation(SERIES + "." + Json.abbreviate(e.getKey()), "is not a series id: " + NameRule.NAME.description()));
                    continue;
                }
                var rowErrors = new ArrayList<Violation>();
                DataRows rows;
                try {
                    rows = DataRows.read(e.getValue(), settings.maxHistory(), rowErrors);
                } catch (ProblemException tooMany) {
                    throw new ProblemException(Problem.tooLarge(field, tooMany.problem().errors().get(0).message()));
                }
                errors.addAll(renamed(rowErrors, field));
                if (rows != null) {
                    var series = series(rows, names, frequency, field, errors);
                    if (series != null) out.put(id, series);
                }
            }
        }
        if (!errors.isEmpty()) throw new ProblemException(Problem.invalid(errors));
        return new SeriesInput(out, frequency, names != null, Source.MANY, Map.of(), replace(query));
    }

    /** The rows as a series with {@code names} and at {@code frequency}; null with errors naming {@code field}. */
    private static TimeSeries series(DataRows rows, List<String> names, Frequency frequency, String field, List<Violation> errors) {
        if (names != null && names.size() != rows.featureCount()) {
            errors.add(new Violation(FEATURE_NAMES, "has " + names.size() + " names but the rows of " + field + " have " + rows.featureCount() + " feature values"));
            return null;
        }
        try {
            var series = rows.series();
            if (names != null) series = series.withFeatureNames(names);
            return frequency == null ? series : series.withFrequency(frequency);
        } catch (InvalidInputException e) {
            errors.addAll(renamed(e.violations(), field));
            return null;
        }
    }

    /** Violations about {@code data} (as {@link DataRows} and {@link TimeSeries} name them) named after {@code field}. */
    private static List<Violation> renamed(List<Violation> violations, String field) {
        if (field.equals(RequestBody.DATA)) return violations;
        return violations.stream().map(v -> v.field().startsWith(RequestBody.DATA)
                ? new Violation(field + v.field().substring(RequestBody.DATA.length()), v.message()) : v).toList();
    }

    /** The frequency of the body's member or the query parameter (not both). */
    private static Frequency frequency(JsonObject o, Frequency queried, List<Violation> errors) {
        Frequency member = RequestFields.frequency(o, errors);
        if (member != null && queried != null) errors.add(new Violation(FREQUENCY, "is given both in the body and as a query parameter; give it once"));
        return member != null ? member : queried;
    }

    /** The query parameter {@code frequency}, or null; other parameters are refused. */
    private static Frequency queryFrequency(Map<String, String> query) {
        var errors = new ArrayList<Violation>();
        unknown(query.keySet(), WRITE_QUERY, "query parameter of this route", errors);
        String text = query.get(FREQUENCY);
        Frequency frequency = null;
        if (text != null) {
            try {
                frequency = Frequency.parse(text.strip());
            } catch (DateTimeParseException | IllegalArgumentException e) {
                errors.add(new Violation(FREQUENCY, "must be an ISO-8601 period such as PT1H, PT30M, P1D, P1M, P3M or P1Y, got '" + Json.abbreviate(text) + "'"));
            }
        }
        if (!errors.isEmpty()) throw new ProblemException(Problem.invalid(errors));
        return frequency;
    }

    /** The query parameter {@code replace}: true or false (the default). */
    private static boolean replace(Map<String, String> query) {
        String text = query.get(REPLACE);
        if (text == null || text.strip().equalsIgnoreCase("false")) return false;
        if (text.strip().equalsIgnoreCase("true")) return true;
        throw new ProblemException(Problem.invalid(REPLACE, "must be true or false, got '" + Json.abbreviate(text) + "'"));
    }

    /** Optional distinct, non-blank names of the feature columns. */
    private static List<String> names(JsonValue v, List<Violation> errors) {
        if (RequestFields.absent(v)) return null;
        if (!(v instanceof JsonArray a)) {
            errors.add(new Violation(FEATURE_NAMES, "must be an array of the feature columns' names, got " + Json.describe(v)));
            return null;
        }
        var names = new ArrayList<String>();
        var seen = new HashSet<String>();
        for (int i = 0; i < a.size(); i++) {
            String field = FEATURE_NAMES + "[" + i + "]";
            if (!(a.get(i) instanceof JsonString s) || s.getString().isBlank()) errors.add(new Violation(field, "must be a name (a non-blank string), got " + Json.describe(a.get(i))));
            else if (!seen.add(s.getString())) errors.add(new Violation(field, "\"" + Json.abbreviate(s.getString()) + "\" is given twice"));
            else names.add(s.getString());
        }
        return names.size() == a.size() ? names : null;
    }

    /** Adds a violation for each of {@code sent} that is not {@code accepted}. */
    static void unknown(Collection<String> sent, List<String> accepted, String what, List<Violation> errors) {
        for (String name : sent) {
            if (!accepted.contains(name))
                errors.add(new Violation(Json.abbreviate(name), "is not a " + what + "; accepted: " + String.join(", ", accepted)));
        }
    }

    /**
     * Refuses a media type that is neither JSON nor CSV with 415. No type, and the form type
     * {@code curl -d} sends, read as JSON, as everywhere else in the API.
     */
    private static void requireJson(String contentType) {
        if (contentType == null) return;
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(java.util.Locale.ROOT);
        if (type.isEmpty() || type.equals("application/json") || type.endsWith("+json") || type.equals("application/x-www-form-urlencoded")) return;
        throw new ProblemException(unsupported(contentType, "this route reads " + MEDIA_TYPES
                + "; send a CSV file as the body with Content-Type: text/csv (curl --data-binary @file.csv -H 'Content-Type: text/csv')"));
    }

    /** A 415 problem naming the {@code Content-Type} sent. */
    static Problem unsupported(String contentType, String message) {
        var field = new Violation("Content-Type", message);
        return new Problem(415, "/problems/unsupported-media-type", "Unsupported media type",
                "Content-Type " + Json.abbreviate(contentType) + " is not accepted: " + message, List.of(field));
    }

    /** A {@code POST /series} JSON body as read in one pass: each series' rows streamed into {@link CellRows}. */
    private record Many(JsonObject members, Map<String, CellRows> series, boolean seriesSent, List<Violation> errors) {
        static Many read(com.fasterxml.jackson.core.JsonParser p, int maxRows) throws java.io.IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) throw new ProblemException(Problem.invalid("body", "must be a JSON object"));
            JsonObjectBuilder members = StreamedJson.JSONP.createObjectBuilder();
            Map<String, CellRows> series = null;
            boolean sent = false;
            var errors = new ArrayList<Violation>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (!name.equals(SERIES)) {
                    members.add(name, StreamedJson.tree(p));
                    continue;
                }
                sent = true;
                if (p.currentToken() == JsonToken.VALUE_NULL) {
                    series = null;
                    sent = false;
                } else if (p.currentToken() == JsonToken.START_OBJECT) {
                    series = new LinkedHashMap<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String id = p.currentName();
                        p.nextToken();
                        if (series.put(id, CellRows.read(p, maxRows, true, 64)) != null)
                            errors.add(new Violation(SERIES + "." + Json.abbreviate(id), "is given twice"));
                    }
                } else {
                    errors.add(new Violation(SERIES, "must be an object of series ids and their rows, got " + StreamedJson.describe(p)));
                    series = null;
                }
            }
            return new Many(members.build(), series, sent, errors);
        }
    }
}
