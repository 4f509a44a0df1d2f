package forecast.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each request size limit, at the limit and one past it: body bytes (413 {@code body}, with or
 * without Content-Length), history rows (413 {@code data}), horizon (400
 * {@code forecast_horizon}), batch items (413 {@code requests}).
 */
class LimitsTest {
    static final Instant END = Instant.parse("2030-01-01T09:00:00Z");
    static final WebSettings LIMITS = Fixture.SETTINGS;
    static Fixture fixture;

    @BeforeAll
    static void start() {
        fixture = new Fixture(true).checkedAgainstOpenApi();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static String predict(int rows, int horizon) {
        return "{\"data\": " + Fixture.rows(END, rows, 0) + ", \"forecast_horizon\": " + horizon + "}";
    }

    @Test
    void aBodyOverTheByteLimitIsTooLargeWithOrWithoutContentLength() {
        byte[] atLimit = HttpTransportTest.oversized((int) LIMITS.maxBodyBytes());
        byte[] over = HttpTransportTest.oversized((int) LIMITS.maxBodyBytes() + 1);
        PredictTest.assertProblem(fixture.http.post("/predict", atLimit), 400, "data"); // read, then found wanting
        PredictTest.assertProblem(fixture.http.post("/predict", over), 413, "body");
        PredictTest.assertProblem(fixture.http.postChunked("/predict", over), 413, "body");
        PredictTest.assertProblem(fixture.http.postChunked("/predict/batch", over), 413, "body");
        PredictTest.assertProblem(fixture.http.post("/models/train", over), 413, "body");
        PredictTest.assertProblem(fixture.http.postChunked("/tuning/studies", over), 413, "body");
    }

    @Test
    void moreHistoryRowsThanTheLimitAreTooLarge() {
        assertEquals(200, fixture.http.post("/predict", predict(LIMITS.maxHistory(), 1)).status());
        PredictTest.assertProblem(fixture.http.post("/predict", predict(LIMITS.maxHistory() + 1, 1)), 413, "data");
        var batch = fixture.http.post("/predict/batch", "[" + predict(LIMITS.maxHistory() + 1, 1) + "]").json();
        var item = batch.getJsonArray("results").getJsonObject(0);
        assertEquals(413, item.getInt("status"));
        assertEquals("data", item.getJsonArray("errors").getJsonObject(0).getString("field"));
        String train = "{\"algorithm\": \"last_value\", \"data\": " + Fixture.rows(END, LIMITS.maxHistory() + 1, 0) + "}";
        PredictTest.assertProblem(fixture.http.post("/models/train", train), 413, "data");
        String tune = "{\"name\": \"big\", \"algorithm\": \"moving_average\", \"n_trials\": 1, \"data\": " + Fixture.rows(END, LIMITS.maxHistory() + 1, 0) + "}";
        PredictTest.assertProblem(fixture.http.post("/tuning/studies", tune), 413, "data");
    }

    @Test
    void aHorizonOverTheLimitIsRefusedNamingIt() {
        var at = fixture.http.post("/predict", predict(10, LIMITS.maxHorizon()));
        assertEquals(200, at.status(), at.body());
        assertEquals(LIMITS.maxHorizon(), at.json().getJsonArray("predictions").size());
        var over = fixture.http.post("/predict", predict(10, LIMITS.maxHorizon() + 1));
        PredictTest.assertProblem(over, 400, "forecast_horizon");
        assertEquals(true, over.body().contains("at most " + LIMITS.maxHorizon()), over.body());
    }

    @Test
    void moreBatchItemsThanTheLimitAreTooLarge() {
        String item = predict(10, 1);
        var at = fixture.http.post("/predict/batch", "[" + String.join(",", Collections.nCopies(LIMITS.maxBatch(), item)) + "]");
        assertEquals(200, at.status(), at.body());
        assertEquals(LIMITS.maxBatch(), at.json().getJsonArray("results").size());
        String over = "{\"requests\": [" + String.join(",", Collections.nCopies(LIMITS.maxBatch() + 1, item)) + "]}";
        assertEquals(true, over.getBytes(StandardCharsets.UTF_8).length < LIMITS.maxBodyBytes(), "the item count, not the bytes, is over");
        PredictTest.assertProblem(fixture.http.post("/predict/batch", over), 413, "requests");
    }
}
