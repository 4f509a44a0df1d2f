import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The portfolio benchmark (issue 14): many generated monthly and daily series in one long CSV
 * ({@code series_id,timestamp,value}), uploaded through {@code POST /series}, then one model
 * version per algorithm and frequency trained over all of a frequency's series
 * ({@code POST /models/{model}/train} with {@code series_prefix}), and every series forecast from
 * its stored history ({@code POST /predict/batch} naming the model and the series, no data).
 * Prints series per second for each step, each version's aggregate backtest (MASE mean and
 * median over its series), the server's resident memory and the database's size.
 *
 * <pre>
 *   java bench/Portfolio.java URL [options]        (FORECAST_ADMIN_KEY in the environment)
 *   java bench/Portfolio.java --generate-only FILE [size options]
 *     --monthly N    monthly series m-0001..   (default 500)     --months L  months each (120)
 *     --daily N      daily series d-0001..     (default 500)     --days L    days each (730)
 *     --seed S       the generator's seed (14)
 *     --algorithms A,B,...   default seasonal_naive,arima,xgboost
 *     --hyperparameters ALGORITHM=JSON   replaces an algorithm's hyperparameters (repeatable)
 *     --by-list      train with "series": [ids...] instead of "series_prefix"
 *     --parallel K   forecast batches in flight (default 4); a batch holds 100 series
 *     --max-body B   largest upload body in bytes (default 8 MiB; the server takes 10 MiB)
 *     --upload-only  stop after the upload and the listing check
 *     --csv FILE     also write the whole generated long CSV to FILE
 *     --pid PID      the server's process id, for its resident memory (/proc/PID/status)
 *     --data DIR     the server's database folder, for its size
 * </pre>
 *
 * Series: level, linear trend, seasonality (monthly: a yearly cycle of two harmonics; daily: a
 * weekday profile and a yearly cycle), AR(1) noise, all positive. Every 20th series (index 10, 30,
 * ...) has a level shift, every 25th (index 5, 30, 55, ...) gaps (empty value cells). The same seed
 * gives the same series, and a series does not depend on how many others are generated.
 *
 * <p>The requests, with the admin key as {@code Authorization: Bearer}:
 * <ul>
 * <li>{@code POST /series?frequency=P1M} (then {@code P1D}), {@code Content-Type: text/csv}: the
 *     frequency's series in as few bodies under {@code --max-body} as hold them; then
 *     {@code GET /series?prefix=m-&limit=1000}, following {@code next}, checks what was stored.
 * <li>{@code POST /models/{model}/train} for each algorithm, monthly then daily, models
 *     {@code monthly-naive}, {@code monthly-arima}, {@code monthly-xgboost}, {@code daily-...}:
 *     {@code {"algorithm": "arima", "series_prefix": "m-", "wait": true, "deploy": true,
 *     "hyperparameters": {...}}}. A 202 (or a 200 not yet finished) is polled at
 *     {@code GET /jobs/{id}} until {@code status} is {@code succeeded} or {@code failed}; the job
 *     names {@code model_version}. When it does not name a {@code deployed} version,
 *     {@code POST /models/{model}/deploy {"model_version": ..., "reason": "portfolio bench"}}.
 *     Then {@code GET /models/{model}/versions/{version}}: {@code portfolio.mase_mean} and
 *     {@code mase_median}, else {@code metrics.mase}. A version whose {@code provenance.frequency}
 *     is not the series' (a server that ignored the selection), or whose portfolio counts other
 *     than the series named, is an error.
 * <li>{@code POST /predict/batch {"requests": [{"model": "monthly-arima", "series_id": "m-0001",
 *     "forecast_horizon": 12}, ...]}}: 100 a batch, {@code --parallel} batches at a time, horizon
 *     12 monthly and 14 daily; an item without {@code status} 200 and {@code forecast_horizon}
 *     numbers in {@code predictions} is an error.
 * </ul>
 * ARIMA's default budget is small (orders up to (1,d,1)(1,D,1), conditional sum of squares during
 * the search). Trained one series at a time on a busy 2-core machine, orders up to (2,d,2)(1,D,1)
 * took 1.9 s a monthly series and 5.1 s a daily one, these settings 0.6 s and 0.4 s, with about
 * the same backtest MASE. The exit status is 1 when a step had errors.
 */
