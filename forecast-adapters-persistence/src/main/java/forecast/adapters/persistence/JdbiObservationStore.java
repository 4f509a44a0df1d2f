package forecast.adapters.persistence;

import forecast.domain.observation.ObservationStore;
import forecast.domain.observation.SeriesPage;
import forecast.domain.observation.SeriesRefusedException;
import forecast.domain.observation.SeriesSummary;
import forecast.domain.series.Frequency;
import forecast.domain.series.SeriesId;
import forecast.domain.series.TimeSeries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The observation store in the tables of {@code db/V2__observations.sql}: a row per observed time
 * and a row per known feature value. Only the rows given are stored; the regular history with its
 * gaps is rebuilt when read. An append is one transaction; appends of this process take turns, and
 * one that loses a race with another process is tried again.
 */
final class JdbiObservationStore implements ObservationStore {
    private static final int ATTEMPTS = 5;

    private final Jdbi jdbi;
    private final ReentrantLock writes = new ReentrantLock();

    JdbiObservationStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    private record Header(Frequency frequency, List<String> featureNames) {}

    private record Cell(Instant ts, String name, double value) {}

    @Override
    public void append(SeriesId id, TimeSeries observations) {
        write(h -> append(h, id, observations));
    }

    @Override
    public void appendAll(Map<SeriesId, TimeSeries> series) {
        write(h -> {
            for (var e : series.entrySet()) { // one transaction: a refusal rolls back every series
                try {
                    append(h, e.getKey(), e.getValue());
                } catch (IllegalArgumentException refused) {
                    throw new SeriesRefusedException(e.getKey(), "series " + e.getKey() + ": " + refused.getMessage(), refused);
                }
            }
        });
    }

