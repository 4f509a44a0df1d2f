package forecast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import forecast.adapters.ml.MlAdapters;
import forecast.adapters.persistence.PersistenceAdapters;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.preprocessing.Imputation;
import forecast.domain.series.SeriesId;
import forecast.domain.telemetry.Telemetry;
import forecast.domain.training.TrainingRequest;
import forecast.domain.training.TrainingResult;
import forecast.domain.training.TrainingService;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deploy, rollback and restart through the real server and database on disk. */
class DeploymentLifecycleTest {
    @TempDir
    Path data;

    @Test
    void deployThenRollbackThenRestartKeepsTheHistoryAndTheLiveVersion() throws Exception {
        try (var server = TestServer.start(data)) {
            assertEquals("xgboost_v1", server.get("/models/default/versions").json().get("live"));
        }
        // a second version, registered as another process would (the HTTP training route is not part of this step)
        try (var persistence = PersistenceAdapters.openH2(data)) {
            var training = new TrainingService(Application.forecasters(), persistence.modelRegistry(), Telemetry.NONE);
            var history = persistence.observationStore().history(SeriesId.DEFAULT).orElseThrow();
            var result = training.train(new TrainingRequest(SeriesId.DEFAULT, history, "seasonal_naive", Hyperparameters.NONE, Imputation.LINEAR, "naive-1"));
            assertEquals("seasonal_naive_v1", assertInstanceOf(TrainingResult.Trained.class, result).version().id());
        }
        try (var server = TestServer.start(data)) {
            var deployed = server.post("/models/deploy", "{\"model_version\": \"naive-1\", \"reason\": \"try the baseline\"}");
            assertEquals(200, deployed.status(), deployed.body());
            assertEquals("seasonal_naive_v1", server.get("/models/default/versions").json().get("live"));
            var predicted = server.post("/predict", "{\"data\": " + ServeEndToEndTest.trainTail(200) + ", \"forecast_horizon\": 3}");
            assertEquals("seasonal_naive_v1", predicted.json().get("model_version"));

            var rolledBack = server.post("/models/rollback", "{\"reason\": \"baseline is worse\"}");
            assertEquals(200, rolledBack.status(), rolledBack.body());
            assertEquals("xgboost_v1", rolledBack.json().get("version"));
            assertEquals("ROLLBACK", String.valueOf(rolledBack.json().get("action")).toUpperCase());
            assertEquals(409, server.post("/models/rollback", "{}").status(), "nothing before the first version");
            assertEquals(404, server.post("/models/deploy", "{\"model_version\": \"nope\"}").status());
        }
        try (var server = TestServer.start(data)) {
            assertEquals("xgboost_v1", server.get("/models/default/versions").json().get("live"), "the live version survives a restart");
            var history = (List<?>) server.get("/models/deployments").json().get("deployments");
            assertEquals(3, history.size(), String.valueOf(history));
            var reasons = history.stream().map(e -> ((Map<?, ?>) e).get("reason")).toList();
            assertEquals(List.of("bootstrap: first start", "try the baseline", "baseline is worse"), reasons);
            var predicted = server.post("/predict", "{\"data\": " + ServeEndToEndTest.trainTail(200) + ", \"forecast_horizon\": 3}");
            assertEquals(200, predicted.status());
            assertEquals("xgboost_v1", predicted.json().get("model_version"));
            assertEquals(2, ((List<?>) server.get("/models/default/versions").json().get("versions")).size());
        }
    }
}
