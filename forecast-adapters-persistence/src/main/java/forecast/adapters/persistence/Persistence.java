package forecast.adapters.persistence;

import forecast.domain.access.AdminKeyStore;
import forecast.domain.jobs.JobQueue;
import forecast.domain.experiment.ExperimentStore;
import forecast.domain.monitoring.AlertStore;
import forecast.domain.observation.ObservationStore;
import forecast.domain.pipeline.PipelineStore;
import forecast.domain.recording.PredictionLog;
import forecast.domain.registry.ModelRegistry;
import forecast.domain.tuning.StudyStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * An open, migrated database and the storage ports backed by it. Thread-safe; every write is
 * committed when the port's method returns. Close it once, when the application stops: the
 * ports stop working then.
 */
public final class Persistence implements AutoCloseable {
    private final String jdbcUrl;
    private final Dialect dialect;
    private final Runnable closePool;
    // H2 only (null on PostgreSQL): held for the life of this object, as the last connection to
    // close ends an in-memory database (and closes a file database cleanly).
    private final Connection keepAlive;
    private final ModelRegistry modelRegistry;
    private final ObservationStore observationStore;
    private final StudyStore studyStore;
    private final ExperimentStore experimentStore;
    private final PredictionLog predictionLog;
    private final AlertStore alertStore;
    private final PipelineStore pipelineStore;
    private final JobQueue jobQueue;
    private final AdminKeyStore adminKeyStore;
    private boolean closed; // guarded by this
    // PostgreSQL only (null on H2): opens a connection outside the pool, for the leadership's lock
    private final java.util.concurrent.Callable<Connection> connect;
    private final java.util.List<AdvisoryLockLeadership> leaderships = new java.util.ArrayList<>(); // guarded by this
    private final java.util.List<ChangeListener> listeners = new java.util.ArrayList<>(); // guarded by this

    Persistence(String jdbcUrl, Dialect dialect, Runnable closePool, Connection keepAlive, Jdbi jdbi) {
        this(jdbcUrl, dialect, closePool, keepAlive, jdbi, null);
    }

    Persistence(String jdbcUrl, Dialect dialect, Runnable closePool, Connection keepAlive, Jdbi jdbi, java.util.concurrent.Callable<Connection> connect) {
        this.jdbcUrl = jdbcUrl;
        this.connect = connect;
        this.dialect = dialect;
        this.closePool = closePool;
        this.keepAlive = keepAlive;
        this.modelRegistry = new JdbiModelRegistry(jdbi, Clock.systemUTC());
        this.observationStore = new JdbiObservationStore(jdbi);
        this.studyStore = new JdbiStudyStore(jdbi);
        this.experimentStore = new JdbiExperimentStore(jdbi);
        this.predictionLog = new JdbiPredictionLog(jdbi);
        this.alertStore = new JdbiAlertStore(jdbi);
        this.pipelineStore = new JdbiPipelineStore(jdbi);
        this.jobQueue = new JdbiJobQueue(jdbi);
        this.adminKeyStore = new JdbiAdminKeyStore(jdbi);
    }

    /** The admin key hashes the service generated, shared by every replica on this database (see {@code db/V10__replicas.sql}). */
    public AdminKeyStore adminKeyStore() {
        return adminKeyStore;
    }

    /** Model versions, their artifacts and the deployment history. */
    public ModelRegistry modelRegistry() {
        return modelRegistry;
    }

    /** The stored history of each series. */
    public ObservationStore observationStore() {
        return observationStore;
    }

    /** Hyperparameter studies and their trials, resumable by name and readable by SQL (see {@code db/V3__tuning.sql}). */
    public StudyStore studyStore() {
        return studyStore;
    }

    /** A/B tests and their arms, readable by SQL (see {@code db/V4__experiments.sql}). */
    public ExperimentStore experimentStore() {
        return experimentStore;
    }

    /**
     * Every forecast served inside an experiment or recorded for live-accuracy monitoring, and its
     * errors once actuals arrive; the views {@code ab_test_summary} and {@code ab_test_arm_summary}
     * sum up experiments for SQL clients, {@code live_accuracy} each version (see
     * {@code db/V5__monitoring.sql}).
     */
    public PredictionLog predictionLog() {
        return predictionLog;
    }

    /** Alerts, one open per key even across processes sharing the database, readable by SQL (table {@code alert}). */
    public AlertStore alertStore() {
        return alertStore;
    }

    /** The durable queue of heavy work (training, tuning, ...), shared by every process on the database (see {@code db/V7__jobs.sql}). */
    public JobQueue jobQueue() {
        return jobQueue;
    }

    /** The retraining pipeline's runs with their steps and contenders; the view {@code pipeline_run_summary} sums them up for SQL clients. */
    public PipelineStore pipelineStore() {
        return pipelineStore;
    }

    /**
     * The JDBC URL of the database. For a file database opened with {@link PersistenceAdapters#openH2}
     * a SQL client (the H2 console, DBeaver) can open this same URL while the server runs.
     */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** Whether the database is PostgreSQL (else H2). */
    public boolean isPostgres() {
        return dialect == Dialect.POSTGRESQL;
    }

    /**
     * Which replica on this database runs the singletons. On PostgreSQL: the one holding a
     * session-level advisory lock on a connection of its own, tried again every {@code retry} by
     * the others and released when its connection dies or this is closed. On H2 (one process):
     * always this one.
     */
    public synchronized forecast.domain.serving.Leadership leadership(java.time.Duration retry) {
        if (closed) throw new IllegalStateException("the database is closed: " + jdbcUrl);
        if (connect == null) return forecast.domain.serving.Leadership.ALONE;
        var leadership = new AdvisoryLockLeadership(connect, retry);
        leaderships.add(leadership);
        return leadership;
    }

    /**
     * Calls {@code onChange} soon after any replica on this database changed a live version (a
     * deploy, rollback or promotion) or an experiment (started or ended), and once on every
     * (re)connect of the listener. On PostgreSQL by {@code LISTEN}/{@code NOTIFY} on a connection
     * of its own, connecting again after {@code reconnect} when it fails; on H2 (one process) never.
     * It stops when this is closed. Notifications are not stored: a replica polls as well.
     */
    public synchronized void onChange(Runnable onChange, java.time.Duration reconnect) {
        if (closed) throw new IllegalStateException("the database is closed: " + jdbcUrl);
        if (connect == null) return;
        listeners.add(new ChangeListener(connect, onChange, reconnect));
    }

    /** Gives up the leadership of {@code leadership} (from {@link #leadership}), as a replica that dies would; for tests. */
    void resign(forecast.domain.serving.Leadership leadership) {
        if (leadership instanceof AdvisoryLockLeadership a) a.close();
    }

    /** Releases every connection; an in-memory database is gone afterwards. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        leaderships.forEach(AdvisoryLockLeadership::close);
        leaderships.clear();
        listeners.forEach(ChangeListener::close);
        listeners.clear();
        closePool.run();
        if (keepAlive == null) return;
        try {
            keepAlive.close();
        } catch (SQLException e) {
            throw new IllegalStateException("could not close the database " + jdbcUrl, e);
        }
    }
}
