import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load at a constant arrival rate (an open model, unlike wrk's closed loop): request i is due at
 * start + i/rate and its latency counts from then, so a slow server cannot hide its queue
 * (no coordinated omission). CONNECTIONS workers send at most that many requests at once over
 * one client's keep-alive connection pool.
 * Usage: java bench/RateLoad.java URL BODY_FILE RATE SECONDS CONNECTIONS
 */
public class RateLoad {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        byte[] body = Files.readAllBytes(Path.of(args[1]));
        double rate = Double.parseDouble(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int connections = Integer.parseInt(args[4]);
        int total = (int) (rate * seconds);
        long[] latency = new long[total];
        Arrays.fill(latency, -1);
        var next = new AtomicInteger();
        var errors = new AtomicLong();
        long start = System.nanoTime() + 200_000_000L;
        var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String key = System.getenv("FORECAST_ADMIN_KEY"); // sent when set: /predict may be configured to need it
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < connections; c++) {
                pool.submit(() -> {
                    var builder = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json");
                    if (key != null && !key.isBlank()) builder.header("Authorization", "Bearer " + key);
                    var request = builder.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                    for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                        long due = start + (long) (i * 1e9 / rate);
                        long wait = due - System.nanoTime();
                        if (wait > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        try {
                            var response = client.send(request, HttpResponse.BodyHandlers.discarding());
                            if (response.statusCode() != 200) errors.incrementAndGet();
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                        latency[i] = System.nanoTime() - due;
                    }
                    return null;
                });
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] done = Arrays.stream(latency).filter(l -> l >= 0).sorted().toArray();
        System.out.printf(Locale.ROOT, "offered %.0f req/s for %d s over %d connections: completed %d (%.0f req/s), errors %d, latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                rate, seconds, connections, done.length, done.length / elapsed, errors.get(),
                at(done, 0.50), at(done, 0.90), at(done, 0.99), done.length == 0 ? 0 : done[done.length - 1] / 1e6);
    }

    static double at(long[] sorted, double q) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
