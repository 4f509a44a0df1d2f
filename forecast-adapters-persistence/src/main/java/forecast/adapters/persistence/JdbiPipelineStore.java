package forecast.adapters.persistence;

import forecast.domain.evaluation.BacktestMetrics;
import forecast.domain.pipeline.Contender;
import forecast.domain.pipeline.PipelineRun;
import forecast.domain.pipeline.PipelineStep;
import forecast.domain.pipeline.PipelineStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * The pipeline store in the tables {@code pipeline_run}, {@code pipeline_step} and
 * {@code pipeline_contender} of {@code db/V5__monitoring.sql}. A save is one transaction that
 * deletes what was stored for the run and inserts it whole; a read is one repeatable-read
 * transaction, so it sees a run before or after a save, never half of it. NaN metrics are stored
 * as NULL and read back as NaN.
 */
public final class JdbiPipelineStore implements PipelineStore {
    /** Runs whose steps and contenders are read with one query each. */
    private static final int RUNS_PER_QUERY = 1_000;

    private final Jdbi jdbi;

    JdbiPipelineStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** @throws IllegalArgumentException when two steps share a position or two contenders a role (the tables' keys) */
    @Override
    public void save(PipelineRun run) {
        check(run);
        Sql.writeRetrying(jdbi, h -> {
            for (var table : List.of("pipeline_contender", "pipeline_step"))
                h.createUpdate("DELETE FROM " + table + " WHERE run_id = :id").bind("id", run.id()).execute();
            h.createUpdate("DELETE FROM pipeline_run WHERE id = :id").bind("id", run.id()).execute();
            insert(h, run);
            return null;
        });
    }

    /** @throws IllegalArgumentException when two steps share a position or two contenders a role */
    private static void check(PipelineRun run) {
        var positions = new HashSet<Integer>();
        for (var s : run.steps()) if (!positions.add(s.position())) throw new IllegalArgumentException("two steps at position " + s.position());
        var roles = new HashSet<String>();
        for (var c : run.contenders())
            if (c.role() == null || !roles.add(c.role())) throw new IllegalArgumentException("a contender needs a role of its own: " + c.role());
    }

    private static void insert(Handle h, PipelineRun r) {
        h.createUpdate("""
                INSERT INTO pipeline_run (model, id, trigger, reason, state, outcome, series_id, live_version, candidate_version, experiment,
                                          started_at, finished_at, detail)
                VALUES (:model, :id, :trigger, :reason, :state, :outcome, :series, :live, :candidate, :experiment, :started, :finished, :detail)
                """)
                .bind("model", r.model()).bind("id", r.id()).bind("trigger", r.trigger().name()).bind("reason", r.reason()).bind("state", r.state().name())
                .bind("outcome", r.outcome() == null ? null : r.outcome().name()).bind("series", r.seriesId()).bind("live", r.liveVersion())
                .bind("candidate", r.candidateVersion()).bind("experiment", r.experiment()).bind("started", Sql.utc(r.startedAt()))
                .bind("finished", Sql.utc(r.finishedAt())).bind("detail", r.detail()).execute();
        if (!r.steps().isEmpty()) {
            var steps = h.prepareBatch("""
                    INSERT INTO pipeline_step (run_id, position, name, state, started_at, finished_at, duration_ms, detail)
                    VALUES (:run, :position, :name, :state, :started, :finished, :duration, :detail)
                    """);
            for (var s : r.steps())
                steps.bind("run", r.id()).bind("position", s.position()).bind("name", s.name()).bind("state", s.state().name())
                        .bind("started", Sql.utc(s.startedAt())).bind("finished", Sql.utc(s.finishedAt()))
                        .bind("duration", s.duration() == null ? null : s.duration().toMillis()).bind("detail", s.detail()).add();
            steps.execute();
        }
        if (!r.contenders().isEmpty()) {
            var contenders = h.prepareBatch("INSERT INTO pipeline_contender (run_id, role, position, version, algorithm, " + MetricsColumns.NAMES
                    + ") VALUES (:run, :role, :position, :version, :algorithm, " + MetricsColumns.PARAMETERS + ")");
            for (int i = 0; i < r.contenders().size(); i++) {
                var c = r.contenders().get(i);
                var m = c.metrics() == null ? BacktestMetrics.NONE : c.metrics();
                MetricsColumns.bind(contenders, m).bind("run", r.id()).bind("role", c.role()).bind("position", i).bind("version", c.version())
                        .bind("algorithm", c.algorithm()).add();
            }
            contenders.execute();
        }
    }

    @Override
    public Optional<PipelineRun> find(String id) {
        return read(h -> runs(h, "WHERE r.id = :id", Map.of("id", id))).stream().findFirst();
    }

    @Override
    public List<PipelineRun> list(int limit) {
        if (limit <= 0) return List.of();
        return read(h -> runs(h, "FETCH FIRST :limit ROWS ONLY", Map.of("limit", limit)));
    }

    /**
     * The check and the insert are one step for every process on this database: each takes the
     * lock of {@code pipeline_guard}'s one row first, so a second replica waits, then sees the run
     * the first stored (each statement reads what is committed when it starts).
     */
    @Override
    public Optional<PipelineRun> startIfIdle(PipelineRun run) {
        if (!run.running()) throw new IllegalArgumentException("run " + run.id() + " is not running");
        check(run);
        return Sql.writeRetrying(jdbi, h -> {
            h.createQuery("SELECT id FROM pipeline_guard WHERE id = 1 FOR UPDATE").mapTo(Integer.class).one();
            var going = runs(h, "WHERE r.state = 'RUNNING'", Map.of());
            if (!going.isEmpty()) return Optional.of(going.getFirst());
            insert(h, run);
            return Optional.<PipelineRun>empty();
        });
    }

    @Override
    public List<PipelineRun> running() {
        return read(h -> runs(h, "WHERE r.state = 'RUNNING'", Map.of()));
    }

    private List<PipelineRun> read(HandleCallback<List<PipelineRun>, RuntimeException> work) {
        return jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, work);
    }

