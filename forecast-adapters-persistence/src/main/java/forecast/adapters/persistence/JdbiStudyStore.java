package forecast.adapters.persistence;

import forecast.domain.tuning.CategoricalDistribution;
import forecast.domain.tuning.Direction;
import forecast.domain.tuning.Distribution;
import forecast.domain.tuning.DistributionJson;
import forecast.domain.tuning.FloatDistribution;
import forecast.domain.tuning.FrozenTrial;
import forecast.domain.tuning.IntDistribution;
import forecast.domain.tuning.StudyDefinition;
import forecast.domain.tuning.StudyExistsException;
import forecast.domain.tuning.StudyStore;
import forecast.domain.tuning.TrialState;
import forecast.domain.tuning.TrialStateException;
import forecast.domain.tuning.UnknownStudyException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * The study store in the tables of {@code db/V3__tuning.sql}. Each call is one transaction. Starts
 * and enqueues lock the study's row ({@code SELECT ... FOR UPDATE}) before they number or take a
 * trial, so they take turns per study across threads and processes sharing the database; every
 * write to a trial locks the trial's row first, and a finish changes only a row still
 * {@code RUNNING}, so a trial finishes once and takes nothing after it. A transaction that loses a
 * race (a key taken, a lock that timed out) is tried again. Reading a study's trials takes five
 * queries however many trials it has, all in one snapshot.
 */
final class JdbiStudyStore implements StudyStore {

    private final Jdbi jdbi;

    JdbiStudyStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    // ---- studies

    @Override
    public void create(StudyDefinition study) {
        write(h -> {
            if (studyExists(h, study.name())) throw new StudyExistsException("study " + study.name() + " already exists");
            h.createUpdate("""
                    INSERT INTO study (name, direction, sampler, seed, pruner, algorithm, created_at)
                    VALUES (:name, :direction, :sampler, :seed, :pruner, :algorithm, :created_at)
                    """)
                    .bind("name", study.name()).bind("direction", study.direction().name()).bind("sampler", study.sampler())
                    .bind("seed", study.seed()).bind("pruner", study.pruner()).bind("algorithm", study.algorithm())
                    .bind("created_at", Sql.utc(study.created())).execute();
            var space = h.prepareBatch("""
                    INSERT INTO study_search_space (study, position, name, distribution_json, kind, low, high, step, log, choices)
                    VALUES (:study, :position, :name, :json, :kind, :low, :high, :step, :log, :choices)
                    """);
            int position = 0;
            for (var e : study.searchSpace().entrySet()) bindReadable(space.bind("study", study.name()).bind("position", position++)
                    .bind("name", e.getKey()).bind("json", e.getValue().toJson()), e.getValue()).add();
            if (space.size() > 0) space.execute();
            var attributes = h.prepareBatch("INSERT INTO study_attribute (study, name, attribute_value) VALUES (:study, :name, :value)");
            study.attributes().forEach((name, value) -> attributes.bind("study", study.name()).bind("name", name).bind("value", value).add());
            if (attributes.size() > 0) attributes.execute();
            return null;
        });
    }

    /** The plain columns a SQL reader looks at beside the JSON. */
    private static PreparedBatch bindReadable(PreparedBatch batch, Distribution d) {
        return switch (d) {
            case FloatDistribution f -> batch.bind("kind", "float").bind("low", f.low()).bind("high", f.high()).bind("step", f.step())
                    .bind("log", f.log()).bind("choices", (Integer) null);
            case IntDistribution i -> batch.bind("kind", "int").bind("low", (double) i.low()).bind("high", (double) i.high())
                    .bind("step", (double) i.step()).bind("log", i.log()).bind("choices", (Integer) null);
            case CategoricalDistribution c -> batch.bind("kind", "categorical").bind("low", (Double) null).bind("high", (Double) null)
                    .bind("step", (Double) null).bind("log", (Boolean) null).bind("choices", c.choices().size());
        };
    }

