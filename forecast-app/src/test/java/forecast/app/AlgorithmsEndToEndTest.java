package forecast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The acceptance on the real service: the catalogue, a typo refused, and what the live version fitted. */
class AlgorithmsEndToEndTest {
    @TempDir
    Path data;

    @Test
    @SuppressWarnings("unchecked")
    void theCatalogueListsEveryFamilyATypoIsRefusedAndTheLiveVersionShowsItsTrees() {
        try (var server = TestServer.start(data)) {
            var catalogue = server.as(null).get("/algorithms");
            assertEquals(200, catalogue.status(), catalogue.body());
            var algorithms = (List<Map<String, Object>>) catalogue.json().get("algorithms");
            assertEquals(List.of("seasonal_naive", "xgboost", "arima", "lstm", "ets", "theta", "mstl", "ensemble", "auto"), algorithms.stream().map(a -> a.get("name")).toList());
            var xgboost = algorithms.get(1);
            assertEquals("global", xgboost.get("scope"));
            var names = ((List<Map<String, Object>>) xgboost.get("hyperparameters")).stream().map(h -> h.get("name")).toList();
            assertTrue(names.containsAll(List.of("max_depth", "eta", "rounds", "lags", "max_rows")), names.toString());
            var arima = algorithms.get(2);
            assertEquals("local", arima.get("scope"));
            var period = (Map<String, Object>) ((Map<String, Object>) arima.get("search_space")).get("period");
            assertEquals(List.of(1.0, 24.0, 168.0), period.get("choices"), "the seasons of the hourly series the spaces are shown for");
            var ets = algorithms.get(4);
            assertEquals("local", ets.get("scope"));
            assertEquals(List.of("model", "damped", "period"), ((List<Map<String, Object>>) ets.get("hyperparameters")).stream().map(h -> h.get("name")).toList());

            var typo = server.post("/models/train", "{\"algorithm\": \"xgboost\", \"hyperparameters\": {\"max_depthh\": 3}}");
            assertEquals(400, typo.status(), typo.body());
            var error = ((List<Map<String, Object>>) typo.json().get("errors")).get(0);
            assertEquals("hyperparameters.max_depthh", error.get("field"));
            assertTrue(String.valueOf(error.get("message")).startsWith("unknown hyperparameter 'max_depthh' for xgboost; accepted: colsample_bytree, eta, "),
                    typo.body());
            assertEquals(1, ((List<?>) server.get("/models").json().get("models")).size(), "nothing was trained");

            var live = server.get("/models/xgboost_v1").json();
            var fitted = (Map<String, Object>) live.get("fitted");
            assertEquals("60", fitted.get("trees"), "the bootstrap's rounds: " + fitted);
            assertTrue(String.valueOf(fitted.get("features")).startsWith("lag_0..lag_23"), String.valueOf(fitted));
        }
    }
}
