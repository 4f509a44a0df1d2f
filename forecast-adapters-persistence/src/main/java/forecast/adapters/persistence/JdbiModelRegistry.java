package forecast.adapters.persistence;

import forecast.domain.evaluation.BacktestMetrics;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.registry.Artifact;
import forecast.domain.registry.DeploymentAction;
import forecast.domain.registry.DeploymentEvent;
import forecast.domain.registry.DuplicateVersionException;
import forecast.domain.registry.ModelNames;
import forecast.domain.registry.ModelRegistry;
import forecast.domain.registry.ModelVersion;
import forecast.domain.registry.NewModelVersion;
import forecast.domain.registry.Provenance;
import forecast.domain.registry.SeriesMetrics;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The model registry in the tables of {@code db/V1__model_registry.sql} (named models since V6,
 * the notes of a version's provenance in {@code model_note} since V8). Each write is one
 * transaction. Writers of this process take turns (registrations are rare); the table keys keep
 * other processes sharing the database honest, and a registration that loses a key race to one of
 * them is retried.
 */
final class JdbiModelRegistry implements ModelRegistry {
    /** Of registrations racing from several processes, one wins each round; the others look again. */
    private static final int ATTEMPTS = 25;

    private static final String SELECT_VERSION = """
            SELECT v.*, a.sha256, a.size
              FROM model_version v JOIN model_artifact a ON a.version_id = v.id
            """;

    private final Jdbi jdbi;
    private final Clock clock;
    private final ReentrantLock writes = new ReentrantLock();
    private Instant lastCreated = Instant.MIN; // guarded by writes

    JdbiModelRegistry(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public ModelVersion register(NewModelVersion version, byte[] artifact) {
        return register(version, artifact, null);
    }

    @Override
    public Optional<ModelVersion> registeredBy(String job) {
        return jdbi.withHandle(h -> complete(h, h.createQuery(SELECT_VERSION + " WHERE v.job_id = :job").bind("job", job).map(ROW).findFirst()));
    }

    @Override
    public ModelVersion register(NewModelVersion version, byte[] artifact, String job) {
        var bytes = artifact.clone();
        var sha256 = Artifact.sha256(bytes);
        writes.lock();
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    var created = nextCreatedAt();
                    var stored = jdbi.inTransaction(h -> {
                        // the job's version, if it registered one already (a job taken again after a crash)
                        var earlier = job == null ? Optional.<ModelVersion>empty()
                                : complete(h, h.createQuery(SELECT_VERSION + " WHERE v.job_id = :job").bind("job", job).map(ROW).findFirst());
                        return earlier.isPresent() ? earlier.get() : insert(h, version, bytes, sha256, created, job);
                    });
                    lastCreated = created;
                    return stored;
                } catch (JdbiException e) {
                    // another process took the id (or the label) first: look again, after a pause
                    // that keeps two busy replicas from colliding in step
                    if (!Sql.isConflict(e) || attempt == ATTEMPTS) throw e;
                    pause(attempt);
                }
            }
        } finally {
            writes.unlock();
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(1, 2 + 2 * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while registering a model version", e);
        }
    }

    /** Microseconds (what PostgreSQL keeps too), strictly increasing within this process so that list order is registration order. */
    private Instant nextCreatedAt() {
        var now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return now.isAfter(lastCreated) ? now : lastCreated.plus(1, ChronoUnit.MICROS);
    }

    private static ModelVersion insert(Handle h, NewModelVersion version, byte[] bytes, String sha256, Instant created, String job) {
        var label = version.label();
        if (label != null && labelTaken(h, version.model(), label)) throw new DuplicateVersionException(label);
        long n = h.createQuery("SELECT COUNT(*) FROM model_version WHERE algorithm = :a").bind("a", version.algorithm())
                .mapTo(Long.class).one() + 1;
        // An earlier label may already read like the next id; skip it rather than fail the innocent caller.
        while (taken(h, version.algorithm() + "_v" + n)) n++;
        var stored = new ModelVersion(version.model(), version.algorithm() + "_v" + n, label, version.algorithm(), version.hyperparameters(),
                version.metrics(), version.provenance(), sha256, bytes.length, created, version.series());
        insertVersion(h, stored);
        if (job != null) h.createUpdate("UPDATE model_version SET job_id = :job WHERE id = :id").bind("job", job).bind("id", stored.id()).execute();
        var params = h.prepareBatch("INSERT INTO model_hyperparameter (version_id, name, setting) VALUES (:id, :name, :setting)");
        stored.hyperparameters().sorted().forEach((name, setting) -> params.bind("id", stored.id()).bind("name", name).bind("setting", setting).add());
        if (params.size() > 0) params.execute();
        var libraries = h.prepareBatch("INSERT INTO model_library (version_id, name, version) VALUES (:id, :name, :version)");
        new TreeMap<>(stored.provenance().libraries()).forEach((name, v) -> libraries.bind("id", stored.id()).bind("name", name).bind("version", v).add());
        if (libraries.size() > 0) libraries.execute();
        var notes = h.prepareBatch("INSERT INTO model_note (version_id, name, note) VALUES (:id, :name, :note)");
        new TreeMap<>(stored.provenance().notes()).forEach((name, note) -> notes.bind("id", stored.id()).bind("name", name).bind("note", note).add());
        if (notes.size() > 0) notes.execute();
        if (!stored.series().isEmpty()) {
            var series = h.prepareBatch("INSERT INTO model_version_series (version_id, series_id, " + MetricsColumns.NAMES
                    + ", observations, data_from, data_to) VALUES (:id, :series, " + MetricsColumns.PARAMETERS + ", :observations, :from, :to)");
            for (var m : stored.series()) {
                MetricsColumns.bind(series, m.metrics()).bind("id", stored.id()).bind("series", m.seriesId()).bind("observations", m.observations())
                        .bind("from", Sql.utc(m.dataFrom())).bind("to", Sql.utc(m.dataTo())).add();
            }
            series.execute();
        }
        h.createUpdate("INSERT INTO model_artifact (version_id, bytes, sha256, size) VALUES (:id, :bytes, :sha256, :size)")
                .bind("id", stored.id()).bind("bytes", bytes).bind("sha256", sha256).bind("size", (long) bytes.length).execute();
        return stored;
    }

    /** An id, or a label of any model: what a new id must not be. */
    private static boolean taken(Handle h, String name) {
        return h.createQuery("SELECT COUNT(*) FROM model_version WHERE id = :name OR label = :name").bind("name", name)
                .mapTo(Long.class).one() > 0;
    }

    /** A label of {@code model}, or any version's id: what a new label must not be. */
    private static boolean labelTaken(Handle h, String model, String label) {
        return h.createQuery("SELECT COUNT(*) FROM model_version WHERE id = :label OR (model = :model AND label = :label)")
                .bind("label", label).bind("model", model).mapTo(Long.class).one() > 0;
    }

    private static void insertVersion(Handle h, ModelVersion v) {
        var m = v.metrics();
        var p = v.provenance();
        MetricsColumns.bind(h.createUpdate("INSERT INTO model_version (model, id, label, algorithm, created_at, " + MetricsColumns.NAMES
                        + ", series_id, data_from, data_to, observations, frequency, feature_names) VALUES (:model, :id, :label, :algorithm, :created_at, "
                        + MetricsColumns.PARAMETERS + ", :series_id, :data_from, :data_to, :observations, :frequency, :feature_names)"), m)
                .bind("model", v.model()).bind("id", v.id()).bind("label", v.label()).bind("algorithm", v.algorithm()).bind("created_at", Sql.utc(v.createdAt()))
                .bind("series_id", p.seriesId()).bind("data_from", Sql.utc(p.dataFrom())).bind("data_to", Sql.utc(p.dataTo()))
                .bind("observations", p.observations()).bind("frequency", p.frequency())
                .bind("feature_names", Sql.array(p.featureNames()))
                .execute();
    }

    @Override
    public Optional<ModelVersion> find(String model, String reference) {
        return jdbi.withHandle(h -> complete(h, h.createQuery(SELECT_VERSION + " WHERE v.model = :m AND (v.id = :r OR v.label = :r)")
                .bind("m", model).bind("r", reference).map(ROW).findFirst()));
    }

    @Override
    public Optional<ModelVersion> find(String reference) {
        return jdbi.withHandle(h -> complete(h, h.createQuery(SELECT_VERSION + " WHERE v.id = :r OR (v.model = :m AND v.label = :r)")
                .bind("m", ModelNames.DEFAULT).bind("r", reference).map(ROW).findFirst()));
    }

    private static Optional<ModelVersion> complete(Handle h, Optional<Row> row) {
        return row.map(r -> r.complete(settings(h, "model_hyperparameter", "setting", r.id()), settings(h, "model_library", "version", r.id()),
                settings(h, "model_note", "note", r.id()), series(h, "WHERE version_id = :id", r.id()).getOrDefault(r.id(), List.of())));
    }

    /** The per-series backtests of the versions {@code where} selects ({@code :id} bound to {@code id} when not null), by version. */
    private static Map<String, List<SeriesMetrics>> series(Handle h, String where, String id) {
        var query = h.createQuery("SELECT * FROM model_version_series " + where + " ORDER BY version_id, series_id");
        if (id != null) query.bind("id", id);
        var out = new HashMap<String, List<SeriesMetrics>>();
        query.map((rs, ctx) -> Map.entry(rs.getString("version_id"), new SeriesMetrics(rs.getString("series_id"), metrics(rs),
                rs.getInt("observations"), Sql.instant(rs, "data_from"), Sql.instant(rs, "data_to"))))
                .forEach(e -> out.computeIfAbsent(e.getKey(), k -> new java.util.ArrayList<>()).add(e.getValue()));
        return out;
    }

    @Override
    public List<String> models() {
        return jdbi.withHandle(h -> h.createQuery("SELECT DISTINCT model FROM model_version ORDER BY model").mapTo(String.class).list());
    }

    @Override
    public List<ModelVersion> list() {
        return jdbi.withHandle(h -> {
            var rows = h.createQuery(SELECT_VERSION + " ORDER BY v.created_at, v.id").map(ROW).list();
            var params = allSettings(h, "model_hyperparameter", "setting");
            var libraries = allSettings(h, "model_library", "version");
            var notes = allSettings(h, "model_note", "note");
            var series = series(h, "", null);
            return rows.stream().map(r -> r.complete(params.getOrDefault(r.id(), Map.of()), libraries.getOrDefault(r.id(), Map.of()),
                    notes.getOrDefault(r.id(), Map.of()), series.getOrDefault(r.id(), List.of()))).toList();
        });
    }

    /** The name-to-value rows of one version in {@code table} (a fixed table name, never user input). */
    private static Map<String, String> settings(Handle h, String table, String valueColumn, String id) {
        return h.createQuery("SELECT name, " + valueColumn + " FROM " + table + " WHERE version_id = :id").bind("id", id)
                .reduceRows(new HashMap<String, String>(), (m, row) -> {
                    m.put(row.getColumn("name", String.class), row.getColumn(valueColumn, String.class));
                    return m;
                });
    }

    private static Map<String, Map<String, String>> allSettings(Handle h, String table, String valueColumn) {
        return h.createQuery("SELECT version_id, name, " + valueColumn + " FROM " + table)
                .reduceRows(new HashMap<String, Map<String, String>>(), (m, row) -> {
                    m.computeIfAbsent(row.getColumn("version_id", String.class), k -> new HashMap<>())
                            .put(row.getColumn("name", String.class), row.getColumn(valueColumn, String.class));
                    return m;
                });
    }

    @Override
    public Optional<Artifact> artifact(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT bytes, sha256 FROM model_artifact WHERE version_id = :id").bind("id", id)
                .map((rs, ctx) -> new Artifact(id, rs.getBytes("bytes"), rs.getString("sha256").strip()))
                .findOne());
    }

    @Override
    public List<DeploymentEvent> deployments(String model) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM deployment WHERE model = :m ORDER BY sequence").bind("m", model)
                .map(DEPLOYMENT).list());
    }

    @Override
    public boolean appendDeployment(DeploymentEvent e) {
        writes.lock();
        try {
            return jdbi.inTransaction(h -> {
                long last = h.createQuery("SELECT COALESCE(MAX(sequence), 0) FROM deployment WHERE model = :m").bind("m", e.model())
                        .mapTo(Long.class).one();
                if (last != e.sequence() - 1) return false;
                h.createUpdate("""
                        INSERT INTO deployment (model, sequence, version, action, previous_version, at, reason, actor)
                        VALUES (:model, :sequence, :version, :action, :previous, :at, :reason, :actor)
                        """)
                        .bind("model", e.model()).bind("sequence", e.sequence()).bind("version", e.version()).bind("action", e.action().name())
                        .bind("previous", e.previousVersion()).bind("at", Sql.utc(e.at())).bind("reason", e.reason())
                        .bind("actor", e.actor()).execute();
                return true;
            });
        } catch (JdbiException ex) {
            // a writer in another process appended the same sequence first; this one rolled back
            if (Sql.isConflict(ex)) return false;
            throw ex;
        } finally {
            writes.unlock();
        }
    }

    /** A model_version row joined with its artifact's checksum and size, before its settings are read. */
    private record Row(String model, String id, String label, String algorithm, Instant createdAt, BacktestMetrics metrics, String seriesId,
                       Instant dataFrom, Instant dataTo, int observations, String frequency, List<String> featureNames,
                       String sha256, long size) {
        ModelVersion complete(Map<String, String> hyperparameters, Map<String, String> libraries, Map<String, String> notes, List<SeriesMetrics> series) {
            var provenance = new Provenance(seriesId, dataFrom, dataTo, observations, frequency, featureNames, libraries, notes);
            return new ModelVersion(model, id, label, algorithm, new Hyperparameters(hyperparameters), metrics, provenance, sha256, size, createdAt,
                    series);
        }
    }

    private static final RowMapper<Row> ROW = (rs, ctx) -> new Row(rs.getString("model"), rs.getString("id"), rs.getString("label"), rs.getString("algorithm"),
            Sql.instant(rs, "created_at"), metrics(rs), rs.getString("series_id"), Sql.instant(rs, "data_from"), Sql.instant(rs, "data_to"),
            rs.getInt("observations"), rs.getString("frequency"), Sql.strings(rs, "feature_names"), rs.getString("sha256").strip(),
            rs.getLong("size"));

    private static BacktestMetrics metrics(ResultSet rs) throws SQLException {
        return MetricsColumns.read(rs);
    }

    private static final RowMapper<DeploymentEvent> DEPLOYMENT = (rs, ctx) -> new DeploymentEvent(rs.getString("model"), rs.getLong("sequence"),
            rs.getString("version"), DeploymentAction.valueOf(rs.getString("action")), rs.getString("previous_version"),
            Sql.instant(rs, "at"), rs.getString("reason"), rs.getString("actor"));
}
