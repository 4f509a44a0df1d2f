package forecast.adapters.persistence;

import forecast.domain.jobs.Job;
import forecast.domain.jobs.JobQueue;
import forecast.domain.jobs.NewJob;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The job queue in the table {@code job} of {@code db/V7__jobs.sql}. A claim is a compare-and-set
 * on the row: the oldest candidate is read, then updated only if it is still takeable; when another
 * worker (of this process or another sharing the database) took it in between, the update changes
 * no row and the next candidate is tried. Every other change names the holder, so that a worker
 * whose lease expired and was taken over can no longer write.
 */
public final class JdbiJobQueue implements JobQueue {
    private static final String COLUMNS = "id, kind, payload, state, attempts, holder, lease_until, progress, result, error, cancel_requested, "
            + "submitted_at, started_at, finished_at";
    private static final String TAKEABLE = "(state = 'queued' OR (state = 'running' AND lease_until < :now))";
    private final Jdbi jdbi;

    JdbiJobQueue(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Job enqueue(NewJob job) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("INSERT INTO job (id, kind, payload, state, submitted_at) VALUES (:id, :kind, :payload, 'queued', :at)")
                    .bind("id", job.id()).bind("kind", job.kind()).bind("payload", FlatJson.write(job.payload())).bind("at", Sql.utc(job.submitted()))
                    .execute();
            return find(h, job.id()).orElseThrow();
        });
    }

    @Override
    public Optional<Job> claim(List<String> kinds, String holder, Instant now, Instant leaseUntil, int maxAttempts) {
        while (true) {
            var candidate = jdbi.withHandle(h -> h.createQuery("SELECT id, state, attempts, holder FROM job WHERE kind IN (<kinds>) AND "
                            + TAKEABLE + " ORDER BY seq FETCH FIRST 1 ROW ONLY")
                    .bindList("kinds", kinds).bind("now", Sql.utc(now))
                    .map((rs, ctx) -> new Candidate(rs.getString("id"), rs.getString("state"), rs.getInt("attempts"), rs.getString("holder")))
                    .findOne());
            if (candidate.isEmpty()) return Optional.empty();
            var c = candidate.get();
            if (c.state.equals("running") && c.attempts >= maxAttempts) {
                jdbi.useHandle(h -> h.createUpdate("UPDATE job SET state = 'failed', error = :error, finished_at = :now "
                                + "WHERE id = :id AND state = 'running' AND lease_until < :now AND attempts = :attempts")
                        .bind("error", Job.leaseExpired(c.attempts, c.holder)).bind("now", Sql.utc(now)).bind("id", c.id).bind("attempts", c.attempts)
                        .execute());
                continue;
            }
            int taken = jdbi.withHandle(h -> h.createUpdate("UPDATE job SET state = 'running', attempts = attempts + 1, holder = :holder, "
                            + "lease_until = :until, error = NULL, started_at = COALESCE(started_at, :now) WHERE id = :id AND attempts = :attempts AND "
                            + TAKEABLE)
                    .bind("holder", holder).bind("until", Sql.utc(leaseUntil)).bind("now", Sql.utc(now)).bind("id", c.id).bind("attempts", c.attempts)
                    .execute());
            if (taken == 1) return find(c.id);
        }
    }

    private record Candidate(String id, String state, int attempts, String holder) {}

    @Override
    public boolean heartbeat(String id, String holder, Instant leaseUntil) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE job SET lease_until = :until WHERE id = :id AND holder = :holder AND state = 'running'")
                .bind("until", Sql.utc(leaseUntil)).bind("id", id).bind("holder", holder).execute()) == 1;
    }

    @Override
    public boolean progress(String id, String holder, String line) {
        return jdbi.inTransaction(h -> {
            var cancel = h.createQuery("SELECT cancel_requested FROM job WHERE id = :id AND holder = :holder AND state = 'running' FOR UPDATE")
                    .bind("id", id).bind("holder", holder).mapTo(Boolean.class).findOne();
            if (cancel.isEmpty()) return false;
            h.createUpdate("UPDATE job SET progress = CASE WHEN progress = '' THEN :line ELSE progress || CHR(10) || :line END WHERE id = :id")
                    .bind("line", line.replace('\n', ' ')).bind("id", id).execute();
            return !cancel.get();
        });
    }

    @Override
    public boolean finish(String id, String holder, Job.State state, Map<String, String> result, String error, Instant at) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE job SET state = :state, result = :result, error = :error, finished_at = :at "
                        + "WHERE id = :id AND holder = :holder AND state = 'running'")
                .bind("state", state.wire()).bind("result", FlatJson.write(result)).bind("error", error).bind("at", Sql.utc(at))
                .bind("id", id).bind("holder", holder).execute()) == 1;
    }

    @Override
    public Optional<Job> cancel(String id, Instant at) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("UPDATE job SET state = 'cancelled', error = 'cancelled while queued', finished_at = :at WHERE id = :id AND state = 'queued'")
                    .bind("at", Sql.utc(at)).bind("id", id).execute();
            h.createUpdate("UPDATE job SET cancel_requested = TRUE WHERE id = :id AND state = 'running'").bind("id", id).execute();
            return find(h, id);
        });
    }

    @Override
    public Optional<Job> find(String id) {
        return jdbi.withHandle(h -> find(h, id));
    }

    private static Optional<Job> find(Handle h, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM job WHERE id = :id").bind("id", id).map(JOB).findOne();
    }

    @Override
    public List<Job> list(int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM job ORDER BY seq DESC FETCH FIRST :limit ROWS ONLY")
                .bind("limit", limit).map(JOB).list());
    }

    @Override
    public Optional<Integer> position(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT (SELECT COUNT(*) FROM job o WHERE o.state = 'queued' AND o.seq < j.seq) "
                        + "FROM job j WHERE j.id = :id AND j.state = 'queued'")
                .bind("id", id).mapTo(Integer.class).findOne());
    }

    private static final RowMapper<Job> JOB = (rs, ctx) -> {
        String progress = rs.getString("progress");
        return new Job(rs.getString("id"), rs.getString("kind"), FlatJson.read(rs.getString("payload")), Job.State.ofWire(rs.getString("state")),
                rs.getInt("attempts"), rs.getString("holder"), Sql.instant(rs, "lease_until"),
                progress == null || progress.isEmpty() ? List.of() : Arrays.asList(progress.split("\n", -1)),
                FlatJson.read(rs.getString("result")), rs.getString("error"), rs.getBoolean("cancel_requested"),
                Sql.instant(rs, "submitted_at"), Sql.instant(rs, "started_at"), Sql.instant(rs, "finished_at"));
    };
}
