package forecast.adapters.web;

import forecast.domain.naming.NameRule;
import forecast.domain.observation.ObservationStore;
import forecast.domain.observation.SeriesPage;
import forecast.domain.observation.SeriesRefusedException;
import forecast.domain.observation.SeriesSummary;
import forecast.domain.series.InvalidInputException;
import forecast.domain.series.SeriesId;
import forecast.domain.series.TimeSeries;
import forecast.domain.series.Violation;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Stored series: {@code PUT /series/{id}} creates or extends one, {@code POST /series} many at
 * once (all or none), from JSON or CSV ({@link SeriesInput}); {@code GET /series} lists their
 * summaries and {@code GET /series/{id}} reads one's rows a page at a time. Rows at times a series
 * already has replace the stored ones, as corrected actuals do; nothing else is ever removed.
 */
final class SeriesRoutes {
    static final int DEFAULT_PAGE = 1_000;
    static final int MAX_PAGE = 10_000;
    static final int DEFAULT_LIST = 100;
    static final int MAX_LIST = 1_000;
    private static final Pattern ONE = Pattern.compile("/series/[^/]+");
    private static final List<String> LIST_QUERY = List.of("prefix", "after", "limit");
    private static final List<String> PAGE_QUERY = List.of("offset", "limit", "from", "to");
    private static final String MISMATCH = "/problems/series-mismatch";

    private final ObservationStore store;
    private final WebSettings settings;

    SeriesRoutes(ObservationStore store, WebSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    /** The methods a path of these routes allows, for a 405; null when none of them has the path. */
    static String allowed(String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (p.equals("/series")) return "GET, POST";
        if (ONE.matcher(p).matches()) return "GET, PUT";
        return null;
    }

    /** The 415 of a JSON-only route sent CSV: where CSV is accepted. */
    static Problem csvNotHere(String contentType, String path) {
        return SeriesInput.unsupported(contentType, Json.abbreviate(path) + " reads JSON; CSV is accepted at PUT /series/{id} (one series) "
                + "and POST /series (many), which store it for training by series_id, and at POST /models/{model}/train (a long CSV to train one version on)");
    }

    /** Creates or extends series {@code id}: 201 with its summary when created, else 200; {@code appended} counts the rows sent. */
    Reply put(String id, String contentType, Map<String, String> query, byte[] body) {
        SeriesId seriesId;
        try {
            seriesId = new SeriesId(id);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.invalid("id", NameRule.NAME.problem(id) + ", got '"
                    + Json.abbreviate(id) + "'"));
        }
        var stored = store(SeriesInput.one(seriesId, contentType, query, body, settings));
        var only = stored.get(0);
        var out = SeriesJson.summary(new JsonOut(512).beginObject(), only.summary())
                .field("appended", only.appended()).field("created", only.created()).endObject();
        return new Reply(only.created() ? 201 : 200, out.toString(), false, null);
    }

    /** Creates or extends every series of the body, all or none: 201 when one was created, else 200; each series' summary, by id. */
    Reply post(String contentType, Map<String, String> query, byte[] body) {
        var stored = store(SeriesInput.many(contentType, query, body, settings));
        var out = new JsonOut(256 + 384 * stored.size()).beginObject().name("series").beginArray();
        boolean created = false;
        for (var s : stored.stream().sorted(Comparator.comparing(s -> s.summary().id().value())).toList()) {
            SeriesJson.summary(out.beginObject(), s.summary()).field("appended", s.appended()).field("created", s.created()).endObject();
            created |= s.created();
        }
        return new Reply(created ? 201 : 200, out.endArray().endObject().toString(), false, null);
    }

    record Stored(SeriesSummary summary, int appended, boolean created) {}