    @Override
    public Optional<StudyDefinition> find(String name) {
        return read(h -> studies(h, name).stream().findFirst());
    }

    @Override
    public List<StudyDefinition> list() {
        return read(h -> studies(h, null));
    }

    /** The study named {@code only}, or every study (oldest first) when it is null. */
    private static List<StudyDefinition> studies(Handle h, String only) {
        var rows = byStudy(h, """
                SELECT name, direction, sampler, seed, pruner, algorithm, created_at
                  FROM study
                """ + (only == null ? "" : " WHERE name = :study") + " ORDER BY created_at, name", only).map(STUDY).list();
        if (rows.isEmpty()) return List.of();
        String where = only == null ? "" : " WHERE study = :study";
        var spaces = new HashMap<String, Map<String, Distribution>>();
        var parsed = new HashMap<String, Distribution>();
        byStudy(h, "SELECT study, name, distribution_json FROM study_search_space" + where + " ORDER BY study, position", only).map(NAMED_TEXT)
                .forEach(r -> spaces.computeIfAbsent(r.owner(), k -> new LinkedHashMap<>())
                        .put(r.name(), parsed.computeIfAbsent(r.text(), Distribution::fromJson)));
        var attributes = new HashMap<String, Map<String, String>>();
        byStudy(h, "SELECT study, name, attribute_value FROM study_attribute" + where, only).map(NAMED_TEXT)
                .forEach(r -> attributes.computeIfAbsent(r.owner(), k -> new HashMap<>()).put(r.name(), r.text()));
        return rows.stream().map(r -> new StudyDefinition(r.name(), r.direction(), r.sampler(), r.seed(), r.pruner(),
                spaces.get(r.name()), r.algorithm(), attributes.get(r.name()), r.created())).toList();
    }

    /** {@code sql}, about study {@code only} (bound as {@code :study}) unless it is null. */
    private static Query byStudy(Handle h, String sql, String only) {
        var query = h.createQuery(sql);
        return only == null ? query : query.bind("study", only);
    }

    private static boolean studyExists(Handle h, String study) {
        return h.createQuery("SELECT COUNT(*) FROM study WHERE name = :study").bind("study", study).mapTo(Integer.class).one() > 0;
    }

    /** Locks the study's row until the transaction ends: starts and enqueues of one study take turns. */
    private static void lockStudy(Handle h, String study) {
        if (h.createQuery("SELECT name FROM study WHERE name = :study FOR UPDATE").bind("study", study).mapTo(String.class).findOne().isEmpty())
            throw new UnknownStudyException("no study " + study);
    }

    // ---- trials

    @Override
    public FrozenTrial enqueue(String study, Map<String, Object> fixedParams) {
        var values = new LinkedHashMap<String, String>();
        if (fixedParams != null) fixedParams.forEach((name, v) -> values.put(name, fixedJson(name, v)));
        return write(h -> {
            lockStudy(h, study);
            int number = nextNumber(h, study);
            insertTrial(h, study, number, TrialState.WAITING, null);
            var batch = h.prepareBatch("""
                    INSERT INTO trial_fixed_param (study, number, position, name, value_json)
                    VALUES (:study, :number, :position, :name, :value)
                    """);
            int position = 0;
            for (var e : values.entrySet())
                batch.bind("study", study).bind("number", number).bind("position", position++).bind("name", e.getKey()).bind("value", e.getValue()).add();
            if (batch.size() > 0) batch.execute();
            return trials(h, study, number).getFirst();
        });
    }

    /** A fixed parameter as JSON: it comes back as a JSON value (an integer as a {@code Long}). */
    private static String fixedJson(String name, Object v) {
        boolean json = v == null || v instanceof String || v instanceof Boolean || v instanceof Number n && Double.isFinite(n.doubleValue());
        if (!json) throw new IllegalArgumentException("fixed parameter " + name + " must be text, a finite number, a boolean or null, not " + v);
        return DistributionJson.value(v);
    }

