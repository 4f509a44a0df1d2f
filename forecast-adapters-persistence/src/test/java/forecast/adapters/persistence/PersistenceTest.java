package forecast.adapters.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.contract.ModelRegistryContract;
import forecast.contract.ObservationStoreContract;
import forecast.domain.evaluation.BacktestMetrics;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.registry.CorruptArtifactException;
import forecast.domain.registry.DeploymentAction;
import forecast.domain.registry.DeploymentEvent;
import forecast.domain.registry.NewModelVersion;
import forecast.domain.series.SeriesId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistenceTest {
    @TempDir
    Path data;

    private static Connection sqlClient(Persistence persistence) throws SQLException {
        return DriverManager.getConnection(persistence.jdbcUrl(), "sa", "");
    }

    @Test
    void reopeningTheFileDatabaseFindsEverything() {
        var names = List.of("temperature", "promo");
        var series = ObservationStoreContract.withFeatures(names, 0, 1, 2, 5, 6);
        var bytes = ModelRegistryContract.bytes(100_000, 3);
        var event = new DeploymentEvent(1, "xgboost_v1", DeploymentAction.DEPLOY, null, Instant.parse("2025-03-01T12:00:00.5Z"), "first", "ci");
        List<?> versions;
        try (var persistence = PersistenceAdapters.openH2(data)) {
            var registry = persistence.modelRegistry();
            registry.register(ModelRegistryContract.version("v1.2", "xgboost"), bytes);
            registry.register(ModelRegistryContract.version(null, "arima"), new byte[] {1, 2, 3});
            assertTrue(registry.appendDeployment(event));
            persistence.observationStore().append(SeriesId.DEFAULT, series);
            versions = registry.list();
        }
        assertTrue(Files.exists(data.resolve("forecast.mv.db")));

        try (var persistence = PersistenceAdapters.openH2(data)) {
            var registry = persistence.modelRegistry();
            assertEquals(versions, registry.list());
            assertEquals(List.of(event), registry.deployments(forecast.domain.registry.ModelNames.DEFAULT));
            assertArrayEquals(bytes, registry.artifact("xgboost_v1").orElseThrow().verified());
            assertEquals("xgboost_v1", registry.find("v1.2").orElseThrow().id());
            assertEquals(List.of(SeriesId.DEFAULT), persistence.observationStore().series());
            ObservationStoreContract.assertSameSeries(series.regular(), persistence.observationStore().history(SeriesId.DEFAULT).orElseThrow());
            // the counters go on where they were
            assertEquals("arima_v2", registry.register(ModelRegistryContract.version(null, "arima"), new byte[1]).id());
            assertTrue(registry.appendDeployment(new DeploymentEvent(2, "arima_v2", DeploymentAction.DEPLOY, "xgboost_v1", Instant.now(), "", null)));
        }
    }

    @Test
    void aSqlClientSeesEachWriteAsSoonAsTheCallReturns() throws SQLException {
        try (var persistence = PersistenceAdapters.openH2(data)) {
            var metrics = new BacktestMetrics(Double.NaN, 4.5, 0.9, 10, 0.8, 0.95, 3, 30, 12);
            persistence.modelRegistry().register(new NewModelVersion("v2", "lstm", Hyperparameters.of("units", "32"), metrics,
                    ModelRegistryContract.provenance()), new byte[] {9});
            persistence.observationStore().append(SeriesId.DEFAULT, ObservationStoreContract.withFeatures(List.of("temperature", "promo"), 0, 1));
            try (var c = sqlClient(persistence); var s = c.createStatement()) {
                var rs = s.executeQuery("""
                        SELECT v.id, v.mape, v.smape, v.feature_names, h.setting
                          FROM model_version v JOIN model_hyperparameter h ON h.version_id = v.id AND h.name = 'units'""");
                assertTrue(rs.next());
                assertEquals("lstm_v1", rs.getString("id"));
                assertNull(rs.getObject("mape"), "NaN is stored as NULL");
                assertEquals(4.5, rs.getDouble("smape"));
                assertEquals("32", rs.getString("setting"));
                rs = s.executeQuery("""
                        SELECT o.ts, o.actual, f.feature_value
                          FROM observation o LEFT JOIN observation_feature f ON f.series_id = o.series_id AND f.ts = o.ts AND f.name = 'promo'
                         WHERE o.series_id = 'default' ORDER BY o.ts""");
                assertTrue(rs.next());
                assertEquals(1.0, rs.getDouble("feature_value"));
                assertTrue(rs.next());
                assertNull(rs.getObject("feature_value"), "an unknown feature value has no row");
            }
        }
    }

    @Test
    void aTamperedArtifactIsRefusedWhenLoaded() throws SQLException {
        try (var persistence = PersistenceAdapters.open("jdbc:h2:mem:tamper-" + UUID.randomUUID())) {
            var registry = persistence.modelRegistry();
            var v = registry.register(ModelRegistryContract.version(null, "xgboost"), ModelRegistryContract.bytes(1000, 1));
            try (var c = sqlClient(persistence); var update = c.prepareStatement("UPDATE model_artifact SET bytes = ? WHERE version_id = ?")) {
                var altered = ModelRegistryContract.bytes(1000, 1);
                altered[500] ^= 1;
                update.setBytes(1, altered);
                update.setString(2, v.id());
                assertEquals(1, update.executeUpdate());
            }
            var artifact = registry.artifact(v.id()).orElseThrow();
            var e = assertThrows(CorruptArtifactException.class, artifact::verified);
            assertTrue(e.getMessage().contains(v.id()), e.getMessage());
            assertEquals(v, registry.find(v.id()).orElseThrow(), "the version itself is still listed");
        }
    }

    @Test
    void anInMemoryDatabaseLivesUntilClosed() {
        var url = "jdbc:h2:mem:lifetime-" + UUID.randomUUID();
        try (var persistence = PersistenceAdapters.open(url)) {
            persistence.modelRegistry().register(ModelRegistryContract.version(null, "arima"), new byte[1]);
            assertEquals(1, persistence.modelRegistry().list().size(), "kept between pooled connections");
        }
        try (var persistence = PersistenceAdapters.open(url)) {
            assertEquals(List.of(), persistence.modelRegistry().list());
        }
    }

    @Test
    void closeIsIdempotent() {
        var persistence = PersistenceAdapters.open("jdbc:h2:mem:close-" + UUID.randomUUID());
        persistence.close();
        persistence.close();
    }

    @Test
    void onlyH2AndPostgresqlUrlsAreAccepted() {
        var e = assertThrows(IllegalArgumentException.class, () -> PersistenceAdapters.open("jdbc:mysql://localhost/forecast?password=s3cret", "u", "p"));
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PersistenceAdapters.open("jdbc:h2:mem:x", "sa", "", 0), "a pool of no connections");
    }

    @Test
    void aPostgresqlThatCannotBeReachedIsReportedWithoutThePassword() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var e = assertThrows(IllegalStateException.class,
                () -> PersistenceAdapters.open("jdbc:postgresql://127.0.0.1:" + port + "/forecast?connectTimeout=2", "forecast", "s3cret-password", 2));
        assertTrue(e.getMessage().contains("cannot open the database"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret-password"), e.getMessage());
    }
}
