package forecast.app;

import forecast.adapters.persistence.Persistence;
import forecast.adapters.persistence.PersistenceAdapters;
import forecast.adapters.web.AdminKeys;
import forecast.adapters.web.ServingLimits;
import forecast.adapters.web.WebSettings;
import forecast.domain.jobs.JobWorkers;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.monitoring.MonitoringSettings;
import forecast.domain.pipeline.PipelineSettings;
import forecast.domain.recording.PredictionRecorder;
import forecast.domain.tuning.Distribution;
import forecast.domain.tuning.DistributionJson;
import java.net.URI;
import java.time.Duration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The settings a user edits, from {@code config/ml_config.yaml}, each overridable by an environment
 * variable named after its path ({@code server.port} by {@code FORECAST_SERVER_PORT}) and then by
 * command-line options. Read once at start-up; services receive plain values, never this.
 *
 * @param home       the installation directory, against which relative bootstrap paths resolve
 * @param dataDir    where the H2 database lives (and, from before, {@code admin-key.sha256}, see {@link AdminKeySetup})
 * @param web        the HTTP settings, with the admin key hashes from {@code security.*} and {@code FORECAST_ADMIN_KEY}
 * @param bootstrap  what to train on first start, or null to start without a model
 * @param recording  how experiment predictions are buffered and written ({@code recording.*})
 * @param watching   monitoring, drift detectors, alert delivery and the retraining pipeline
 *                   ({@code monitoring.*}, {@code alerts.*}, {@code pipeline.*})
 * @param jobs       the one pool of workers that runs training and tuning jobs ({@code jobs.*})
 * @param database   which database to open ({@code database.*}): H2 under {@code dataDir} by default, or PostgreSQL
 * @param cluster    this replica's id and how often it picks up what other replicas changed ({@code cluster.*})
 * @param keySources how many of {@code web}'s admin key hashes came from each configured source, for the start log
 */