public class Portfolio {
    static final int BATCH = 100;
    static final String[] DEFAULT_ALGORITHMS = {"seasonal_naive", "arima", "xgboost"};
    static final Map<String, String> HYPERPARAMETERS = new LinkedHashMap<>(Map.of(
            "seasonal_naive", "{}",
            "arima", "{\"max_p\": 1, \"max_q\": 1, \"max_P\": 1, \"max_Q\": 1, \"approximation\": true}",
            "xgboost", "{\"rounds\": 100}"));

    static HttpClient client;
    static String url;
    static String key;

    record Group(String name, String prefix, String frequency, int count, int length, int horizon, LocalDate start) {}

    record Row(String step, String version, int series, double seconds, String maseMean, String maseMedian, int errors) {}

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        var o = new Options(args);
        var groups = List.of(
                new Group("monthly", "m-", "P1M", o.monthly, o.months, 12, LocalDate.of(2015, 1, 1)),
                new Group("daily", "d-", "P1D", o.daily, o.days, 14, LocalDate.of(2023, 1, 1)));

        long g0 = System.nanoTime();
        var csv = new LinkedHashMap<Group, List<byte[]>>(); // each group's series, one CSV chunk (no header) each
        long rows = 0, gaps = 0;
        for (var g : groups) {
            var chunks = new ArrayList<byte[]>(g.count);
            for (int i = 1; i <= g.count; i++) {
                double[] values = g.frequency.equals("P1M") ? monthly(o.seed, i, g.length) : daily(o.seed, i, g.length);
                chunks.add(csv(id(g, i), g, values));
                rows += values.length;
                for (double v : values) if (Double.isNaN(v)) gaps++;
            }
            csv.put(g, chunks);
        }
        System.out.printf(Locale.ROOT, "generated %d monthly series x %d months and %d daily series x %d days (seed %d): %,d rows, %d gaps, in %.1f s%n",
                o.monthly, o.months, o.daily, o.days, o.seed, rows, gaps, secs(g0));
        if (o.csvFile != null) {
            try (OutputStream out = Files.newOutputStream(Path.of(o.csvFile))) {
                out.write("series_id,timestamp,value\n".getBytes(StandardCharsets.UTF_8));
                for (var chunks : csv.values()) for (byte[] c : chunks) out.write(c);
            }
            System.out.println("wrote " + o.csvFile + " (" + Files.size(Path.of(o.csvFile)) + " bytes)");
        }
        if (url == null) return;

        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        key = System.getenv("FORECAST_ADMIN_KEY");
        var table = new ArrayList<Row>();
        var memory = new ArrayList<String>();
        var problems = java.util.Collections.synchronizedMap(new LinkedHashMap<String, AtomicInteger>()); // in the order they occurred
        memory.add(memory("after start", o));