    private void write(HandleConsumer<RuntimeException> work) {
        writes.lock();
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    jdbi.useTransaction(work);
                    return;
                } catch (JdbiException e) {
                    // another process wrote the same series at the same moment; this one rolled back
                    if (!Sql.isConflict(e) || attempt == ATTEMPTS) throw e;
                }
            }
        } finally {
            writes.unlock();
        }
    }

    private static void append(Handle h, SeriesId id, TimeSeries observations) {
        var header = header(h, id);
        Map<Instant, Double> stored = Map.of();
        if (header.isEmpty()) {
            var frequency = observations.regular().frequency(); // refuses a series too sparse to fill, as a stored one would be
            h.createUpdate("INSERT INTO series (id, frequency, feature_names) VALUES (:id, :frequency, :names)")
                    .bind("id", id.value()).bind("frequency", text(frequency))
                    .bind("names", Sql.array(observations.featureNames())).execute();
        } else {
            stored = storedValues(h, id);
            var frequency = checkedFrequency(header.get(), stored, observations);
            if (header.get().frequency() == null && frequency != null)
                h.createUpdate("UPDATE series SET frequency = :f WHERE id = :id").bind("f", text(frequency)).bind("id", id.value()).execute();
        }
        write(h, id, observations, stored.keySet());
    }

    private static Optional<Header> header(Handle h, SeriesId id) {
        return h.createQuery("SELECT frequency, feature_names FROM series WHERE id = :id").bind("id", id.value())
                .map((rs, ctx) -> new Header(frequency(rs.getString("frequency")), Sql.strings(rs, "feature_names")))
                .findOne();
    }

    /** The stored rows' times and values ({@code NaN} for an explicit gap), by time. */
    private static TreeMap<Instant, Double> storedValues(Handle h, SeriesId id) {
        var rows = new TreeMap<Instant, Double>();
        h.createQuery("SELECT ts, actual FROM observation WHERE series_id = :id").bind("id", id.value())
                .map((rs, ctx) -> Map.entry(Sql.instant(rs, "ts"), Sql.orNaN(rs, "actual")))
                .forEach(e -> rows.put(e.getKey(), e.getValue()));
        return rows;
    }

    /**
     * The frequency of the stored series once {@code incoming} is added, after checking that the
     * two fit together: the same feature columns, and every row on the stored grid. The merge is
     * built as the in-memory store builds it, so that the rules (and messages) are the domain's.
     */
    private static Frequency checkedFrequency(Header stored, Map<Instant, Double> storedValues, TimeSeries incoming) {
        if (!stored.featureNames().equals(incoming.featureNames()))
            throw new IllegalArgumentException("feature columns " + incoming.featureNames() + " differ from the stored series' " + stored.featureNames());
        var rows = new TreeMap<>(storedValues);
        for (int i = 0; i < incoming.size(); i++) {
            double v = incoming.value(i);
            rows.merge(incoming.time(i), v, (old, now) -> Double.isNaN(now) ? old : now);
        }
        var times = new ArrayList<>(rows.keySet());
        var frequency = stored.frequency() != null ? stored.frequency() : incoming.frequency();
        if (frequency != null && times.size() >= 2 && !frequency.fits(times))
            throw new IllegalArgumentException("the rows do not lie on the stored series' " + frequency + " grid: its frequency differs");
        double[] values = rows.values().stream().mapToDouble(Double::doubleValue).toArray();
        return TimeSeries.of(times, values, List.of(), null, frequency).regular().frequency();
    }

    /**
     * Writes the rows of {@code observations}: a new row for a time not {@code stored}; at a stored
     * time, its value and its known feature values replace the stored ones, while a gap or an
     * unknown feature value leaves the stored one as it is.
     */
    private static void write(Handle h, SeriesId id, TimeSeries observations, Set<Instant> stored) {
        var insert = h.prepareBatch("INSERT INTO observation (series_id, ts, actual) VALUES (:id, :ts, :actual)");
        var update = h.prepareBatch("UPDATE observation SET actual = :actual WHERE series_id = :id AND ts = :ts");
        var replaced = h.prepareBatch("DELETE FROM observation_feature WHERE series_id = :id AND ts = :ts AND name = :name");
        var features = h.prepareBatch("INSERT INTO observation_feature (series_id, ts, name, feature_value) VALUES (:id, :ts, :name, :value)");
        var names = observations.featureNames();
        for (int i = 0; i < observations.size(); i++) {
            boolean known = stored.contains(observations.time(i));
            var ts = Sql.utc(observations.time(i));
            double value = observations.value(i);
            if (!known) insert.bind("id", id.value()).bind("ts", ts).bind("actual", Sql.nullable(value)).add();
            else if (!Double.isNaN(value)) update.bind("id", id.value()).bind("ts", ts).bind("actual", value).add();
            for (int j = 0; j < names.size(); j++) {
                double x = observations.feature(i, j);
                if (Double.isNaN(x)) continue;
                if (known) replaced.bind("id", id.value()).bind("ts", ts).bind("name", names.get(j)).add();
                features.bind("id", id.value()).bind("ts", ts).bind("name", names.get(j)).bind("value", x).add();
            }
        }
        for (var batch : List.of(insert, update, replaced, features)) if (batch.size() > 0) batch.execute();
    }

    @Override
    public Optional<TimeSeries> history(SeriesId id) {
        return jdbi.inTransaction(h -> header(h, id).map(header -> read(h, id, header)));
    }

    private static TimeSeries read(Handle h, SeriesId id, Header header) {
        var times = new ArrayList<Instant>();
        var values = new ArrayList<Double>();
        h.createQuery("SELECT ts, actual FROM observation WHERE series_id = :id ORDER BY ts").bind("id", id.value())
                .map((rs, ctx) -> Map.entry(Sql.instant(rs, "ts"), Sql.orNaN(rs, "actual")))
                .forEach(e -> {
                    times.add(e.getKey());
                    values.add(e.getValue());
                });
        var names = header.featureNames();
        double[][] features = new double[times.size()][];
        for (int i = 0; i < features.length; i++) {
            features[i] = new double[names.size()];
            Arrays.fill(features[i], Double.NaN);
        }
        if (!names.isEmpty()) {
            var row = new HashMap<Instant, Integer>();
            for (int i = 0; i < times.size(); i++) row.put(times.get(i), i);
            var column = new HashMap<String, Integer>();
            for (int j = 0; j < names.size(); j++) column.put(names.get(j), j);
            h.createQuery("SELECT ts, name, feature_value FROM observation_feature WHERE series_id = :id").bind("id", id.value())
                    .map((rs, ctx) -> new Cell(Sql.instant(rs, "ts"), rs.getString("name"), rs.getDouble("feature_value")))
                    .forEach(c -> features[row.get(c.ts())][column.get(c.name())] = c.value());
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        return TimeSeries.of(times, v, names, features, header.frequency()).regular();
    }

    @Override
    public List<SeriesId> series() {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM series ORDER BY id").mapTo(String.class).list())
                .stream().map(SeriesId::new).toList();
    }

    @Override
    public Optional<SeriesSummary> summary(SeriesId id) {
        return jdbi.inTransaction(h -> summary(h, id));
    }

    private static Optional<SeriesSummary> summary(Handle h, SeriesId id) {
        return header(h, id).flatMap(header -> h.createQuery("SELECT MIN(ts) AS first_ts, MAX(ts) AS last_ts FROM observation WHERE series_id = :id")
                .bind("id", id.value())
                .map((rs, ctx) -> {
                    Instant first = Sql.instant(rs, "first_ts");
                    return Optional.ofNullable(first == null ? null
                            : SeriesSummary.of(id, header.frequency(), first, Sql.instant(rs, "last_ts"), header.featureNames()));
                })
                .one());
    }

    @Override
    public List<SeriesSummary> summaries(String prefix, String after, int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be >= 1: " + limit);
        // the first and last time come from the primary key's index, one series at a time: no row is read
        String sql = """
                SELECT s.id, s.frequency, s.feature_names,
                       (SELECT MIN(o.ts) FROM observation o WHERE o.series_id = s.id) AS first_ts,
                       (SELECT MAX(o.ts) FROM observation o WHERE o.series_id = s.id) AS last_ts
                  FROM series s
                 WHERE s.id LIKE :prefix ESCAPE '\\' %s
                 ORDER BY s.id
                 LIMIT :limit
                """.formatted(after == null ? "" : "AND s.id > :after");
        return jdbi.inTransaction(h -> {
            var query = h.createQuery(sql).bind("prefix", like(prefix) + "%").bind("limit", limit);
            if (after != null) query.bind("after", after);
            return query.map((rs, ctx) -> {
                Instant first = Sql.instant(rs, "first_ts");
                return first == null ? null : SeriesSummary.of(new SeriesId(rs.getString("id")), frequency(rs.getString("frequency")), first,
                        Sql.instant(rs, "last_ts"), Sql.strings(rs, "feature_names"));
            }).list().stream().filter(Objects::nonNull).toList();
        });
    }

    /** {@code text} matched literally by LIKE: its wildcards and the escape character escaped. */
    private static String like(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    @Override
    public Optional<SeriesPage> page(SeriesId id, long offset, int limit) {
        if (offset < 0 || limit < 1) throw new IllegalArgumentException("offset must be >= 0 and limit >= 1: " + offset + ", " + limit);
        return jdbi.inTransaction(h -> summary(h, id).map(s -> page(h, s, offset, Math.min(limit, Math.max(0, s.length() - offset)))));
    }

    @Override
    public Optional<SeriesPage> page(SeriesId id, Instant from, Instant to, int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be >= 1: " + limit);
        return jdbi.inTransaction(h -> summary(h, id).map(s -> {
            long start = from == null ? 0 : s.indexAtOrAfter(from);
            long end = to == null ? s.length() : s.indexAtOrAfter(to);
            return page(h, s, start, Math.min(limit, Math.max(0, end - start)));
        }));
    }

    /** Rows {@code [offset, offset + n)} of the regular history: the stored rows between their times, the steps without one as gaps. */
    private static SeriesPage page(Handle h, SeriesSummary summary, long offset, long n) {
        if (n == 0) return new SeriesPage(summary, offset, List.of());
        int size = (int) n;
        var names = summary.featureNames();
        double[] values = new double[size];
        double[][] features = new double[size][names.size()];
        Arrays.fill(values, Double.NaN);
        for (double[] f : features) Arrays.fill(f, Double.NaN);
        Instant from = summary.time(offset);
        Instant to = summary.time(offset + n - 1);
        var column = new HashMap<String, Integer>();
        for (int j = 0; j < names.size(); j++) column.put(names.get(j), j);
        h.createQuery("SELECT ts, actual FROM observation WHERE series_id = :id AND ts BETWEEN :from AND :to")
                .bind("id", summary.id().value()).bind("from", Sql.utc(from)).bind("to", Sql.utc(to))
                .map((rs, ctx) -> Map.entry(Sql.instant(rs, "ts"), Sql.orNaN(rs, "actual")))
                .forEach(e -> values[row(summary, offset, e.getKey())] = e.getValue());
        if (!names.isEmpty())
            h.createQuery("SELECT ts, name, feature_value FROM observation_feature WHERE series_id = :id AND ts BETWEEN :from AND :to")
                    .bind("id", summary.id().value()).bind("from", Sql.utc(from)).bind("to", Sql.utc(to))
                    .map((rs, ctx) -> new Cell(Sql.instant(rs, "ts"), rs.getString("name"), rs.getDouble("feature_value")))
                    .forEach(c -> features[row(summary, offset, c.ts())][column.get(c.name())] = c.value());
        var rows = new ArrayList<SeriesPage.Row>(size);
        for (int i = 0; i < size; i++) rows.add(new SeriesPage.Row(summary.time(offset + i), values[i], features[i]));
        return new SeriesPage(summary, offset, rows);
    }

    /** The index in a page from row {@code offset} of the stored row at {@code ts}. */
    private static int row(SeriesSummary summary, long offset, Instant ts) {
        return (int) ((summary.frequency() == null ? 0 : summary.frequency().stepsBetween(summary.firstTime(), ts)) - offset);
    }

    private static String text(Frequency f) {
        return f == null ? null : f.toString();
    }

    private static Frequency frequency(String text) {
        return text == null ? null : Frequency.parse(text);
    }
}