    /**
     * Checks every series against its stored one (frequency, feature columns), then appends them
     * all in one write. Unnamed feature columns take the stored names.
     *
     * @throws ProblemException 409 naming each series that does not fit its stored one (400 when it is new)
     */
    List<Stored> store(SeriesInput input) {
        var errors = new ArrayList<Violation>();
        var before = new LinkedHashMap<SeriesId, Optional<SeriesSummary>>();
        var fitted = new LinkedHashMap<SeriesId, TimeSeries>();
        for (var e : input.series().entrySet()) {
            var id = e.getKey();
            var series = e.getValue();
            var stored = store.summary(id);
            before.put(id, stored);
            if (stored.isPresent()) {
                var s = stored.get();
                if (input.frequency() != null && s.frequency() != null && !input.frequency().equals(s.frequency()))
                    errors.add(new Violation(SeriesInput.FREQUENCY, "is " + input.frequency() + " but series " + id + " is stored at " + s.frequency()));
                if (!input.named() && s.featureNames().size() == series.featureCount()) series = series.withFeatureNames(s.featureNames());
                if (!series.featureNames().equals(s.featureNames()))
                    errors.add(new Violation(input.field(id), (input.source() == SeriesInput.Source.ONE ? "" : "series " + id + ": ")
                            + "has the feature columns " + series.featureNames() + " but the stored series has " + s.featureNames()
                            + "; rows added to it need the same columns in the same order"));
            }
            fitted.put(id, series);
            if (stored.isPresent() && errors.isEmpty() && !input.replace()) changes(input, id, stored.get(), series, errors);
        }
        if (!errors.isEmpty()) throw new ProblemException(mismatch(409, errors));
        try {
            store.appendAll(fitted);
        } catch (SeriesRefusedException e) {
            String reason = e.getCause() instanceof InvalidInputException bad ? bad.violations().get(0).message()
                    : e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
            boolean existed = before.getOrDefault(e.series(), Optional.empty()).isPresent();
            String message = (input.source() == SeriesInput.Source.ONE ? "" : "series " + e.series() + ": ") + reason;
            throw new ProblemException(mismatch(existed ? 409 : 400, List.of(new Violation(input.field(e.series()), message))));
        }
        var out = new ArrayList<Stored>(fitted.size());
        for (var e : fitted.entrySet())
            out.add(new Stored(store.summary(e.getKey()).orElseThrow(), e.getValue().size(), before.get(e.getKey()).isEmpty()));
        return out;
    }

    /**
     * Adds a violation for each value of {@code series} that would replace a different stored
     * one: without {@code ?replace=true} an upload only adds rows and fills gaps, so that a mistaken
     * file cannot overwrite what is stored. The stored rows are read over the upload's span only.
     */
    private void changes(SeriesInput input, SeriesId id, SeriesSummary stored, TimeSeries series, List<Violation> errors) {
        Instant first = series.firstTime();
        Instant end = series.lastTime().plusNanos(1);
        long overlap = stored.indexAtOrAfter(end) - stored.indexAtOrAfter(first);
        if (overlap <= 0) return;
        var page = store.page(id, first, end, (int) Math.min(Integer.MAX_VALUE, overlap)).orElseThrow();
        var rows = new java.util.HashMap<Instant, SeriesPage.Row>();
        for (var row : page.rows()) rows.put(row.time(), row);
        for (int i = 0; i < series.size() && errors.size() < 50; i++) {
            var row = rows.get(series.time(i));
            if (row == null) continue;
            differs(input, id, i, 1, row.time(), row.value(), series.value(i), errors);
            double[] features = row.features();
            for (int j = 0; j < features.length; j++) differs(input, id, i, 2 + j, row.time(), features[j], series.feature(i, j), errors);
        }
    }

    private static void differs(SeriesInput input, SeriesId id, int row, int column, Instant at, double stored, double sent, List<Violation> errors) {
        if (Double.isNaN(stored) || Double.isNaN(sent) || stored == sent) return;
        errors.add(new Violation(input.cell(id, row, column), sent + " differs from the value stored at " + at + " (" + stored
                + "); an upload adds rows and fills gaps but changes no stored value unless sent with ?replace=true"));
    }

