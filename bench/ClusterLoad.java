import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

/**
 * RateLoad's open model (request i is due at start + i/rate and its latency counts from then) for
 * bench/cluster.sh, through a load balancer in front of several replicas. Besides latency it keeps,
 * per request, the status (0 for a connection error or timeout), the replica that answered (the
 * response header {@code X-Replica}, which HAProxy sets) and the {@code model_version} of the body.
 * At the end it reads EVENTS_FILE (lines {@code <epoch ms> <name> <detail>} that the script appended
 * while the load ran: {@code deploy <version>}, {@code kill <replica>}) and prints the totals, the
 * errors before and after the kill and around it, and per replica the versions it served after the
 * deploy: the last old answer and the first new one, counted from the deploy's answer.
 * It appends {@code <epoch ms> start -} to EVENTS_FILE when the first request is due.
 * Usage: java bench/ClusterLoad.java URL BODY_FILE RATE SECONDS CONNECTIONS EVENTS_FILE
 */
public class ClusterLoad {
    static final Pattern VERSION = Pattern.compile("\"model_version\"\\s*:\\s*\"([^\"]*)\"");

    public static void main(String[] args) throws Exception {
        String url = args[0];
        byte[] body = Files.readAllBytes(Path.of(args[1]));
        double rate = Double.parseDouble(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int connections = Integer.parseInt(args[4]);
        Path events = Path.of(args[5]);
        int total = (int) (rate * seconds);
        long[] latency = new long[total];
        long[] sentAt = new long[total];   // epoch ms when it was sent (later than due when all users wait)
        long[] finished = new long[total]; // epoch ms when the answer (or the error) came
        short[] status = new short[total];
        byte[] replica = new byte[total];
        byte[] version = new byte[total];
        String[] failure = new String[total];
        Arrays.fill(latency, -1);
        var replicas = new Interned();
        var versions = new Interned();
        var next = new AtomicInteger();
        long start = System.nanoTime() + 200_000_000L;
        long startEpoch = System.currentTimeMillis() + 200;
        // the script times its deploy and kill from this line
        Files.writeString(events, startEpoch + " start -\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();
        String key = System.getenv("FORECAST_ADMIN_KEY");
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < connections; c++) {
                pool.submit(() -> {
                    var builder = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json").timeout(Duration.ofSeconds(15));
                    if (key != null && !key.isBlank()) builder.header("Authorization", "Bearer " + key);
                    var request = builder.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                    for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                        long due = start + (long) (i * 1e9 / rate);
                        long wait = due - System.nanoTime();
                        if (wait > 0) LockSupport.parkNanos(wait);
                        sentAt[i] = System.currentTimeMillis();
                        try {
                            var response = client.send(request, HttpResponse.BodyHandlers.ofString());
                            status[i] = (short) response.statusCode();
                            replica[i] = (byte) replicas.of(response.headers().firstValue("X-Replica").orElse("?"));
                            var m = VERSION.matcher(response.body());
                            version[i] = (byte) versions.of(m.find() ? m.group(1) : "-");
                        } catch (Exception e) {
                            status[i] = 0;
                            String m = String.valueOf(e.getMessage());
                            failure[i] = e.getClass().getSimpleName() + ": " + (m.length() > 60 ? m.substring(0, 60) : m);
                        }
                        latency[i] = System.nanoTime() - due;
                        finished[i] = System.currentTimeMillis();
                    }
                    return null;
                });
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;

        // the script's events: deploy and kill times
        long deployAt = -1, killAt = -1;
        String deployed = null, killed = null;
        if (Files.exists(events)) {
            for (String line : Files.readAllLines(events)) {
                String[] f = line.trim().split("\\s+", 3);
                if (f.length < 3) continue;
                if (f[1].equals("deploy")) { deployAt = Long.parseLong(f[0]); deployed = f[2]; }
                if (f[1].equals("kill")) { killAt = Long.parseLong(f[0]); killed = f[2]; }
            }
        }

        int sent = 0;
        for (long l : latency) if (l >= 0) sent++;
        var all = new Stats();
        var beforeKill = new Stats();
        var afterKill = new Stats();
        for (int i = 0; i < total; i++) {
            if (latency[i] < 0) continue;
            all.add(i, latency, status, failure);
            (killAt < 0 || sentAt[i] < killAt ? beforeKill : afterKill).add(i, latency, status, failure);
        }
        System.out.printf(Locale.ROOT, "offered %.0f req/s for %d s over %d connections: completed %d in %.1f s (%.0f req/s), succeeded (2xx) %d%n",
                rate, seconds, connections, sent, elapsed, sent / elapsed, all.ok);
        System.out.println("latency from when each request was due: " + all.latencies());
        System.out.println("errors: " + all.errors());
        if (killAt >= 0) {
            double killS = (killAt - startEpoch) / 1000.0;
            System.out.printf(Locale.ROOT, "sent before the kill at %.1f s: %d requests, %s; latency %s%n", killS, beforeKill.count, beforeKill.errors(), beforeKill.latencies());
            System.out.printf(Locale.ROOT, "sent after the kill of %s: %d requests, %s; latency %s%n", killed, afterKill.count, afterKill.errors(), afterKill.latencies());
            // errors and slow answers second by second around the kill
            System.out.println("around the kill (by the second they were sent, from the kill: requests, errors, p99, max):");
            for (int s = -2; s <= 10; s++) {
                var w = new Stats();
                for (int i = 0; i < total; i++) {
                    if (latency[i] < 0) continue;
                    long from = killAt + s * 1000L;
                    if (sentAt[i] >= from && sentAt[i] < from + 1000) w.add(i, latency, status, failure);
                }
                if (w.count == 0) continue;
                System.out.printf(Locale.ROOT, "  %+3d s: %5d, %s, p99 %s ms, max %s ms%n", s, w.count, w.errors(), ms(w.quantile(0.99)), ms(w.quantile(1.0)));
            }
        }

        // who answered, and with which version
        System.out.println("answers per replica (through the load balancer): " + perReplica(total, latency, status, replica, replicas, i -> true));
        if (killAt >= 0) {
            long kill = killAt;
            System.out.println("answers per replica to requests sent before the kill: " + perReplica(total, latency, status, replica, replicas, i -> sentAt[i] < kill));
        }
        var okByVersion = new TreeMap<String, Integer>();
        for (int i = 0; i < total; i++) if (latency[i] >= 0 && status[i] / 100 == 2) okByVersion.merge(versions.name(version[i]), 1, Integer::sum);
        System.out.println("2xx answers per version: " + okByVersion);
        if (deployAt >= 0) {
            System.out.printf(Locale.ROOT, "deploy of %s answered at %.1f s; per replica, the versions of the 2xx answers that came after it:%n", deployed, (deployAt - startEpoch) / 1000.0);
            for (int r = 0; r < replicas.size(); r++) {
                var counts = new TreeMap<String, Integer>();
                long lastOld = Long.MIN_VALUE, firstNew = Long.MAX_VALUE;
                for (int i = 0; i < total; i++) {
                    if (latency[i] < 0 || replica[i] != r || status[i] / 100 != 2 || finished[i] < deployAt) continue;
                    String v = versions.name(version[i]);
                    counts.merge(v, 1, Integer::sum);
                    if (v.equals(deployed)) firstNew = Math.min(firstNew, finished[i] - deployAt);
                    else lastOld = Math.max(lastOld, finished[i] - deployAt);
                }
                System.out.printf(Locale.ROOT, "  %s: %s; first %s answer %s, last other answer %s%n", replicas.name(r), counts, deployed,
                        firstNew == Long.MAX_VALUE ? "never" : "+" + firstNew + " ms", lastOld == Long.MIN_VALUE ? "none" : "+" + lastOld + " ms");
            }
        }
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        System.out.printf(Locale.ROOT, "load generator CPU: %.0f s%n", os.getProcessCpuTime() / 1e9);
        System.out.println("SUCCEEDED=" + all.ok);
    }

    static String perReplica(int total, long[] latency, short[] status, byte[] replica, Interned replicas, java.util.function.IntPredicate which) {
        var out = new TreeMap<String, Integer>();
        for (int i = 0; i < total; i++) if (latency[i] >= 0 && status[i] != 0 && which.test(i)) out.merge(replicas.name(replica[i]), 1, Integer::sum);
        return out.toString();
    }

    static String ms(double nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    /** Latencies, statuses and failures of a set of requests. */
    static final class Stats {
        final List<Long> latencies = new ArrayList<>();
        final Map<String, Integer> errors = new TreeMap<>();
        int count, ok, non2xx, connection;

        void add(int i, long[] latency, short[] status, String[] failure) {
            count++;
            latencies.add(latency[i]);
            if (status[i] == 0) { connection++; errors.merge(failure[i], 1, Integer::sum); }
            else if (status[i] / 100 != 2) { non2xx++; errors.merge(String.valueOf(status[i]), 1, Integer::sum); }
            else ok++;
        }

        double quantile(double q) {
            if (latencies.isEmpty()) return 0;
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(q * sorted.length) - 1))];
        }

        String latencies() {
            return String.format(Locale.ROOT, "p50 %s ms, p90 %s ms, p99 %s ms, max %s ms", ms(quantile(0.5)), ms(quantile(0.9)), ms(quantile(0.99)), ms(quantile(1.0)));
        }

        String errors() {
            return "non-2xx " + non2xx + ", connection errors " + connection + (errors.isEmpty() ? "" : " " + errors);
        }
    }

    /** Small names to small numbers (replicas and versions fit a byte). */
    static final class Interned {
        private final Map<String, Integer> ids = new ConcurrentHashMap<>();
        private final Map<Integer, String> names = new ConcurrentHashMap<>();
        private final AtomicInteger next = new AtomicInteger();

        int of(String name) {
            return ids.computeIfAbsent(name, n -> {
                int id = next.getAndIncrement();
                names.put(id, n);
                return id;
            });
        }

        String name(int id) { return names.get(id); }

        int size() { return next.get(); }
    }
}