        // upload: each frequency in as few bodies as fit under --max-body, one after another
        int uploaded = 0, uploadErrors = 0, bodies = 0;
        long bytes = 0;
        long u0 = System.nanoTime();
        for (var g : groups) {
            if (g.count == 0) continue;
            for (var body : bodies(csv.get(g), o.maxBody)) {
                bodies++;
                bytes += body.bytes.length;
                long b0 = System.nanoTime();
                var r = send(request("/series?frequency=" + g.frequency).header("Content-Type", "text/csv")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes)).timeout(Duration.ofMinutes(10)));
                System.out.printf(Locale.ROOT, "  POST /series?frequency=%s: %d %s series, %,d bytes: HTTP %d in %.1f s%n",
                        g.frequency, body.series, g.name, body.bytes.length, r.statusCode(), secs(b0));
                if (r.statusCode() / 100 != 2) {
                    uploadErrors += body.series;
                    problem(problems, "upload " + g.name + ": HTTP " + r.statusCode() + " " + abbreviate(r.body()));
                    continue;
                }
                var listed = list(Json.parse(r.body()), "series");
                uploaded += listed.size();
                if (listed.size() != body.series) {
                    uploadErrors += Math.abs(body.series - listed.size());
                    problem(problems, "upload " + g.name + ": sent " + body.series + " series, the answer lists " + listed.size());
                }
            }
        }
        double uploadSeconds = secs(u0);
        System.out.printf(Locale.ROOT, "uploaded %d series in %d bodies (%,d bytes) in %.1f s%n", uploaded, bodies, bytes, uploadSeconds);
        memory.add(memory("after upload", o));
        for (var g : groups) if (g.count > 0) uploadErrors += checkListing(g, problems);
        table.add(new Row("upload", "", uploaded, uploadSeconds, "", "", uploadErrors));

        if (!o.uploadOnly) {
            var trained = new LinkedHashMap<String, Group>(); // model name -> its series
            for (String algorithm : o.algorithms) {
                for (var g : groups) {
                    if (g.count == 0) continue;
                    String model = g.name + "-" + (algorithm.equals("seasonal_naive") ? "naive" : algorithm);
                    var row = train(model, algorithm, g, o, problems);
                    table.add(row);
                    System.out.printf(Locale.ROOT, "trained %s in %.1f s%n", model, row.seconds);
                    if (!row.version.isEmpty()) trained.put(model, g); // a version to forecast with, even when its selection looks wrong
                }
            }
            memory.add(memory("after training", o));
            for (var e : trained.entrySet()) {
                var row = forecast(e.getKey(), e.getValue(), o, problems);
                table.add(row);
                System.out.printf(Locale.ROOT, "forecast %s in %.1f s%n", e.getKey(), row.seconds);
            }
            memory.add(memory("after forecasting", o));
        }

        System.out.println();
        System.out.printf("%-26s %-20s %7s %9s %10s %10s %11s %7s%n", "step", "version", "series", "seconds", "series/s", "MASE mean", "MASE median", "errors");
        int errors = 0;
        for (var r : table) {
            System.out.printf(Locale.ROOT, "%-26s %-20s %7d %9.1f %10.1f %10s %11s %7d%n", r.step, r.version, r.series, r.seconds,
                    r.seconds > 0 ? r.series / r.seconds : 0.0, r.maseMean, r.maseMedian, r.errors);
            errors += r.errors;
        }
        System.out.println();
        memory.forEach(System.out::println);
        if (!problems.isEmpty()) {
            System.out.println();
            System.out.println("errors (first " + Math.min(10, problems.size()) + " kinds):");
            problems.entrySet().stream().limit(10).forEach(e -> System.out.println("  " + e.getValue() + " x " + e.getKey()));
        }
        System.out.printf(Locale.ROOT, "%ntotal %.1f s%n", secs(t0));
        if (errors > 0) System.exit(1);
    }

    // ---------------------------------------------------------------- generator

    static String id(Group g, int i) {
        return g.prefix + String.format(Locale.ROOT, "%0" + Math.max(4, String.valueOf(g.count).length()) + "d", i);
    }

    /** Series {@code index} of a kind: its own random numbers, from the seed, the kind and the index. */
    static Random random(long seed, int kind, int index) {
        return new Random(seed * 1_000_003L + kind * 100_003L + index);
    }

    /** Monthly: level, trend, a yearly cycle of two harmonics (some without), AR(1) noise; NaN for a gap. */
    static double[] monthly(long seed, int index, int length) {
        var r = random(seed, 1, index);
        double level = Math.exp(uniform(r, Math.log(20), Math.log(5000)));
        double slope = r.nextDouble() < 0.2 ? 0 : uniform(r, -0.004, 0.010); // per month, relative to the first level
        double amplitude = r.nextDouble() < 0.1 ? 0 : uniform(r, 0.05, 0.35);
        double phase = uniform(r, 0, 12), second = uniform(r, 0, 0.5), phase2 = uniform(r, 0, 12);
        double[] season = new double[12];
        for (int m = 0; m < 12; m++)
            season[m] = amplitude * (Math.sin(2 * Math.PI * (m + phase) / 12) + second * Math.sin(4 * Math.PI * (m + phase2) / 12));
        double phi = uniform(r, 0, 0.5), sd = uniform(r, 0.02, 0.12);
        double[] shift = shift(r, index, length);
        double[] v = new double[length];
        double noise = 0;
        for (int t = 0; t < length; t++) {
            double base = level * (1 + slope * t) * shift[t];
            noise = phi * noise + r.nextGaussian() * sd * Math.sqrt(1 - phi * phi);
            v[t] = Math.max(base * (1 + season[t % 12] + noise), 0.01 * level);
        }
        gaps(r, index, v, 12, 4);
        return v;
    }

    /** Daily: level, trend, a weekday profile, a yearly cycle (some without), AR(1) noise; NaN for a gap. */
    static double[] daily(long seed, int index, int length) {
        var r = random(seed, 2, index);
        double level = Math.exp(uniform(r, Math.log(20), Math.log(5000)));
        double slope = r.nextDouble() < 0.2 ? 0 : uniform(r, -0.0003, 0.0008); // per day
        double weekly = r.nextDouble() < 0.1 ? 0 : uniform(r, 0.05, 0.4);
        double[] week = new double[7];
        double weekend = r.nextBoolean() ? 1 : -1; // weekend peak (shops) or dip (offices)
        double mean = 0;
        for (int d = 0; d < 7; d++) mean += week[d] = (d >= 5 ? weekend : 0) + uniform(r, -0.3, 0.3);
        for (int d = 0; d < 7; d++) week[d] = weekly * (week[d] - mean / 7);
        double yearly = r.nextDouble() < 0.3 ? 0 : uniform(r, 0.03, 0.25), phase = uniform(r, 0, 365.25);
        double phi = uniform(r, 0, 0.6), sd = uniform(r, 0.03, 0.15);
        double[] shift = shift(r, index, length);
        int firstWeekday = LocalDate.of(2023, 1, 1).getDayOfWeek().getValue() - 1; // Monday 0
        double[] v = new double[length];
        double noise = 0;
        for (int t = 0; t < length; t++) {
            double base = level * (1 + slope * t) * shift[t];
            noise = phi * noise + r.nextGaussian() * sd * Math.sqrt(1 - phi * phi);
            double season = week[(firstWeekday + t) % 7] + yearly * Math.sin(2 * Math.PI * (t + phase) / 365.25);
            v[t] = Math.max(base * (1 + season + noise), 0.01 * level);
        }
        gaps(r, index, v, 7, 7);
        return v;
    }

    /** Every 20th series (index 10, 30, ...): the level times 1 +- 0.2..0.5 from a time in 40-80% of the series on. */
    static double[] shift(Random r, int index, int length) {
        double[] f = new double[length];
        Arrays.fill(f, 1);
        double size = uniform(r, 0.2, 0.5) * (r.nextBoolean() ? 1 : -1);
        int at = (int) (length * uniform(r, 0.4, 0.8));
        if (index % 20 == 10) for (int t = at; t < length; t++) f[t] = 1 + size;
        return f;
    }

    /** Every 25th series (index 5, 30, ...): 1-3 single gaps and one run of 2..maxRun, inside the series (not its first season or last rows). */
    static void gaps(Random r, int index, double[] v, int season, int maxRun) {
        if (index % 25 != 5 || v.length < 3 * season) return;
        int from = season, to = v.length - season; // [from, to)
        int singles = 1 + r.nextInt(3);
        for (int k = 0; k < singles; k++) v[from + r.nextInt(to - from)] = Double.NaN;
        int run = 2 + r.nextInt(maxRun - 1);
        int at = from + r.nextInt(to - from - run);
        for (int k = 0; k < run; k++) v[at + k] = Double.NaN;
    }

    static double uniform(Random r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    /** The series' CSV rows (no header): {@code id,date,value} with two decimals, an empty value for a gap. */
    static byte[] csv(String id, Group g, double[] values) {
        var out = new StringBuilder(values.length * 26);
        LocalDate day = g.start;
        for (int t = 0; t < values.length; t++) {
            out.append(id).append(',').append(day).append(',');
            if (!Double.isNaN(values[t])) {
                long cents = Math.round(values[t] * 100);
                out.append(cents / 100).append('.');
                long c = cents % 100;
                out.append(c < 10 ? "0" : "").append(c);
            }
            out.append('\n');
            day = g.frequency.equals("P1M") ? day.plusMonths(1) : day.plusDays(1);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    record Body(byte[] bytes, int series) {}

    /** The series in as few bodies of about equal size as keep each under {@code maxBody} bytes, each with the header. */
    static List<Body> bodies(List<byte[]> series, long maxBody) {
        byte[] header = "series_id,timestamp,value\n".getBytes(StandardCharsets.UTF_8);
        long total = header.length;
        for (byte[] s : series) total += s.length;
        int n = (int) Math.max(1, (total + maxBody - 1) / maxBody);
        int per = (series.size() + n - 1) / n;
        var out = new ArrayList<Body>();
        for (int from = 0; from < series.size(); from += per) {
            var part = series.subList(from, Math.min(series.size(), from + per));
            var b = new java.io.ByteArrayOutputStream();
            b.writeBytes(header);
            part.forEach(b::writeBytes);
            out.add(new Body(b.toByteArray(), part.size()));
        }
        return out;
    }

    // ---------------------------------------------------------------- the steps

    /**
     * {@code GET /series?prefix=}, every page: prints the count, and whether each has the frequency
     * and length sent; answers the number of series missing or not as sent. A day may come back as
     * {@code PT24H}, the same frequency as {@code P1D}.
     */
    static int checkListing(Group g, Map<String, AtomicInteger> problems) throws Exception {
        String next = "/series?prefix=" + URLEncoder.encode(g.prefix, StandardCharsets.UTF_8) + "&limit=1000";
        int count = 0, wrong = 0;
        long l0 = System.nanoTime();
        while (next != null) {
            var r = send(request(next).GET());
            if (r.statusCode() != 200) {
                problem(problems, "GET " + next + ": HTTP " + r.statusCode() + " " + abbreviate(r.body()));
                System.out.println("listing " + g.prefix + ": HTTP " + r.statusCode());
                return g.count;
            }
            var page = map(Json.parse(r.body()));
            for (Object s : list(page, "series")) {
                var summary = map(s);
                count++;
                Object frequency = summary.get("frequency");
                boolean same = g.frequency.equals(frequency) || g.frequency.equals("P1D") && "PT24H".equals(frequency);
                if (!same || number(summary.get("length")) != g.length) {
                    if (wrong++ == 0) problem(problems, "listing: " + summary.get("id") + " has frequency " + frequency
                            + " and length " + Json.write(summary.get("length")) + ", sent " + g.frequency + " and " + g.length);
                }
            }
            next = (String) page.get("next");
        }
        System.out.printf(Locale.ROOT, "listing %s: %d series stored (%d sent), %d not %s with %d rows, read in %.2f s%s%n",
                g.prefix, count, g.count, wrong, g.frequency, g.length, secs(l0), count == g.count && wrong == 0 ? ": ok" : ": MISMATCH");
        if (count != g.count) problem(problems, "listing " + g.prefix + ": " + count + " series stored, " + g.count + " sent");
        return Math.abs(g.count - count) + wrong;
    }

    /** Trains one version of {@code model} over the group's series; waits for its job; deploys it unless the training did; reads its backtest. */
    static Row train(String model, String algorithm, Group g, Options o, Map<String, AtomicInteger> problems) throws Exception {
        String step = "train " + model;
        String selection = o.byList ? "\"series\": " + ids(g) : "\"series_prefix\": \"" + g.prefix + "\"";
        String body = "{\"algorithm\": \"" + algorithm + "\", " + selection + ", \"wait\": true, \"deploy\": true, \"hyperparameters\": "
                + o.hyperparameters.getOrDefault(algorithm, "{}") + "}";
        long t0 = System.nanoTime();
        var r = send(request("/models/" + model + "/train").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofHours(6)));
        Map<String, Object> job;
        if (r.statusCode() == 200 || r.statusCode() == 201 || r.statusCode() == 202) {
            job = map(Json.parse(r.body()));
            if (r.statusCode() != 202 && job.get("model_version") == null && job.get("metrics") != null && job.get("id") instanceof String id) {
                job = new LinkedHashMap<>(job); // a 200 answering the version itself rather than its job
                job.put("model_version", id);
            }
            while (!"succeeded".equals(job.get("status")) && !"failed".equals(job.get("status")) && job.get("model_version") == null) {
                Thread.sleep(250);
                var poll = send(request("/jobs/" + job.get("id")).GET());
                if (poll.statusCode() != 200) {
                    problem(problems, step + ": GET /jobs/" + job.get("id") + ": HTTP " + poll.statusCode() + " " + abbreviate(poll.body()));
                    return new Row(step, "", 0, secs(t0), "", "", 1);
                }
                job = map(Json.parse(poll.body()));
            }
        } else {
            problem(problems, step + ": HTTP " + r.statusCode() + " " + abbreviate(r.body()));
            return new Row(step, "", 0, secs(t0), "", "", 1);
        }
        double seconds = secs(t0);
        String version = (String) job.get("model_version");
        if (version == null) {
            problem(problems, step + ": " + job.get("status") + " " + abbreviate(String.valueOf(job.get("error"))));
            return new Row(step, "", 0, seconds, "", "", 1);
        }
        if (job.get("deployed") == null) { // the server did not deploy it: the forecasts name the model, so make this version live
            var d = send(request("/models/" + model + "/deploy").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model_version\": \"" + version + "\", \"reason\": \"portfolio bench\"}")));
            if (d.statusCode() / 100 != 2) problem(problems, step + ": deploy " + version + ": HTTP " + d.statusCode() + " " + abbreviate(d.body()));
        }
        var v = send(request("/models/" + model + "/versions/" + version).GET());
        if (v.statusCode() != 200) {
            problem(problems, step + ": GET version " + version + ": HTTP " + v.statusCode() + " " + abbreviate(v.body()));
            return new Row(step, version, g.count, seconds, "", "", 1);
        }
        var ver = map(Json.parse(v.body()));
        var portfolio = ver.get("portfolio") instanceof Map<?, ?> p ? p : null;
        var metrics = ver.get("metrics") instanceof Map<?, ?> m ? m : Map.of();
        int series = portfolio != null && portfolio.get("series") instanceof Number n ? n.intValue() : g.count;
        String mean = portfolio != null ? fmt(portfolio.get("mase_mean")) : fmt(metrics.get("mase"));
        String median = portfolio != null ? fmt(portfolio.get("mase_median")) : "-";
        System.out.println("  " + version + ": " + (portfolio != null ? "portfolio " + Json.write(portfolio) : "no portfolio; metrics " + Json.write(metrics)));
        // a server that ignored the selection trains on some other series: say so rather than print its scores as the portfolio's
        int wrong = 0;
        Object frequency = ver.get("provenance") instanceof Map<?, ?> p ? p.get("frequency") : null;
        if (frequency != null && !frequency.equals(g.frequency) && !(g.frequency.equals("P1D") && "PT24H".equals(frequency))) {
            wrong++;
            problem(problems, step + ": " + version + " was trained on data at " + frequency + " (provenance " + Json.write(ver.get("provenance")) + "), not on the " + g.name + " series");
        }
        if (portfolio != null && series != g.count) {
            wrong++;
            problem(problems, step + ": " + version + "'s portfolio has " + series + " series, " + g.count + " were named");
        }
        return new Row(step, version, series, seconds, mean, median, wrong);
    }

    /** Forecasts every series of the group from the model's live version, in batches of 100, {@code --parallel} at a time. */
    static Row forecast(String model, Group g, Options o, Map<String, AtomicInteger> problems) throws Exception {
        var batches = new ArrayList<List<String>>();
        for (int from = 1; from <= g.count; from += BATCH) {
            var ids = new ArrayList<String>();
            for (int i = from; i < from + BATCH && i <= g.count; i++) ids.add(id(g, i));
            batches.add(ids);
        }
        var errors = new AtomicInteger();
        var forecasts = new AtomicInteger();
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(o.parallel)) {
            var done = new ArrayList<Future<?>>();
            for (var ids : batches) done.add(pool.submit(() -> {
                var body = new StringBuilder("{\"requests\": [");
                for (int k = 0; k < ids.size(); k++)
                    body.append(k == 0 ? "" : ", ").append("{\"model\": \"").append(model).append("\", \"series_id\": \"").append(ids.get(k))
                            .append("\", \"forecast_horizon\": ").append(g.horizon).append('}');
                body.append("]}");
                var r = send(request("/predict/batch").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).timeout(Duration.ofMinutes(10)));
                if (r.statusCode() != 200) {
                    errors.addAndGet(ids.size());
                    problem(problems, "forecast " + model + ": HTTP " + r.statusCode() + " " + abbreviate(r.body()));
                    return null;
                }
                var results = list(Json.parse(r.body()), "results");
                if (results.size() != ids.size()) {
                    errors.addAndGet(Math.max(0, ids.size() - results.size()));
                    problem(problems, "forecast " + model + ": " + ids.size() + " requests, " + results.size() + " results");
                }
                for (Object item : results) {
                    var result = map(item);
                    if (!(result.get("status") instanceof Number s) || s.intValue() != 200) {
                        errors.incrementAndGet();
                        problem(problems, "forecast " + model + ": item status " + Json.write(result.get("status")) + " " + abbreviate(String.valueOf(result.get("detail"))));
                    } else if (!(result.get("predictions") instanceof List<?> p) || p.size() != g.horizon || !p.stream().allMatch(x -> x instanceof Number)) {
                        errors.incrementAndGet();
                        problem(problems, "forecast " + model + ": status 200 without " + g.horizon + " numbers in predictions");
                    } else {
                        forecasts.incrementAndGet();
                    }
                }
                return null;
            }));
            for (var f : done) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    problem(problems, "forecast " + model + ": " + e.getCause());
                }
            }
        }
        double seconds = secs(t0);
        int sent = g.count;
        int counted = forecasts.get() + errors.get();
        return new Row("forecast " + model, "", sent, seconds, "", "", errors.get() + Math.max(0, sent - counted));
    }

    static String ids(Group g) {
        var out = new StringBuilder("[");
        for (int i = 1; i <= g.count; i++) out.append(i == 1 ? "\"" : ", \"").append(id(g, i)).append('"');
        return out.append(']').toString();
    }

    // ---------------------------------------------------------------- memory

    /** The server's resident set (now and its peak) and the database folder's size on disk. */
    static String memory(String when, Options o) {
        var out = new StringBuilder(String.format("%-18s", when + ":"));
        if (o.pid != null) {
            try {
                String rss = "?", hwm = "?";
                for (String line : Files.readAllLines(Path.of("/proc/" + o.pid + "/status"))) {
                    if (line.startsWith("VmRSS:")) rss = mb(line);
                    if (line.startsWith("VmHWM:")) hwm = mb(line);
                }
                out.append(" server RSS ").append(rss).append(" MB (peak ").append(hwm).append(" MB)");
            } catch (IOException e) {
                out.append(" server RSS unknown (").append(e.getMessage()).append(')');
            }
        }
        if (o.data != null) out.append(", database ").append(String.format(Locale.ROOT, "%.1f", diskBytes(Path.of(o.data)) / 1048576.0)).append(" MB");
        return out.toString();
    }

    static String mb(String statusLine) {
        long kb = Long.parseLong(statusLine.replaceAll("[^0-9]", ""));
        return String.format(Locale.ROOT, "%.0f", kb / 1024.0);
    }

    /** {@code du -sk}: the blocks the folder's files take; their summed sizes when du is missing. */
    static long diskBytes(Path dir) {
        try {
            var p = new ProcessBuilder("du", "-sk", dir.toString()).redirectErrorStream(false).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() == 0 && !out.isEmpty()) return Long.parseLong(out.split("\\s+")[0]) * 1024;
        } catch (IOException | InterruptedException | NumberFormatException ignored) {
            // fall through
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    // ---------------------------------------------------------------- HTTP and small helpers

    static HttpRequest.Builder request(String path) {
        var b = HttpRequest.newBuilder(URI.create(url + path));
        if (key != null && !key.isEmpty()) b.header("Authorization", "Bearer " + key);
        return b;
    }

    static HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void problem(Map<String, AtomicInteger> problems, String what) {
        problems.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
    }

    static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static String fmt(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%.3f", n.doubleValue()) : "-";
    }

    static double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object v) {
        if (v instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw new IllegalStateException("expected a JSON object, got " + abbreviate(String.valueOf(v)));
    }

    static List<?> list(Object v, String member) {
        if (map(v).get(member) instanceof List<?> l) return l;
        throw new IllegalStateException("expected \"" + member + "\": [...] in " + abbreviate(Json.write(v)));
    }

    static String abbreviate(String s) {
        s = s == null ? "null" : s.replaceAll("\\s+", " ");
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    static final class Options {
        int monthly = 500, months = 120, daily = 500, days = 730, parallel = 4;
        long seed = 14, maxBody = 8L << 20;
        boolean uploadOnly, byList;
        String csvFile, pid, data;
        List<String> algorithms = List.of(DEFAULT_ALGORITHMS);
        Map<String, String> hyperparameters = new LinkedHashMap<>(HYPERPARAMETERS);

        Options(String[] args) {
            int i = 0;
            if (args.length > 0 && !args[0].startsWith("--")) url = args[i++].replaceAll("/+$", "");
            for (; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--monthly" -> monthly = Integer.parseInt(args[++i]);
                    case "--months" -> months = Integer.parseInt(args[++i]);
                    case "--daily" -> daily = Integer.parseInt(args[++i]);
                    case "--days" -> days = Integer.parseInt(args[++i]);
                    case "--seed" -> seed = Long.parseLong(args[++i]);
                    case "--parallel" -> parallel = Integer.parseInt(args[++i]);
                    case "--max-body" -> maxBody = Long.parseLong(args[++i]);
                    case "--algorithms" -> algorithms = List.of(args[++i].split(","));
                    case "--hyperparameters" -> {
                        String[] kv = args[++i].split("=", 2);
                        Json.parse(kv[1]); // refuse bad JSON here rather than as a 400
                        hyperparameters.put(kv[0], kv[1]);
                    }
                    case "--by-list" -> byList = true;
                    case "--upload-only" -> uploadOnly = true;
                    case "--csv" -> csvFile = args[++i];
                    case "--generate-only" -> {
                        csvFile = args[++i];
                        url = null;
                    }
                    case "--pid" -> pid = args[++i];
                    case "--data" -> data = args[++i];
                    default -> {
                        System.err.println("unknown option " + a + "; see the comment at the top of bench/Portfolio.java");
                        System.exit(2);
                    }
                }
            }
            if (url == null && csvFile == null) {
                System.err.println("usage: java bench/Portfolio.java URL [options] | --generate-only FILE [options]");
                System.exit(2);
            }
            if (parallel < 1 || monthly < 0 || daily < 0 || months < 36 || days < 28)
                throw new IllegalArgumentException("need --parallel >= 1, counts >= 0, --months >= 36, --days >= 28");
        }
    }

    /** Just enough JSON: objects as ordered maps, arrays as lists, numbers as doubles. */
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        static Object parse(String text) {
            var p = new Json(text);
            Object v = p.value();
            p.space();
            if (p.i != text.length()) throw p.error("trailing text");
            return v;
        }

        private Object value() {
            space();
            if (i >= s.length()) throw error("unexpected end");
            char c = s.charAt(i);
            switch (c) {
                case '{' -> {
                    i++;
                    var m = new LinkedHashMap<String, Object>();
                    space();
                    if (peek('}')) return m;
                    do {
                        space();
                        String k = string();
                        space();
                        expect(':');
                        m.put(k, value());
                        space();
                    } while (peek(','));
                    expect('}');
                    return m;
                }
                case '[' -> {
                    i++;
                    var l = new ArrayList<Object>();
                    space();
                    if (peek(']')) return l;
                    do l.add(value()); while (peekAfterSpace(','));
                    space();
                    expect(']');
                    return l;
                }
                case '"' -> {
                    return string();
                }
                default -> {
                    if (s.startsWith("true", i)) { i += 4; return Boolean.TRUE; }
                    if (s.startsWith("false", i)) { i += 5; return Boolean.FALSE; }
                    if (s.startsWith("null", i)) { i += 4; return null; }
                    int from = i;
                    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
                    if (from == i) throw error("unexpected '" + c + "'");
                    return Double.parseDouble(s.substring(from, i));
                }
            }
        }

        private String string() {
            expect('"');
            var out = new StringBuilder();
            while (true) {
                if (i >= s.length()) throw error("unterminated string");
                char c = s.charAt(i++);
                if (c == '"') return out.toString();
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> out.append(e);
                }
            }
        }

        private void space() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }

        private boolean peek(char c) {
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }

        private boolean peekAfterSpace(char c) {
            space();
            return peek(c);
        }

        private void expect(char c) {
            if (!peek(c)) throw error("expected '" + c + "'");
        }

        private IllegalStateException error(String what) {
            return new IllegalStateException("bad JSON at " + i + ": " + what + " in " + abbreviate(s));
        }

        static String write(Object v) {
            if (v == null) return "null";
            if (v instanceof String str) return "\"" + str.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            if (v instanceof Double d) return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf(d.longValue()) : String.format(Locale.ROOT, "%.4f", d);
            if (v instanceof Map<?, ?> m) {
                var out = new StringBuilder("{");
                m.forEach((k, x) -> out.append(out.length() > 1 ? ", " : "").append(write(k)).append(": ").append(write(x)));
                return out.append('}').toString();
            }
            if (v instanceof List<?> l) {
                var out = new StringBuilder("[");
                l.forEach(x -> out.append(out.length() > 1 ? ", " : "").append(write(x)));
                return out.append(']').toString();
            }
            return String.valueOf(v);
        }
    }
}