    private static Problem mismatch(int status, List<Violation> errors) {
        var first = errors.get(0);
        String detail = first.field() + ": " + first.message() + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "");
        return status == 409 ? new Problem(409, MISMATCH, "Rows do not fit the stored series", detail, errors) : Problem.invalid(errors);
    }

    /** The stored series' summaries by id: {@code ?prefix=}, {@code ?after=} (an id) and {@code ?limit=}; {@code next} when there are more. */
    Reply list(Map<String, String> query) {
        refuseUnknown(query, LIST_QUERY);
        String prefix = query.getOrDefault("prefix", "");
        String after = query.get("after");
        int limit = (int) whole(query.get("limit"), "limit", 1, MAX_LIST, DEFAULT_LIST);
        var found = store.summaries(prefix, after, limit + 1);
        var out = new JsonOut(128 + 320 * Math.min(limit, found.size())).beginObject().name("series").beginArray();
        for (var s : found.subList(0, Math.min(limit, found.size()))) SeriesJson.summary(out.beginObject(), s).endObject();
        out.endArray();
        if (found.size() > limit)
            out.field("next", "/series?" + (prefix.isEmpty() ? "" : "prefix=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8) + "&")
                    + "after=" + found.get(limit - 1).id() + "&limit=" + limit);
        return Reply.ok(out.endObject());
    }

    /**
     * One series' summary and rows: {@code ?offset=&limit=} (rows of its regular history) or
     * {@code ?from=&to=} (times, {@code to} excluded), at most {@code limit} rows; {@code next} reads
     * the following page. 404 when no such series is stored.
     */
    Reply one(String id, Map<String, String> query) {
        refuseUnknown(query, PAGE_QUERY);
        var errors = new ArrayList<Violation>();
        boolean byTime = query.containsKey("from") || query.containsKey("to");
        if (byTime && query.containsKey("offset"))
            errors.add(new Violation("offset", "cannot be combined with from or to: page by row numbers or by times"));
        long offset = whole(query.get("offset"), "offset", 0, Integer.MAX_VALUE, 0);
        int limit = (int) whole(query.get("limit"), "limit", 1, MAX_PAGE, DEFAULT_PAGE);
        Instant from = time(query.get("from"), "from", errors);
        Instant to = time(query.get("to"), "to", errors);
        if (!errors.isEmpty()) throw new ProblemException(Problem.invalid(errors));
        SeriesId seriesId = known(id);
        var page = (byTime ? store.page(seriesId, from, to, limit) : store.page(seriesId, offset, limit)).orElseThrow(() -> unknown(id));
        var out = SeriesJson.summary(new JsonOut(512 + 48 * page.rows().size()).beginObject(), page.summary())
                .field("offset", page.offset())
                .name("rows");
        SeriesJson.rows(out, page);
        String next = next(page, limit, byTime ? to : null, byTime);
        if (next != null) out.field("next", next);
        return Reply.ok(out.endObject());
    }

    /** The href of the page after {@code page}, or null when it held the last row asked for. */
    private static String next(SeriesPage page, int limit, Instant to, boolean byTime) {
        long following = page.offset() + page.rows().size();
        if (page.rows().size() < limit || following >= page.summary().length()) return null;
        String base = "/series/" + page.summary().id() + "?";
        if (!byTime) return base + "offset=" + following + "&limit=" + limit;
        Instant at = page.summary().time(following);
        if (to != null && !at.isBefore(to)) return null;
        return base + "from=" + at + (to == null ? "" : "&to=" + to) + "&limit=" + limit;
    }

    private static SeriesId known(String id) {
        try {
            return new SeriesId(id);
        } catch (IllegalArgumentException e) {
            throw unknown(id); // no stored series has such an id
        }
    }

    private static ProblemException unknown(String id) {
        return new ProblemException(Problem.of(404, "unknown-series", "Unknown series", "no series is stored with id " + Json.abbreviate(id)));
    }

    private static void refuseUnknown(Map<String, String> query, List<String> accepted) {
        var errors = new ArrayList<Violation>();
        SeriesInput.unknown(query.keySet(), accepted, "query parameter of this route", errors);
        if (!errors.isEmpty()) throw new ProblemException(Problem.invalid(errors));
    }

    /** A whole-number query parameter in {@code [min, max]}; {@code dflt} when absent. */
    private static long whole(String text, String name, long min, long max, long dflt) {
        if (text == null) return dflt;
        try {
            long n = Long.parseLong(text.strip());
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ProblemException(Problem.invalid(name, "must be a whole number from " + min + " to " + max + ", got '" + Json.abbreviate(text) + "'"));
    }

    private static Instant time(String text, String name, List<Violation> errors) {
        if (text == null) return null;
        try {
            return Timestamps.text(text);
        } catch (IllegalArgumentException e) {
            // an offset's + arrives as a space unless the client encoded it (%2B)
            int space = text.indexOf(' ', 11);
            if (space > 0) {
                try {
                    return Timestamps.text(text.substring(0, space) + "+" + text.substring(space + 1));
                } catch (IllegalArgumentException again) {
                    // the first message is the one to give
                }
            }
            errors.add(new Violation(name, e.getMessage()));
            return null;
        }
    }
}
