package forecast.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.registry.ModelNames;
import java.nio.file.Path;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * H2 files made by the hand-written runner of the builds before Flyway ({@link LegacyMigrations},
 * history in {@code schema_version}) open as before: Flyway's history starts with the
 * migrations that runner applied recorded as applied (Flyway's skipExecutingMigrations), and only
 * what is newer runs.
 */
class FlywayBaselineTest {
    @TempDir
    Path data;

    /** The URL {@link PersistenceAdapters#openH2} opens for {@link #data}. */
    private Jdbi legacyDatabase() {
        return Jdbi.create("jdbc:h2:file:" + data.toAbsolutePath().normalize().resolve("forecast") + ";AUTO_SERVER=TRUE;WRITE_DELAY=0", "sa", "");
    }

    /** The baselined migrations of the old runner, then those Flyway applied after it. */
    private static final List<String> ALL = LegacyMigrations.all().stream().map(m -> m.version() + " SQL TRUE").toList();

    private static List<LegacyMigrations.Migration> upTo(int version) {
        return LegacyMigrations.bundled().stream().filter(m -> m.version() <= version).toList();
    }

    private static List<String> history(Persistence persistence) {
        return Jdbi.create(persistence.jdbcUrl(), "sa", "").withHandle(h -> h.createQuery("""
                SELECT "version" || ' ' || "type" || ' ' || "success" FROM "flyway_schema_history" WHERE "version" IS NOT NULL ORDER BY "installed_rank"
                """).mapTo(String.class).list());
    }

    @Test
    void aDatabaseOfTheOldRunnerIsBaselinedAndKeepsItsData() {
        var legacy = legacyDatabase();
        assertEquals(LegacyMigrations.LAST_OF_THE_OLD_RUNNER, LegacyMigrations.apply(legacy, LegacyMigrations.bundled()).size());
        legacy.useHandle(h -> h.execute("""
                INSERT INTO model_version (model, id, label, algorithm, created_at, folds, forecasts, horizon, observations, feature_names)
                VALUES ('default', 'arima_v1', 'v1', 'arima', TIMESTAMP WITH TIME ZONE '2024-05-01 00:00:00+00', 3, 24, 24, 100, ARRAY[]);
                INSERT INTO model_artifact (version_id, bytes, sha256, size)
                VALUES ('arima_v1', X'01', '4bf5122f344554c53bde2ebb8cd2b7e3d1600ad631c385a5d7cce23c7785459a', 1);
                INSERT INTO deployment (model, sequence, version, action, previous_version, at, reason, actor)
                VALUES ('default', 1, 'arima_v1', 'DEPLOY', NULL, TIMESTAMP WITH TIME ZONE '2024-05-01 01:00:00+00', 'bootstrap', 'system');
                """));
        try (var persistence = PersistenceAdapters.openH2(data)) {
            assertEquals(ALL, history(persistence), "recorded as applied, not run again (V1 would fail: its tables exist)");
            assertEquals("v1", persistence.modelRegistry().find("arima_v1").orElseThrow().label());
            assertEquals(1, persistence.modelRegistry().deployments(ModelNames.DEFAULT).size());
        }
        try (var persistence = PersistenceAdapters.openH2(data)) {
            assertEquals(ALL, history(persistence), "taken over once");
        }
    }

    @Test
    void aDatabaseOfTheOldRunnerGetsTheNewerMigrationsFromFlyway() {
        var legacy = legacyDatabase();
        LegacyMigrations.apply(legacy, upTo(5));
        legacy.useHandle(h -> h.execute("""
                INSERT INTO model_version (id, label, algorithm, created_at, folds, forecasts, horizon, observations, feature_names)
                VALUES ('xgboost_v1', 'v1.2', 'xgboost', TIMESTAMP WITH TIME ZONE '2024-05-01 00:00:00+00', 3, 24, 24, 100, ARRAY['temperature']);
                INSERT INTO model_artifact (version_id, bytes, sha256, size)
                VALUES ('xgboost_v1', X'01', '4bf5122f344554c53bde2ebb8cd2b7e3d1600ad631c385a5d7cce23c7785459a', 1);
                """));
        try (var persistence = PersistenceAdapters.openH2(data)) {
            assertEquals(ALL, history(persistence));
            var version = persistence.modelRegistry().find("xgboost_v1").orElseThrow();
            assertEquals(ModelNames.DEFAULT, version.model());
            assertEquals(List.of("temperature"), version.provenance().featureNames());
        }
    }

    @Test
    void aChangedMigrationUnderTheOldRunnerIsRefused() {
        var legacy = legacyDatabase();
        LegacyMigrations.apply(legacy, LegacyMigrations.bundled());
        legacy.useHandle(h -> h.execute("UPDATE schema_version SET checksum = '" + "0".repeat(64) + "' WHERE version = 1"));
        var e = assertThrows(IllegalStateException.class, () -> PersistenceAdapters.openH2(data));
        assertTrue(e.getMessage().contains("V1__model_registry.sql was changed"), e.getMessage());
    }

    @Test
    void aDatabaseOfANewerBuildOfTheOldRunnerIsRefused() {
        var legacy = legacyDatabase();
        LegacyMigrations.apply(legacy, LegacyMigrations.bundled());
        legacy.useHandle(h -> h.execute("INSERT INTO schema_version VALUES (999, 'V999__future.sql', '" + "0".repeat(64) + "', CURRENT_TIMESTAMP)"));
        var e = assertThrows(IllegalStateException.class, () -> PersistenceAdapters.openH2(data));
        assertTrue(e.getMessage().contains("V999"), e.getMessage());
    }
}
