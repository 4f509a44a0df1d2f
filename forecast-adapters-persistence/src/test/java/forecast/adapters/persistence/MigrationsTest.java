package forecast.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {
    /** The repository's db/ folder; surefire runs in the module's directory. */
    private static final Path DB = Path.of("..", "db");

    @TempDir
    Path data;

    @Test
    void everySqlFileOfTheDbFolderIsInTheIndex() throws IOException {
        Set<String> files;
        try (var list = Files.list(DB)) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).collect(Collectors.toSet());
        }
        assertEquals(files, Set.copyOf(Migrations.files()), "db/migrations.txt must name every migration of db/");
        assertEquals(Files.readString(DB.resolve("migrations.txt")), read("/db/migrations.txt"), "the jar ships the current index");
    }

    @Test
    void eachPostgresqlScriptReplacesAMigrationOfTheIndex() throws IOException {
        Set<String> files;
        try (var list = Files.list(DB.resolve("postgresql"))) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).collect(Collectors.toSet());
        }
        assertTrue(Set.copyOf(Migrations.files()).containsAll(files), "db/postgresql/ only has versions of db/'s files: " + files);
        for (var file : files) {
            assertEquals("db/postgresql/" + file, Migrations.resource(Dialect.POSTGRESQL, file));
            assertEquals(Files.readString(DB.resolve("postgresql").resolve(file)), read("/db/postgresql/" + file), "the jar ships " + file);
        }
        assertEquals("db/V1__model_registry.sql", Migrations.resource(Dialect.H2, "V1__model_registry.sql"));
        assertEquals("db/V8__version_provenance.sql", Migrations.resource(Dialect.POSTGRESQL, "V8__version_provenance.sql"), "shared where the SQL is the same");
    }

    private static String read(String resource) throws IOException {
        try (var in = Migrations.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void versionsIncreaseFromOne() {
        var versions = Migrations.files().stream().map(Migrations::version).toList();
        assertEquals(1, versions.getFirst());
        for (int i = 1; i < versions.size(); i++) assertTrue(versions.get(i) > versions.get(i - 1), versions.toString());
    }

    @Test
    void migrationsRunOnce() throws SQLException {
        String url;
        List<String> firstApplied;
        try (var persistence = PersistenceAdapters.openH2(data)) {
            url = persistence.jdbcUrl();
            firstApplied = appliedRows(url);
        }
        assertEquals(Migrations.files().size(), firstApplied.size());
        assertEquals(Migrations.files().stream().map(f -> Migrations.version(f) + " " + f + " true").toList(),
                firstApplied.stream().map(r -> r.substring(0, r.lastIndexOf(' '))).toList());
        try (var persistence = PersistenceAdapters.openH2(data)) {
            assertEquals(firstApplied, appliedRows(persistence.jdbcUrl()), "nothing applied again");
            assertEquals(0, Migrations.apply(h2(url), Dialect.H2).migrationsExecuted);
        }
    }

    static javax.sql.DataSource h2(String url) {
        var source = new org.h2.jdbcx.JdbcDataSource();
        source.setURL(url);
        source.setUser("sa");
        source.setPassword("");
        return source;
    }

    /** version, file, success and checksum of every migration in Flyway's history. */
    private static List<String> appliedRows(String url) throws SQLException {
        try (var c = DriverManager.getConnection(url, "sa", ""); var s = c.createStatement();
             var rs = s.executeQuery("SELECT * FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
            var rows = new ArrayList<String>();
            while (rs.next())
                rows.add(rs.getString("version") + " " + rs.getString("script") + " " + rs.getBoolean("success") + " " + rs.getInt("checksum"));
            return rows;
        }
    }

    @Test
    void aChangedMigrationIsRefusedAtStart() throws SQLException {
        String url;
        try (var persistence = PersistenceAdapters.openH2(data)) {
            url = persistence.jdbcUrl();
        }
        execute(url, "UPDATE \"flyway_schema_history\" SET \"checksum\" = 12345 WHERE \"version\" = '1'");
        var e = assertThrows(IllegalStateException.class, () -> PersistenceAdapters.openH2(data));
        assertTrue(e.getMessage().contains("checksum mismatch for migration version 1"), e.getMessage());
    }

    @Test
    void aDatabaseOfANewerBuildIsRefused() throws SQLException {
        String url;
        try (var persistence = PersistenceAdapters.openH2(data)) {
            url = persistence.jdbcUrl();
        }
        execute(url, "INSERT INTO \"flyway_schema_history\" VALUES (100, '999', 'future', 'SQL', 'V999__future.sql', 0, 'sa', CURRENT_TIMESTAMP, 0, TRUE)");
        var e = assertThrows(IllegalStateException.class, () -> PersistenceAdapters.openH2(data));
        assertTrue(e.getMessage().contains("999"), e.getMessage());
    }

    private static void execute(String url, String sql) throws SQLException {
        try (var c = DriverManager.getConnection(url, "sa", ""); var s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * A database written before named models (migrations V1-V5, with versions, labels, settings,
     * artifacts, a deployment history and an experiment) keeps everything when V6 is applied, all
     * of it in the model {@code default}; labels become unique within a model.
     */
    @Test
    void aDatabaseFromBeforeNamedModelsKeepsItsVersionsAsTheDefaultModels() {
        String url = "jdbc:h2:file:" + data.resolve("old").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
        var jdbi = Jdbi.create(url, "sa", "");
        Migrations.apply(h2(url), Dialect.H2, "5");
        jdbi.useHandle(h -> h.execute("""
                INSERT INTO model_version (id, label, algorithm, created_at, folds, forecasts, horizon, observations, feature_names)
                VALUES ('xgboost_v1', 'v1.2', 'xgboost', TIMESTAMP WITH TIME ZONE '2024-05-01 00:00:00+00', 3, 24, 24, 100, ARRAY['temperature']);
                INSERT INTO model_hyperparameter (version_id, name, setting) VALUES ('xgboost_v1', 'max_depth', '6');
                INSERT INTO model_library (version_id, name, version) VALUES ('xgboost_v1', 'xgboost4j', '3.4.0');
                INSERT INTO model_artifact (version_id, bytes, sha256, size) VALUES ('xgboost_v1', X'01', 'ab', 1);
                INSERT INTO deployment (sequence, version, action, previous_version, at, reason, actor)
                VALUES (1, 'xgboost_v1', 'DEPLOY', NULL, TIMESTAMP WITH TIME ZONE '2024-05-01 01:00:00+00', 'bootstrap', 'system');
                INSERT INTO ab_experiment (name, metric, min_samples, sticky, duration_ms, state, started_at)
                VALUES ('old-test', 'mape', 10, TRUE, 3600000, 'STOPPED', TIMESTAMP WITH TIME ZONE '2024-05-01 02:00:00+00');
                """));
        assertEquals(versionsFrom(6), Migrations.apply(h2(url), Dialect.H2).migrations.stream().map(m -> m.version).toList());
        jdbi.useHandle(h -> {
            assertEquals(List.of("default|xgboost_v1|v1.2"), h.createQuery("SELECT model || '|' || id || '|' || label FROM model_version")
                    .mapTo(String.class).list());
            assertEquals(List.of("default|1|xgboost_v1"), h.createQuery("SELECT model || '|' || sequence || '|' || version FROM deployment")
                    .mapTo(String.class).list());
            assertEquals(List.of("default"), h.createQuery("SELECT model FROM ab_experiment").mapTo(String.class).list());
            assertEquals(1, h.createQuery("SELECT COUNT(*) FROM model_hyperparameter").mapTo(Integer.class).one());
            // the foreign keys are back, and the same label may now serve another model
            assertThrows(Exception.class, () -> h.execute("INSERT INTO model_artifact (version_id, bytes, sha256, size) VALUES ('nope', X'01', 'ab', 1)"));
            h.execute("""
                    INSERT INTO model_version (model, id, label, algorithm, created_at, folds, forecasts, horizon, observations, feature_names)
                    VALUES ('shop-sales', 'arima_v1', 'v1.2', 'arima', TIMESTAMP WITH TIME ZONE '2024-05-02 00:00:00+00', 3, 24, 24, 100, ARRAY[])""");
            assertThrows(Exception.class, () -> h.execute("""
                    INSERT INTO model_version (model, id, label, algorithm, created_at, folds, forecasts, horizon, observations, feature_names)
                    VALUES ('shop-sales', 'arima_v2', 'v1.2', 'arima', TIMESTAMP WITH TIME ZONE '2024-05-02 00:00:00+00', 3, 24, 24, 100, ARRAY[])"""),
                    "labels stay unique within a model");
        });
    }

    /**
     * A database written while a version's notes were stored as hyperparameters (migrations up to
     * V6) keeps every note when V8 is applied, now as the version's provenance, and its
     * hyperparameters keep only what the algorithm accepts; the registry reads both back.
     */
    @Test
    void aDatabaseFromBeforeProvenanceNotesMovesThemOutOfTheHyperparameters() {
        String url = "jdbc:h2:file:" + data.resolve("notes").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
        var jdbi = Jdbi.create(url, "sa", "");
        Migrations.apply(h2(url), Dialect.H2, "7");
        jdbi.useHandle(h -> h.execute("""
                INSERT INTO model_version (model, id, label, algorithm, created_at, folds, forecasts, horizon, observations, feature_names)
                VALUES ('default', 'xgboost_v1', 'tuned', 'xgboost', TIMESTAMP WITH TIME ZONE '2024-05-01 00:00:00+00', 3, 24, 24, 100, ARRAY[]),
                       ('shop-sales', 'auto_v1', NULL, 'auto', TIMESTAMP WITH TIME ZONE '2024-05-02 00:00:00+00', 3, 24, 24, 800, ARRAY[]);
                INSERT INTO model_hyperparameter (version_id, name, setting) VALUES
                    ('xgboost_v1', 'max_depth', '6'), ('xgboost_v1', 'eta', '0.05'), ('xgboost_v1', 'imputation', 'seasonal'),
                    ('xgboost_v1', 'tuned_by', 'study s, trial 3'), ('xgboost_v1', 'trained_by', 'pipeline run-1'),
                    ('auto_v1', 'xgboost.rounds', '60'), ('auto_v1', 'members', 'arima,xgboost'), ('auto_v1', 'imputation', 'linear'),
                    ('auto_v1', 'selected_by', 'auto'), ('auto_v1', 'selection', 'ensemble MASE 0.8; arima MASE 0.9'),
                    ('auto_v1', 'weights', 'arima=0.4,xgboost=0.6'), ('auto_v1', 'portfolio', 'local, 8 series, prefix shop-'),
                    ('auto_v1', 'skipped', 'shop-9 (too short)');
                INSERT INTO model_library (version_id, name, version) VALUES ('xgboost_v1', 'xgboost4j', '3.4.0');
                INSERT INTO model_artifact (version_id, bytes, sha256, size) VALUES ('xgboost_v1', X'01', 'ab', 1), ('auto_v1', X'02', 'cd', 1);
                """));
        assertEquals(versionsFrom(8), Migrations.apply(h2(url), Dialect.H2).migrations.stream().map(m -> m.version).toList());

        var registry = new JdbiModelRegistry(jdbi, java.time.Clock.systemUTC());
        var tuned = registry.find("xgboost_v1").orElseThrow();
        assertEquals(forecast.domain.forecasting.Hyperparameters.of("max_depth", "6", "eta", "0.05"), tuned.hyperparameters());
        assertEquals(java.util.Map.of("imputation", "seasonal", "tuned_by", "study s, trial 3", "trained_by", "pipeline run-1"),
                tuned.provenance().notes());
        assertEquals(java.util.Map.of("xgboost4j", "3.4.0"), tuned.provenance().libraries());
        var auto = registry.find("shop-sales", "auto_v1").orElseThrow();
        assertEquals(forecast.domain.forecasting.Hyperparameters.of("xgboost.rounds", "60", "members", "arima,xgboost"), auto.hyperparameters(),
                "a composite's members and scoped settings are settings");
        assertEquals(java.util.Set.of("imputation", "selected_by", "selection", "weights", "portfolio", "skipped"), auto.provenance().notes().keySet());
        assertEquals("ensemble MASE 0.8; arima MASE 0.9", auto.provenance().notes().get("selection"));
        assertEquals(List.of(tuned, auto), registry.list(), "list reads the notes as find does");
        jdbi.useHandle(h -> assertThrows(Exception.class,
                () -> h.execute("INSERT INTO model_note (version_id, name, note) VALUES ('nope', 'tuned_by', 'x')"), "a note belongs to a version"));
    }

    /**
     * V8 moves exactly the notes training wrote among the hyperparameters: a note training writes
     * later goes to model_note only, and is named here.
     */
    @Test
    void theProvenanceMigrationMovesEveryNoteTrainingWrites() {
        var matcher = Pattern.compile("WHERE name IN \\(([^)]*)\\)").matcher(Migrations.script(Dialect.H2, "V8__version_provenance.sql"));
        var lists = new ArrayList<Set<String>>();
        while (matcher.find())
            lists.add(Pattern.compile(",").splitAsStream(matcher.group(1)).map(n -> n.strip().replace("'", "")).collect(Collectors.toSet()));
        // "intervals" is written since V9, straight into model_note: it was never among the hyperparameters
        var before = new java.util.HashSet<>(forecast.domain.training.TrainingService.NOTES);
        before.remove("intervals");
        assertEquals(List.of(before, before), lists, "copied into model_note, then deleted from model_hyperparameter");
    }

    /** The versions this build ships from {@code first} on, as Flyway names them. */
    private static List<String> versionsFrom(int first) {
        return LegacyMigrations.all().stream().filter(m -> m.version() >= first).map(m -> String.valueOf(m.version())).toList();
    }
}