    @Override
    public FrozenTrial startTrial(String study, Instant at) {
        return write(h -> {
            lockStudy(h, study);
            while (true) {
                var oldest = h.createQuery("""
                        SELECT number FROM trial WHERE study = :study AND state = 'WAITING' ORDER BY number FETCH FIRST 1 ROW ONLY
                        """).bind("study", study).mapTo(Integer.class).findFirst();
                if (oldest.isEmpty()) break;
                int taken = h.createUpdate("""
                        UPDATE trial SET state = 'RUNNING', started_at = :at WHERE study = :study AND number = :number AND state = 'WAITING'
                        """).bind("at", Sql.utc(at)).bind("study", study).bind("number", oldest.get()).execute();
                if (taken == 1) return trials(h, study, oldest.get()).getFirst();
            }
            int number = nextNumber(h, study);
            insertTrial(h, study, number, TrialState.RUNNING, at);
            return FrozenTrial.started(number, TrialState.RUNNING, at, Map.of());
        });
    }

    /** The next trial number; the caller holds the study's lock. */
    private static int nextNumber(Handle h, String study) {
        return h.createQuery("SELECT COALESCE(MAX(number) + 1, 0) FROM trial WHERE study = :study").bind("study", study).mapTo(Integer.class).one();
    }

    private static void insertTrial(Handle h, String study, int number, TrialState state, Instant started) {
        h.createUpdate("INSERT INTO trial (study, number, state, started_at) VALUES (:study, :number, :state, :started)")
                .bind("study", study).bind("number", number).bind("state", state.name()).bind("started", Sql.utc(started)).execute();
    }

    @Override
    public void saveParam(String study, int number, String name, Distribution distribution, Object value) {
        write(h -> {
            requireRunning(h, study, number);
            if (h.createQuery("SELECT COUNT(*) FROM trial_param WHERE study = :study AND number = :number AND name = :name")
                    .bind("study", study).bind("number", number).bind("name", name).mapTo(Integer.class).one() > 0)
                throw new TrialStateException("trial " + number + " already has parameter " + name);
            double internal = distribution.toInternal(value);
            int position = h.createQuery("SELECT COUNT(*) FROM trial_param WHERE study = :study AND number = :number")
                    .bind("study", study).bind("number", number).mapTo(Integer.class).one();
            h.createUpdate("""
                    INSERT INTO trial_param (study, number, position, name, value_json, internal_value, distribution_json)
                    VALUES (:study, :number, :position, :name, :value, :internal, :distribution)
                    """)
                    .bind("study", study).bind("number", number).bind("position", position).bind("name", name)
                    .bind("value", DistributionJson.value(distribution.toExternal(internal))).bind("internal", internal)
                    .bind("distribution", distribution.toJson()).execute();
            return null;
        });
    }

    @Override
    public void saveIntermediate(String study, int number, int step, double value) {
        write(h -> {
            requireRunning(h, study, number);
            h.createUpdate(Dialect.of(h) == Dialect.POSTGRESQL ? """
                    INSERT INTO trial_intermediate_value (study, number, step, intermediate_value) VALUES (:study, :number, :step, :value)
                    ON CONFLICT (study, number, step) DO UPDATE SET intermediate_value = EXCLUDED.intermediate_value
                    """ : """
                    MERGE INTO trial_intermediate_value (study, number, step, intermediate_value) KEY (study, number, step)
                    VALUES (:study, :number, :step, :value)
                    """).bind("study", study).bind("number", number).bind("step", step).bind("value", Sql.nullable(value)).execute();
            return null;
        });
    }

    @Override
    public void saveAttribute(String study, int number, String key, String value) {
        write(h -> {
            lockTrial(h, study, number);
            h.createUpdate(Dialect.of(h) == Dialect.POSTGRESQL ? """
                    INSERT INTO trial_attribute (study, number, name, attribute_value) VALUES (:study, :number, :name, :value)
                    ON CONFLICT (study, number, name) DO UPDATE SET attribute_value = EXCLUDED.attribute_value
                    """ : "MERGE INTO trial_attribute (study, number, name, attribute_value) KEY (study, number, name) VALUES (:study, :number, :name, :value)")
                    .bind("study", study).bind("number", number).bind("name", key).bind("value", value).execute();
            return null;
        });
    }