public record ForecastConfig(Path home, Path dataDir, WebSettings web, Bootstrap bootstrap, PredictionRecorder.Settings recording, Watching watching,
                             JobWorkers.Settings jobs, Database database, Cluster cluster, KeySources keySources) {
    /** With the default recording, monitoring and job settings. */
    public ForecastConfig(Path home, Path dataDir, WebSettings web, Bootstrap bootstrap) {
        this(home, dataDir, web, bootstrap, PredictionRecorder.Settings.defaults(), Watching.defaults(), JobWorkers.Settings.DEFAULTS);
    }

    /** With the default database: H2 under {@code dataDir}. */
    public ForecastConfig(Path home, Path dataDir, WebSettings web, Bootstrap bootstrap, PredictionRecorder.Settings recording, Watching watching,
                          JobWorkers.Settings jobs) {
        this(home, dataDir, web, bootstrap, recording, watching, jobs, Database.DEFAULT);
    }

    /** With the default cluster settings. */
    public ForecastConfig(Path home, Path dataDir, WebSettings web, Bootstrap bootstrap, PredictionRecorder.Settings recording, Watching watching,
                          JobWorkers.Settings jobs, Database database) {
        this(home, dataDir, web, bootstrap, recording, watching, jobs, database, Cluster.defaults(), null);
    }

    public ForecastConfig {
        if (database == null) database = Database.DEFAULT;
        if (cluster == null) cluster = Cluster.defaults();
        if (keySources == null) keySources = new KeySources(web.adminKeys().hashes().size(), 0);
    }

    /**
     * How many admin key hashes came from {@code security.admin_key_hashes} and from
     * {@code FORECAST_ADMIN_KEY} (0 or 1); the start log tells them beside the stored keys.
     */
    public record KeySources(int configured, int environment) {}

    /**
     * {@code cluster.*}: the id {@code GET /observe/health} names this replica by
     * ({@code FORECAST_CLUSTER_REPLICA_ID}; empty: the host name and process id), and how often this
     * replica compares its live versions and running experiments with the database and loads what
     * another replica changed ({@code cluster.refresh_ms}), and how often a replica that is not the
     * leader (the one running the monitoring loop and the pipeline's schedule) tries to become it
     * ({@code cluster.leader_retry_ms}; PostgreSQL only, on H2 the one process always leads).
     */
    public record Cluster(String replicaId, java.time.Duration refresh, java.time.Duration leaderRetry) {
        public static final java.time.Duration DEFAULT_REFRESH = java.time.Duration.ofMillis(1000);
        public static final java.time.Duration DEFAULT_LEADER_RETRY = java.time.Duration.ofMillis(5000);

        public Cluster {
            if (replicaId == null || replicaId.isBlank()) replicaId = defaultReplicaId();
            if (refresh == null) refresh = DEFAULT_REFRESH;
            if (refresh.toMillis() < 10) throw new IllegalArgumentException("cluster.refresh_ms must be at least 10: " + refresh.toMillis());
            if (leaderRetry == null) leaderRetry = DEFAULT_LEADER_RETRY;
            if (leaderRetry.toMillis() < 10) throw new IllegalArgumentException("cluster.leader_retry_ms must be at least 10: " + leaderRetry.toMillis());
        }

        /** With the default leader retry. */
        public Cluster(String replicaId, java.time.Duration refresh) {
            this(replicaId, refresh, DEFAULT_LEADER_RETRY);
        }

        /** A generated replica id and the default refresh and leader retry. */
        public static Cluster defaults() {
            return new Cluster(null, DEFAULT_REFRESH);
        }

        /** The host name and process id, else a random id. */
        static String defaultReplicaId() {
            String host;
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException | RuntimeException e) {
                host = null;
            }
            if (host == null || host.isBlank()) return java.util.UUID.randomUUID().toString().substring(0, 8);
            return host + "-" + ProcessHandle.current().pid();
        }
    }

    /**
     * {@code database.*}: the JDBC URL ({@code FORECAST_DATABASE_URL}; empty: the H2 file
     * {@code <dataDir>/forecast.mv.db}, as before), or {@code jdbc:h2:...} or
     * {@code jdbc:postgresql://host:port/database}; the user and password ({@code FORECAST_DATABASE_USER},
     * {@code FORECAST_DATABASE_PASSWORD}); and the most connections the pool opens. The password is
     * never logged: {@link #toString()} hides it.
     */
    public record Database(String url, String user, String password, int poolSize) {
        public static final Database DEFAULT = new Database(null, null, null, 32);

        public Database {
            if (url != null && url.isBlank()) url = null;
            if (url != null && !url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:"))
                throw new IllegalArgumentException("database.url must be jdbc:h2:... or jdbc:postgresql://host:port/database, not " + url);
            if (poolSize < 1) throw new IllegalArgumentException("database.pool_size must be at least 1: " + poolSize);
        }

        /** Whether this is the default H2 file under the data directory. */
        public boolean isDefault() {
            return url == null;
        }

        @Override
        public String toString() {
            return "Database[url=" + (url == null ? "(H2 under the data directory)" : url) + ", user=" + user
                    + ", password=" + (password == null || password.isEmpty() ? "(none)" : "***") + ", poolSize=" + poolSize + "]";
        }
    }

    /**
     * What watches the live model and retrains it: the monitor's settings, the input-drift
     * detectors' thresholds (Kolmogorov-Smirnov distance and significance, PSI bins and threshold),
     * the webhook alerts are posted to (null: none) with its timeout and extra headers, and the
     * pipeline's settings.
     */
    public record Watching(MonitoringSettings monitoring, double ksMaxDistance, double ksAlpha, int psiBins, double psiThreshold,
                           URI webhook, Duration webhookTimeout, Map<String, String> webhookHeaders, PipelineSettings pipeline) {
        public Watching {
            webhookHeaders = Map.copyOf(webhookHeaders);
        }

        public static Watching defaults() {
            return new Watching(MonitoringSettings.defaults(), 0.2, 0.01, 10, 0.25, null, Duration.ofSeconds(5), Map.of(), PipelineSettings.defaults());
        }

        public Watching withPipeline(PipelineSettings p) {
            return new Watching(monitoring, ksMaxDistance, ksAlpha, psiBins, psiThreshold, webhook, webhookTimeout, webhookHeaders, p);
        }

        public Watching withMonitoring(MonitoringSettings m) {
            return new Watching(m, ksMaxDistance, ksAlpha, psiBins, psiThreshold, webhook, webhookTimeout, webhookHeaders, pipeline);
        }

        public Watching withWebhook(URI url) {
            return new Watching(monitoring, ksMaxDistance, ksAlpha, psiBins, psiThreshold, url, webhookTimeout, webhookHeaders, pipeline);
        }
    }

    /** An admin API key given directly (for scripts and tests); only its hash is kept, in memory. */
    public static final String ADMIN_KEY_VARIABLE = "FORECAST_ADMIN_KEY";

    /** First-start training: the series file, the model description, and hyperparameter overrides. */
    public record Bootstrap(Path trainFile, Path modelConfig, Map<String, String> hyperparameters) {
        public Bootstrap {
            hyperparameters = Map.copyOf(hyperparameters);
        }
    }

    /** Reads {@code file} (missing keys take defaults), then the environment. */
    public static ForecastConfig load(Path home, Path file, Map<String, String> environment) {
        Map<String, Object> yaml = new LinkedHashMap<>();
        if (Files.exists(file)) {
            try (var in = Files.newBufferedReader(file)) {
                Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
                if (parsed instanceof Map<?, ?> m) m.forEach((k, v) -> yaml.put(String.valueOf(k), v));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read configuration " + file, e);
            }
        }
        var settings = new Settings(yaml, environment);
        var defaults = WebSettings.defaults();
        var web = new WebSettings(
                settings.text("server.host", defaults.host()),
                settings.integer("server.port", defaults.port()),
                settings.integer("server.max_batch", defaults.maxBatch()),
                settings.integer("server.max_horizon", defaults.maxHorizon()),
                settings.integer("server.max_history", defaults.maxHistory()),
                settings.integer("server.max_body_bytes", (int) defaults.maxBodyBytes()),
                adminKeys(settings, environment),
                serving(settings));
        Path data = Path.of(settings.text("data.directory", "data"));
        Bootstrap bootstrap = null;
        if (Boolean.parseBoolean(settings.text("bootstrap.enabled", "true"))) {
            bootstrap = new Bootstrap(
                    home.resolve(settings.text("bootstrap.train_file", "test_data/time_series_train.csv")),
                    home.resolve(settings.text("bootstrap.model_config", "test_data/model_config.json")),
                    settings.map("bootstrap.hyperparameters"));
        }
        var database = new Database(settings.text("database.url", null), settings.text("database.user", null),
                settings.text("database.password", null), settings.integer("database.pool_size", Database.DEFAULT.poolSize()));
        var cluster = new Cluster(settings.text("cluster.replica_id", null),
                java.time.Duration.ofMillis(settings.integer("cluster.refresh_ms", (int) Cluster.DEFAULT_REFRESH.toMillis())),
                java.time.Duration.ofMillis(settings.integer("cluster.leader_retry_ms", (int) Cluster.DEFAULT_LEADER_RETRY.toMillis())));
        String direct = environment.get(ADMIN_KEY_VARIABLE);
        var sources = new KeySources(settings.list("security.admin_key_hashes").size(), direct == null || direct.isBlank() ? 0 : 1);
        return new ForecastConfig(home, data, web, bootstrap, recording(settings), watching(settings), jobs(settings), database, cluster, sources);
    }

    /** {@code jobs.*}: the one worker pool that runs training and tuning jobs; see {@code config/ml_config.yaml}. */
    private static JobWorkers.Settings jobs(Settings s) {
        var d = JobWorkers.Settings.DEFAULTS;
        return s.checked("jobs", () -> new JobWorkers.Settings(s.integer("jobs.workers", d.workers()),
                Duration.ofMillis(s.integer("jobs.lease_ms", (int) d.lease().toMillis())),
                Duration.ofMillis(s.integer("jobs.poll_ms", (int) d.poll().toMillis())),
                s.integer("jobs.max_attempts", d.maxAttempts())));
    }

    /** {@code monitoring.*}, {@code alerts.webhook.*} and {@code pipeline.*}; see {@code config/ml_config.yaml}. */
    private static Watching watching(Settings s) {
        var d = Watching.defaults();
        var m = d.monitoring();
        var recordingChoice = s.choice("monitoring.recording", m.recording());
        var monitoring = s.checked("monitoring", () -> new MonitoringSettings(recordingChoice, s.integer("monitoring.record_per_second", m.recordPerSecond()),
                s.integer("monitoring.reference_seasons", m.referenceSeasons()), s.integer("monitoring.recent_seasons", m.recentSeasons()),
                s.integer("monitoring.accuracy_window", m.accuracyWindow()), s.integer("monitoring.min_scored", m.minScored()),
                s.decimal("monitoring.accuracy_margin", m.accuracyMargin()), s.decimal("monitoring.coverage_margin", m.coverageMargin()),
                s.decimal("monitoring.page_hinkley.delta", m.changeDelta()), s.decimal("monitoring.page_hinkley.lambda", m.changeLambda()),
                Duration.ofMillis(s.integer("monitoring.check_ms", (int) m.checkInterval().toMillis()))));
        String url = s.text("alerts.webhook.url", "").strip();
        URI webhook = null;
        if (!url.isEmpty()) {
            try {
                webhook = URI.create(url);
                if (webhook.getScheme() == null || !webhook.getScheme().matches("https?")) throw new IllegalArgumentException("not http or https");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("configuration alerts.webhook.url must be an http(s) URL: " + url);
            }
        }
        var p = d.pipeline();
        var policy = s.choice("pipeline.policy", p.policy());
        double scheduleHours = s.decimal("pipeline.schedule_hours", 0);
        int timeout = s.integer("pipeline.tune_timeout_s", (int) p.tuneTimeout().toSeconds());
        var pipeline = s.checked("pipeline", () -> new PipelineSettings(blankToNull(s.text("pipeline.series_id", "")),
                blankToNull(s.text("pipeline.algorithm", "")), new Hyperparameters(s.map("pipeline.hyperparameters")), searchSpace(s),
                s.integer("pipeline.n_trials", p.nTrials()), timeout <= 0 ? null : Duration.ofSeconds(timeout), policy,
                s.decimal("pipeline.margin", p.margin()), scheduleHours <= 0 ? null : Duration.ofMillis(Math.round(scheduleHours * 3_600_000)),
                new LinkedHashSet<>(s.list("pipeline.trigger_on", List.copyOf(p.alertTriggers()))),
                new PipelineSettings.Canary(s.decimal("pipeline.canary.split", p.canary().split()), s.integer("pipeline.canary.min_samples", p.canary().minSamples()),
                        s.decimal("pipeline.canary.duration_hours", p.canary().durationHours())),
                new PipelineSettings.Rollback(s.bool("pipeline.rollback.enabled", p.rollback().enabled()), s.decimal("pipeline.rollback.threshold", p.rollback().threshold()),
                        s.integer("pipeline.rollback.min_points", p.rollback().minPoints()))));
        return new Watching(monitoring, s.decimal("monitoring.drift.ks.max_distance", d.ksMaxDistance()), s.decimal("monitoring.drift.ks.alpha", d.ksAlpha()),
                s.integer("monitoring.drift.psi.bins", d.psiBins()), s.decimal("monitoring.drift.psi.threshold", d.psiThreshold()), webhook,
                Duration.ofMillis(s.integer("alerts.webhook.timeout_ms", (int) d.webhookTimeout().toMillis())), s.map("alerts.webhook.headers"), pipeline);
    }

    /** {@code pipeline.search_space}: name to {@code {type: int|float|categorical, low, high, log?, step?, choices?}}, as the tuning API takes them. */
    private static Map<String, Distribution> searchSpace(Settings s) {
        var out = new LinkedHashMap<String, Distribution>();
        if (s.lookup("pipeline.search_space") instanceof Map<?, ?> m) {
            for (var e : m.entrySet()) {
                String name = String.valueOf(e.getKey());
                if (!(e.getValue() instanceof Map<?, ?> entry))
                    throw new IllegalArgumentException("configuration pipeline.search_space." + name + " must be a map such as {type: int, low: 20, high: 200}");
                var spec = new LinkedHashMap<String, Object>();
                entry.forEach((k, v) -> spec.put(String.valueOf(k), v));
                try {
                    out.put(name, DistributionJson.fromMap("pipeline.search_space." + name, spec));
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("configuration " + ex.getMessage(), ex);
                }
            }
        }
        return out;
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** {@code recording.buffer}, {@code recording.batch_size}, {@code recording.flush_ms} and {@code recording.overflow} (block or spill). */
    private static PredictionRecorder.Settings recording(Settings settings) {
        var d = PredictionRecorder.Settings.defaults();
        var overflow = settings.choice("recording.overflow", d.overflow());
        return new PredictionRecorder.Settings(settings.integer("recording.buffer", d.capacity()), settings.integer("recording.batch_size", d.batchSize()),
                java.time.Duration.ofMillis(settings.integer("recording.flush_ms", (int) d.flushInterval().toMillis())),
                overflow);
    }

    /**
     * {@code server.forecast_concurrency} (0: one per core), {@code server.forecast_queue} and
     * {@code server.forecast_queue_wait_ms}: how many forecasts run at once, wait, and how long.
     */
    private static ServingLimits serving(Settings settings) {
        var d = ServingLimits.defaults();
        int concurrency = settings.integer("server.forecast_concurrency", 0);
        return settings.checked("server", () -> new ServingLimits(concurrency == 0 ? d.concurrency() : concurrency,
                settings.integer("server.forecast_queue", d.maxQueue()),
                java.time.Duration.ofMillis(settings.integer("server.forecast_queue_wait_ms", (int) d.maxWait().toMillis()))));
    }

    /**
     * {@code security.admin_key_hashes} (a YAML list; {@code FORECAST_SECURITY_ADMIN_KEY_HASHES}
     * separates them with commas), the hash of {@code FORECAST_ADMIN_KEY} when it is set (the key
     * itself is kept nowhere), and {@code security.predict_requires_key}. No key at all is allowed
     * here: {@link AdminKeySetup} then adds the stored keys at start, and
     * makes one when there is none.
     */
    private static AdminKeys adminKeys(Settings settings, Map<String, String> environment) {
        boolean predictRequiresKey = settings.bool("security.predict_requires_key", false);
        AdminKeys keys;
        try {
            keys = new AdminKeys(new LinkedHashSet<>(settings.list("security.admin_key_hashes")), predictRequiresKey);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("configuration security.admin_key_hashes: " + e.getMessage()
                    + " (./forecast hash-key prints the hash of a key)", e);
        }
        String direct = environment.get(ADMIN_KEY_VARIABLE);
        return direct == null || direct.isBlank() ? keys : keys.withHash(AdminKeys.hash(direct.strip()));
    }

    public ForecastConfig withPort(int port) {
        return new ForecastConfig(home, dataDir, web.withPort(port), bootstrap, recording, watching, jobs, database, cluster, keySources);
    }

    public ForecastConfig withDataDir(Path dir) {
        return new ForecastConfig(home, dir, web, bootstrap, recording, watching, jobs, database, cluster, keySources);
    }

    public ForecastConfig withWatching(Watching w) {
        return new ForecastConfig(home, dataDir, web, bootstrap, recording, w, jobs, database, cluster, keySources);
    }

    /** The same settings with {@code j} for the job workers. */
    public ForecastConfig withJobs(JobWorkers.Settings j) {
        return new ForecastConfig(home, dataDir, web, bootstrap, recording, watching, j, database, cluster, keySources);
    }

    /** The same settings with {@code d} for the database. */
    public ForecastConfig withDatabase(Database d) {
        return new ForecastConfig(home, dataDir, web, bootstrap, recording, watching, jobs, d, cluster, keySources);
    }

    /** The same settings with {@code c} for the cluster. */
    public ForecastConfig withCluster(Cluster c) {
        return new ForecastConfig(home, dataDir, web, bootstrap, recording, watching, jobs, database, c, keySources);
    }

    /** Opens the configured database: H2 under {@link #dataDir()} by default, else {@code database.url}. */
    public Persistence openDatabase() {
        if (database.isDefault()) return PersistenceAdapters.openH2(dataDir);
        boolean h2 = database.url().startsWith("jdbc:h2:");
        var user = database.user() != null ? database.user() : h2 ? "sa" : System.getProperty("user.name");
        var password = database.password() != null ? database.password() : "";
        return PersistenceAdapters.open(database.url(), user, password, database.poolSize());
    }

    /** Nested YAML maps read by dotted path, with the environment on top. */
    private record Settings(Map<String, Object> yaml, Map<String, String> environment) {
        String text(String path, String fallback) {
            String env = environment.get(variable(path));
            if (env != null && !env.isBlank()) return env.trim();
            Object v = lookup(path);
            return v == null ? fallback : String.valueOf(v);
        }

        int integer(String path, int fallback) {
            String v = text(path, null);
            if (v == null) return fallback;
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("configuration " + path + " must be an integer: " + v);
            }
        }

        /** A YAML list (or one comma-separated string); the environment variable separates items with commas. */
        List<String> list(String path) {
            String env = environment.get(variable(path));
            Object v = env != null && !env.isBlank() ? env : lookup(path);
            var out = new ArrayList<String>();
            if (v instanceof List<?> items) items.forEach(item -> out.add(String.valueOf(item)));
            else if (v != null) out.addAll(Arrays.asList(String.valueOf(v).split(",")));
            out.replaceAll(String::strip);
            out.removeIf(String::isEmpty);
            return out;
        }

        double decimal(String path, double fallback) {
            String v = text(path, null);
            if (v == null) return fallback;
            try {
                return Double.parseDouble(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("configuration " + path + " must be a number: " + v);
            }
        }

        /** A YAML list, or {@code fallback} when the key is absent. */
        List<String> list(String path, List<String> fallback) {
            return lookup(path) == null && environment.get(variable(path)) == null ? fallback : list(path);
        }

        /** Builds a settings record, naming the section when one of its values is out of range. */
        <T> T checked(String section, java.util.function.Supplier<T> build) {
            try {
                return build.get();
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("configuration ")) throw e;
                throw new IllegalArgumentException("configuration " + section + ": " + e.getMessage(), e);
            }
        }

        /** One of an enum's constants, written in lower case ({@code spill}); anything else names the key and the choices. */
        <E extends Enum<E>> E choice(String path, E fallback) {
            String v = text(path, fallback.name()).strip();
            var choices = fallback.getDeclaringClass().getEnumConstants();
            for (var c : choices) if (c.name().equalsIgnoreCase(v)) return c;
            var names = Arrays.stream(choices).map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
            throw new IllegalArgumentException("configuration " + path + " must be " + String.join(", ", names.subList(0, names.size() - 1))
                    + " or " + names.get(names.size() - 1) + ", not " + v);
        }

        boolean bool(String path, boolean fallback) {
            String v = text(path, null);
            if (v == null) return fallback;
            return switch (v.strip().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("configuration " + path + " must be true or false: " + v);
            };
        }

        Map<String, String> map(String path) {
            var out = new LinkedHashMap<String, String>();
            if (lookup(path) instanceof Map<?, ?> m) m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
            return out;
        }

        private static String variable(String path) {
            return "FORECAST_" + path.toUpperCase(Locale.ROOT).replace('.', '_');
        }

        Object lookup(String path) {
            Object node = yaml;
            for (String part : path.split("\\.")) {
                if (!(node instanceof Map<?, ?> m)) return null;
                node = m.get(part);
            }
            return node;
        }
    }
}
