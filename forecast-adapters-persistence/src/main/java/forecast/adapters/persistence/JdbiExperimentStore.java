package forecast.adapters.persistence;

import forecast.domain.experiment.Arm;
import forecast.domain.experiment.Experiment;
import forecast.domain.experiment.ExperimentStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The experiment store in the tables {@code ab_experiment} and {@code ab_arm} of
 * {@code db/V4__experiments.sql}. Each call is one transaction. A start locks the one row of
 * {@code ab_start_lock} ({@code SELECT ... FOR UPDATE}) before it checks the name and the running
 * experiments, so starts take turns across threads and processes sharing the database; an end
 * changes the row only while it is still {@code RUNNING}, so an experiment ends once. A
 * transaction that loses a race (a key taken, a lock that timed out) is tried again.
 */
final class JdbiExperimentStore implements ExperimentStore {

    private final Jdbi jdbi;

    JdbiExperimentStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Started start(Experiment experiment) {
        return write(h -> {
            h.createQuery("SELECT id FROM ab_start_lock FOR UPDATE").mapTo(Integer.class).one();
            if (h.createQuery("SELECT COUNT(*) FROM ab_experiment WHERE name = :name").bind("name", experiment.name()).mapTo(Integer.class).one() > 0)
                return new Started.NameTaken(experiment.name());
            for (var running : experiments(h, "WHERE e.state = 'RUNNING'", null))
                if (running.competesWith(experiment)) return new Started.Competing(running);
            insert(h, experiment);
            return new Started.Done(experiment);
        });
    }

    private static void insert(Handle h, Experiment e) {
        h.createUpdate("""
                INSERT INTO ab_experiment (model, name, metric, min_samples, sticky, duration_ms, scope, state, started_at, started_by, ended_at,
                                           ended_by, promoted_version)
                VALUES (:model, :name, :metric, :min_samples, :sticky, :duration_ms, :scope, :state, :started_at, :started_by, :ended_at, :ended_by,
                        :promoted)
                """)
                .bind("model", e.model()).bind("name", e.name()).bind("metric", e.metric()).bind("min_samples", e.minSamples()).bind("sticky", e.sticky())
                .bind("duration_ms", e.duration().toMillis()).bind("scope", e.scope()).bind("state", e.state().name())
                .bind("started_at", Sql.utc(e.started())).bind("started_by", e.startedBy()).bind("ended_at", Sql.utc(e.ended())).bind("ended_by", e.endedBy())
                .bind("promoted", e.promoted()).execute();
        var arms = h.prepareBatch("""
                INSERT INTO ab_arm (experiment, position, version, reference, weight) VALUES (:experiment, :position, :version, :reference, :weight)
                """);
        for (int i = 0; i < e.arms().size(); i++) {
            var a = e.arms().get(i);
            arms.bind("experiment", e.name()).bind("position", i).bind("version", a.version()).bind("reference", a.reference())
                    .bind("weight", a.weight()).add();
        }
        arms.execute();
    }

    @Override
    public Optional<Experiment> find(String name) {
        return jdbi.inTransaction(h -> find(h, name));
    }

    private static Optional<Experiment> find(Handle h, String name) {
        return experiments(h, "WHERE e.name = :name", name).stream().findFirst();
    }

    @Override
    public List<Experiment> list() {
        return jdbi.inTransaction(h -> experiments(h, "", null).reversed());
    }

    @Override
    public List<Experiment> running() {
        return jdbi.inTransaction(h -> experiments(h, "WHERE e.state = 'RUNNING'", null));
    }

    @Override
    public Optional<Experiment> end(String name, Experiment.State to, Instant at, String by, String promotedVersion) {
        if (to == Experiment.State.RUNNING) throw new IllegalArgumentException("an experiment ends as stopped or promoted");
        return write(h -> {
            int ended = h.createUpdate("""
                    UPDATE ab_experiment SET state = :state, ended_at = :at, ended_by = :by, promoted_version = :promoted
                     WHERE name = :name AND state = 'RUNNING'
                    """)
                    .bind("state", to.name()).bind("at", Sql.utc(at)).bind("by", by).bind("promoted", promotedVersion).bind("name", name)
                    .execute();
            return ended == 1 ? find(h, name) : Optional.<Experiment>empty();
        });
    }

    /**
     * The experiments that {@code where} (on {@code ab_experiment e}, naming {@code :name} when
     * {@code name} is not null) selects, oldest first, with their arms: two queries however many.
     */
    private static List<Experiment> experiments(Handle h, String where, String name) {
        var rows = h.createQuery("""
                SELECT e.model, e.name, e.metric, e.min_samples, e.sticky, e.duration_ms, e.scope, e.state, e.started_at, e.started_by, e.ended_at, e.ended_by,
                       e.promoted_version
                  FROM ab_experiment e
                """ + where + " ORDER BY e.started_at, e.name").bindMap(name == null ? Map.of() : Map.of("name", name)).map(ROW).list();
        if (rows.isEmpty()) return List.of();
        var arms = new HashMap<String, List<Arm>>();
        h.createQuery("""
                SELECT a.experiment, a.version, a.reference, a.weight
                  FROM ab_arm a JOIN ab_experiment e ON e.name = a.experiment
                """ + where + " ORDER BY a.experiment, a.position").bindMap(name == null ? Map.of() : Map.of("name", name))
                .map(ARM).forEach(a -> arms.computeIfAbsent(a.experiment(), k -> new ArrayList<>()).add(a.arm()));
        return rows.stream().map(r -> new Experiment(r.model(), r.name(), arms.getOrDefault(r.name(), List.of()), r.metric(), r.minSamples(), r.sticky(),
                r.duration(), r.scope(), r.state(), r.started(), r.startedBy(), r.ended(), r.endedBy(), r.promoted())).toList();
    }

    // ---- transactions

    /** Runs {@code work} in a transaction, again when it lost a race with another one (which left nothing behind). */
    private <T> T write(HandleCallback<T, RuntimeException> work) {
        return Sql.writeRetrying(jdbi, work);
    }



    // ---- rows

    private record Row(String model, String name, String metric, int minSamples, boolean sticky, Duration duration, String scope, Experiment.State state,
                       Instant started, String startedBy, Instant ended, String endedBy, String promoted) {}

    private record ArmRow(String experiment, Arm arm) {}

    private static final RowMapper<ArmRow> ARM = (rs, ctx) -> new ArmRow(rs.getString("experiment"),
            new Arm(rs.getString("version"), rs.getString("reference"), rs.getDouble("weight")));

    private static final RowMapper<Row> ROW = (rs, ctx) -> new Row(rs.getString("model"), rs.getString("name"), rs.getString("metric"), rs.getInt("min_samples"),
            rs.getBoolean("sticky"), Duration.ofMillis(rs.getLong("duration_ms")), rs.getString("scope"), Experiment.State.valueOf(rs.getString("state")),
            Sql.instant(rs, "started_at"), rs.getString("started_by"), Sql.instant(rs, "ended_at"), rs.getString("ended_by"), rs.getString("promoted_version"));
}