    /**
     * The runs that {@code clause} (a WHERE or a FETCH on {@code pipeline_run r}) selects, newest
     * started first, with their steps and contenders.
     */
    private static List<PipelineRun> runs(Handle h, String clause, Map<String, Object> parameters) {
        String order = " ORDER BY r.started_at DESC, r.id DESC ";
        String sql = """
                SELECT r.model, r.id, r.trigger, r.reason, r.state, r.outcome, r.series_id, r.live_version, r.candidate_version, r.experiment,
                       r.started_at, r.finished_at, r.detail
                  FROM pipeline_run r
                """ + (clause.startsWith("WHERE") ? clause + order : order + clause);
        var rows = h.createQuery(sql).bindMap(parameters).map(RUN).list();
        if (rows.isEmpty()) return List.of();
        var ids = rows.stream().map(PipelineRun::id).toList();
        var steps = new HashMap<String, List<PipelineStep>>();
        var contenders = new HashMap<String, List<Contender>>();
        for (int from = 0; from < ids.size(); from += RUNS_PER_QUERY) {
            var some = Sql.array(ids.subList(from, Math.min(ids.size(), from + RUNS_PER_QUERY)));
            h.createQuery("""
                    SELECT run_id, position, name, state, started_at, finished_at, detail
                      FROM pipeline_step WHERE run_id = ANY(:ids) ORDER BY run_id, position
                    """).bind("ids", some)
                    .map((rs, ctx) -> Map.entry(rs.getString("run_id"), new PipelineStep(rs.getInt("position"), rs.getString("name"),
                            PipelineStep.State.valueOf(rs.getString("state")), Sql.instant(rs, "started_at"), Sql.instant(rs, "finished_at"),
                            rs.getString("detail"))))
                    .forEach(e -> steps.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            h.createQuery("""
                    SELECT run_id, role, version, algorithm, mape, smape, mase, rmse, coverage80, coverage95, msis, width80, width95, folds, forecasts, horizon
                      FROM pipeline_contender WHERE run_id = ANY(:ids) ORDER BY run_id, position
                    """).bind("ids", some)
                    .map((rs, ctx) -> Map.entry(rs.getString("run_id"), new Contender(rs.getString("role"), rs.getString("version"),
                            rs.getString("algorithm"), MetricsColumns.read(rs))))
                    .forEach(e -> contenders.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        }
        return rows.stream().map(r -> new PipelineRun(r.id(), r.trigger(), r.reason(), r.state(), r.outcome(), r.seriesId(), r.liveVersion(),
                r.candidateVersion(), r.experiment(), r.startedAt(), r.finishedAt(), r.detail(), steps.getOrDefault(r.id(), List.of()),
                contenders.getOrDefault(r.id(), List.of()), r.model())).toList();
    }

    private static final RowMapper<PipelineRun> RUN = (rs, ctx) -> new PipelineRun(rs.getString("id"),
            PipelineRun.Trigger.valueOf(rs.getString("trigger")), rs.getString("reason"), PipelineRun.State.valueOf(rs.getString("state")),
            rs.getString("outcome") == null ? null : PipelineRun.Outcome.valueOf(rs.getString("outcome")), rs.getString("series_id"),
            rs.getString("live_version"), rs.getString("candidate_version"), rs.getString("experiment"), Sql.instant(rs, "started_at"),
            Sql.instant(rs, "finished_at"), rs.getString("detail"), List.of(), List.of(), rs.getString("model"));
}