    @Override
    public FrozenTrial finish(String study, int number, TrialState state, Double value, Instant at) {
        if (!state.finished()) throw new IllegalArgumentException("a trial finishes as complete, pruned or failed, not " + state);
        return write(h -> {
            int finished = h.createUpdate("""
                    UPDATE trial SET state = :state, objective_value = :value, completed_at = :at
                     WHERE study = :study AND number = :number AND state = 'RUNNING'
                    """)
                    .bind("state", state.name()).bind("value", value == null ? null : Sql.nullable(value)).bind("at", Sql.utc(at))
                    .bind("study", study).bind("number", number).execute();
            if (finished == 0) requireRunning(h, study, number); // throws: says why
            return trials(h, study, number).getFirst();
        });
    }

    /** Locks the trial's row until the transaction ends, and returns its state. */
    private static TrialState lockTrial(Handle h, String study, int number) {
        var state = h.createQuery("SELECT state FROM trial WHERE study = :study AND number = :number FOR UPDATE")
                .bind("study", study).bind("number", number).mapTo(String.class).findOne();
        if (state.isPresent()) return TrialState.valueOf(state.get());
        if (!studyExists(h, study)) throw new UnknownStudyException("no study " + study);
        throw new TrialStateException("study " + study + " has no trial " + number);
    }

    private static void requireRunning(Handle h, String study, int number) {
        var state = lockTrial(h, study, number);
        if (state != TrialState.RUNNING)
            throw new TrialStateException("trial " + number + " of " + study + " is " + state.name().toLowerCase() + ", not running");
    }

    @Override
    public List<FrozenTrial> trials(String study) {
        return read(h -> {
            if (!studyExists(h, study)) throw new UnknownStudyException("no study " + study);
            return trials(h, study, null);
        });
    }

    @Override
    public Optional<FrozenTrial> trial(String study, int number) {
        return read(h -> {
            if (!studyExists(h, study)) throw new UnknownStudyException("no study " + study);
            return trials(h, study, number).stream().findFirst();
        });
    }

    /** Trial {@code only} of the study, or all of them by number when it is null: five queries either way. */
    private static List<FrozenTrial> trials(Handle h, String study, Integer only) {
        String where = " WHERE study = :study" + (only == null ? "" : " AND number = :number");
        var rows = byTrial(h, "SELECT number, state, objective_value, started_at, completed_at FROM trial" + where + " ORDER BY number", study, only)
                .map(TRIAL).list();
        if (rows.isEmpty()) return List.of();
        var params = new HashMap<Integer, Map<String, Object>>();
        var distributions = new HashMap<Integer, Map<String, Distribution>>();
        var parsed = new HashMap<String, Distribution>();
        byTrial(h, "SELECT number, name, internal_value, distribution_json FROM trial_param" + where + " ORDER BY number, position", study, only)
                .map(PARAM)
                .forEach(p -> {
                    var d = parsed.computeIfAbsent(p.distributionJson(), Distribution::fromJson);
                    params.computeIfAbsent(p.number(), k -> new LinkedHashMap<>()).put(p.name(), d.toExternal(p.internal()));
                    distributions.computeIfAbsent(p.number(), k -> new LinkedHashMap<>()).put(p.name(), d);
                });
        var intermediate = new HashMap<Integer, TreeMap<Integer, Double>>();
        byTrial(h, "SELECT number, step, intermediate_value FROM trial_intermediate_value" + where, study, only)
                .map(INTERMEDIATE)
                .forEach(i -> intermediate.computeIfAbsent(i.number(), k -> new TreeMap<>()).put(i.step(), i.value()));
        var attributes = new HashMap<Integer, Map<String, String>>();
        byTrial(h, "SELECT number, name, attribute_value AS text FROM trial_attribute" + where, study, only)
                .map(NUMBERED_TEXT)
                .forEach(a -> attributes.computeIfAbsent(a.number(), k -> new HashMap<>()).put(a.name(), a.text()));
        var fixed = new HashMap<Integer, Map<String, Object>>();
        byTrial(h, "SELECT number, name, value_json AS text FROM trial_fixed_param" + where + " ORDER BY number, position", study, only)
                .map(NUMBERED_TEXT)
                .forEach(f -> fixed.computeIfAbsent(f.number(), k -> new LinkedHashMap<>()).put(f.name(), DistributionJson.parse(f.text())));
        var out = new ArrayList<FrozenTrial>(rows.size());
        for (var r : rows) {
            int n = r.number();
            out.add(new FrozenTrial(n, r.state(), r.value(), params.getOrDefault(n, Map.of()), distributions.getOrDefault(n, Map.of()),
                    intermediate.getOrDefault(n, new TreeMap<>()), r.started(), r.completed(), fixed.get(n), attributes.get(n)));
        }
        return out;
    }

