package forecast.adapters.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Prints what handling costs on this machine against the last-value model (so the figure is the
 * adapter's own: HTTP, JSON, validation, metrics). Measured, never asserted; run with
 * {@code -Dforecast.bench=true}.
 */
@EnabledIfSystemProperty(named = "forecast.bench", matches = "true")
class PredictThroughputTest {
    static final Instant END = Instant.parse("2030-01-01T09:00:00Z");

    /** Mean of the request timer of {@code route} (status 200), from the Prometheus text. */
    static double serverMeanMillis(Fixture fixture, String route) {
        double sum = 0, count = 0;
        for (String line : fixture.http.get("/observe/metrics").body().lines().toList()) {
            if (!line.contains("route=\"" + route + "\"") || !line.contains("status=\"200\"")) continue;
            double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            if (line.startsWith("forecast_http_request_duration_seconds_sum{")) sum += value;
            if (line.startsWith("forecast_http_request_duration_seconds_count{")) count += value;
        }
        return sum / count * 1000;
    }

    @Test
    void printPredictThroughput() throws Exception {
        try (var fixture = new Fixture(true)) {
            String body = "{\"data\": " + Fixture.rows(END, 48, 0) + ", \"forecast_horizon\": 24}";
            for (int i = 0; i < 3000; i++) fixture.http.post("/predict", body); // warm-up

            int n = 2000;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) assertEquals(200, fixture.http.post("/predict", body).status());
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("sequential /predict (48 rows, 24 steps): %d requests in %.2f s = %.0f req/s, %.3f ms each (round trip)%n",
                    n, seconds, n / seconds, seconds * 1000 / n);
            System.out.printf("server-side handling of /predict, mean over all so far: %.3f ms%n", serverMeanMillis(fixture, "/predict"));

            int clients = 8, each = 1000;
            var clientsHttp = new ArrayList<Http>();
            for (int c = 0; c < clients; c++) clientsHttp.add(new Http(fixture.server.port()));
            long t1 = System.nanoTime();
            try (var pool = Executors.newFixedThreadPool(clients)) {
                var futures = new ArrayList<Future<?>>();
                for (var http : clientsHttp) futures.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) assertEquals(200, http.post("/predict", body).status());
                }));
                for (var f : futures) f.get();
            }
            double concurrent = (System.nanoTime() - t1) / 1e9;
            System.out.printf("%d concurrent clients: %d requests in %.2f s = %.0f req/s (client on the same cores)%n",
                    clients, clients * each, concurrent, clients * each / concurrent);

            var items = new ArrayList<String>();
            for (int i = 0; i < 100; i++) items.add("{\"data\": " + Fixture.rows(END.plus(Duration.ofHours(i)), 48, 0) + ", \"forecast_horizon\": 24}");
            String batch = "[" + String.join(",", items) + "]";
            for (int i = 0; i < 200; i++) fixture.http.post("/predict/batch", batch);
            int rounds = 200;
            long t2 = System.nanoTime();
            for (int i = 0; i < rounds; i++) assertEquals(200, fixture.http.post("/predict/batch", batch).status());
            System.out.printf("/predict/batch of 100 x 24 steps: %.2f ms per batch (round trip), %.2f ms server-side%n",
                    (System.nanoTime() - t2) / 1e6 / rounds, serverMeanMillis(fixture, "/predict/batch"));
        }
    }
}