    /** {@code sql} about the study's trials, or trial {@code only} (bound as {@code :number}) unless it is null. */
    private static Query byTrial(Handle h, String sql, String study, Integer only) {
        var query = h.createQuery(sql).bind("study", study);
        return only == null ? query : query.bind("number", only);
    }

    // ---- transactions

    /** Runs {@code work} in a transaction, again when it lost a race with another one (which left nothing behind). */
    private <T> T write(HandleCallback<T, RuntimeException> work) {
        return Sql.writeRetrying(jdbi, work);
    }

    /** Reads in one snapshot, so that a trial's rows agree with each other while other writers go on. */
    private <T> T read(HandleCallback<T, RuntimeException> work) {
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, work);
    }



    // ---- rows

    private record StudyRow(String name, Direction direction, String sampler, long seed, String pruner, String algorithm, Instant created) {}

    /** A name-to-text row of a study ({@code owner}) or of a trial ({@code number}). */
    private record NamedText(String owner, String name, String text) {}

    private record NumberedText(int number, String name, String text) {}

    private record TrialRow(int number, TrialState state, Double value, Instant started, Instant completed) {}

    private record ParamRow(int number, String name, double internal, String distributionJson) {}

    private record IntermediateRow(int number, int step, double value) {}

    private static final RowMapper<StudyRow> STUDY = (rs, ctx) -> new StudyRow(rs.getString("name"), Direction.valueOf(rs.getString("direction")),
            rs.getString("sampler"), rs.getLong("seed"), rs.getString("pruner"), rs.getString("algorithm"), Sql.instant(rs, "created_at"));

    private static final RowMapper<NamedText> NAMED_TEXT = (rs, ctx) -> new NamedText(rs.getString(1), rs.getString(2), rs.getString(3));

    private static final RowMapper<NumberedText> NUMBERED_TEXT = (rs, ctx) -> new NumberedText(rs.getInt("number"), rs.getString("name"),
            rs.getString("text"));

    private static final RowMapper<TrialRow> TRIAL = (rs, ctx) -> {
        double v = rs.getDouble("objective_value");
        Double value = rs.wasNull() ? null : v;
        return new TrialRow(rs.getInt("number"), TrialState.valueOf(rs.getString("state")), value, Sql.instant(rs, "started_at"),
                Sql.instant(rs, "completed_at"));
    };

    private static final RowMapper<ParamRow> PARAM = (rs, ctx) -> new ParamRow(rs.getInt("number"), rs.getString("name"),
            rs.getDouble("internal_value"), rs.getString("distribution_json"));

    private static final RowMapper<IntermediateRow> INTERMEDIATE = (rs, ctx) -> new IntermediateRow(rs.getInt("number"), rs.getInt("step"),
            Sql.orNaN(rs, "intermediate_value"));
}
