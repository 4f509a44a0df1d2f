import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The service beside R on public series (issue 16): for every series of bench/public/series.csv
 * and every algorithm spec, trains on the series' training part (all but its last `holdout`
 * points) through POST /models/pub-NAME/train with the data inline and "wait": true, forecasts the
 * hold-out through POST /predict (the training part as history, horizon = hold-out, at 80% and at
 * 95%), and prints per series and on average MAPE, sMAPE, MASE, 80%/95% coverage, MSIS (95%) and
 * fit time beside R's auto.arima, ets and thetaf from bench/public/r-forecasts.csv; then a summary
 * against auto.arima. Writes every per-series row to a CSV.
 *
 * MASE and MSIS are scaled by the in-sample MAE of the seasonal-naive forecast (the series' shortest
 * season; lag 1 for series without one) on the training part, the same scale for R and the service.
 * MSIS at 95% as in the M4 competition: mean over the horizon of (u - l) + 2/a (l - y) 1{y < l}
 * + 2/a (y - u) 1{y > u}, a = 0.05. MAPE skips zero actuals. The service's fit time is the training
 * job's (started_at to finished_at: the backtest that every version carries and the final fit); R's is
 * its fit and forecast.
 *
 * A spec is an algorithm with optional hyperparameters, name:key=value,key=value, a + in a value
 * standing for a comma (members=arima+ets); a spec the server refuses (4xx) is reported as refused
 * for that series and the run goes on.
 *
 * Usage: java bench/PublicAccuracy.java URL [--series A,B] [--skip-slow] [--out FILE] [SPEC ...]
 *        java bench/PublicAccuracy.java --report FILE.csv ...   (the averages and summary again from
 *        per-series CSV files, merged: e.g. a --skip-slow run and a run of taylor alone)
 *   default specs: every family but lstm (seasonal_naive arima ets theta mstl xgboost), the three
 *                  combinations of the statistical families (ensemble:members=arima+ets+theta+mstl
 *                  with combination inverse_mase, mean and median) and auto
 *   --skip-slow: leave out the half-hourly series (taylor, 4,032 points)
 * -Dforecast.home=DIR is the repository (default .); FORECAST_ADMIN_KEY is sent as the bearer key.
 */
public class PublicAccuracy {
    static final String STATISTICAL = "members=arima+ets+theta+mstl";
    static final List<String> DEFAULT_SPECS = List.of("seasonal_naive", "arima", "ets", "theta", "mstl", "xgboost", "ensemble:" + STATISTICAL,
            "ensemble:" + STATISTICAL + ",combination=mean", "ensemble:" + STATISTICAL + ",combination=median", "auto");
    static final List<String> R_METHODS = List.of("auto.arima", "ets", "thetaf");
    static final String BASELINE = "R auto.arima";
    static final double ALPHA = 0.05;

    record Series(String name, String frequency, int[] periods, int holdout, String source, List<String> times, List<Double> values,
                  List<String> rawValues) {
        int trainSize() { return values.size() - holdout; }
        List<Double> train() { return values.subList(0, trainSize()); }
        List<Double> test() { return values.subList(trainSize(), values.size()); }
        int season() { return periods[0]; }
        String kind() {
            return switch (frequency) {
                case "P1M" -> "monthly";
                case "P3M" -> "quarterly";
                case "P1D" -> "daily";
                case "PT1H" -> "hourly";
                case "PT30M" -> "half-hourly";
                default -> frequency.endsWith("Y") ? "yearly" : frequency;
            };
        }
        boolean slow() { return frequency.equals("PT30M"); }
    }

    record Forecast(double[] mean, double[] lo80, double[] hi80, double[] lo95, double[] hi95) {}

    /** One method on one series: its forecast and fit time, or why there is none (status refused / failed / missing). */
    record Outcome(String series, String method, String status, String model, double fitSeconds, Forecast forecast, String note) {}

    record Scores(double mape, double smape, double mase, double cover80, double cover95, double msis) {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: java bench/PublicAccuracy.java URL [--series A,B] [--skip-slow] [--out FILE] [SPEC ...]");
            System.exit(2);
        }
        if (args[0].equals("--report")) {
            reportFiles(Arrays.stream(args).skip(1).map(Path::of).toList());
            return;
        }
        String base = args[0];
        Path home = Path.of(System.getProperty("forecast.home", "."));
        Path dir = home.resolve("bench/public");
        Set<String> only = null;
        boolean skipSlow = false;
        Path out = dir.resolve("results-" + LocalDate.now(ZoneOffset.UTC) + ".csv");
        var specs = new ArrayList<String>();
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--series" -> only = new LinkedHashSet<>(Arrays.asList(args[++i].split(",")));
                case "--skip-slow" -> skipSlow = true;
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    if (args[i].startsWith("--")) throw new IllegalArgumentException("unknown option " + args[i]);
                    specs.add(args[i]);
                }
            }
        }
        if (specs.isEmpty()) specs.addAll(DEFAULT_SPECS);

        var all = readSeries(dir);
        var series = new ArrayList<Series>();
        for (var s : all) {
            if (only != null && !only.contains(s.name())) continue;
            if (skipSlow && s.slow() && (only == null || !only.contains(s.name()))) {
                System.out.println("skipped (--skip-slow): " + s.name());
                continue;
            }
            series.add(s);
        }
        if (only != null) for (String name : only)
            if (all.stream().noneMatch(s -> s.name().equals(name))) throw new IllegalArgumentException("no series " + name + " in bench/public/series.csv");
        var rForecasts = readR(dir.resolve("r-forecasts.csv"));

        var methods = new ArrayList<String>();
        for (String m : R_METHODS) methods.add("R " + m);
        methods.addAll(specs);
        var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        var outcomes = new LinkedHashMap<String, Map<String, Outcome>>(); // series -> method -> outcome
        long started = System.nanoTime();
        System.out.printf(Locale.ROOT, "%d series x %d specs against %s; R's forecasts from %s%n", series.size(), specs.size(), base,
                rForecasts.header());
        for (var s : series) {
            var byMethod = new LinkedHashMap<String, Outcome>();
            for (String m : R_METHODS) {
                var r = rForecasts.rows().get(s.name() + "/" + m);
                byMethod.put("R " + m, r == null ? new Outcome(s.name(), "R " + m, "missing", "", Double.NaN, null,
                        "no rows in r-forecasts.csv (bench/accuracy-public.sh --refresh-r)") : r);
            }
            for (String spec : specs) {
                var o = serve(client, base, s, spec);
                byMethod.put(spec, o);
                System.out.printf(Locale.ROOT, "  %-24s %-30s %-9s %8s s  %s%n", s.name(), spec, o.status(),
                        Double.isNaN(o.fitSeconds()) ? "-" : String.format(Locale.ROOT, "%.1f", o.fitSeconds()),
                        abbreviate((o.model() + (o.note().isEmpty() ? "" : "  " + o.note())).trim(), 200));
            }
            outcomes.put(s.name(), byMethod);
        }
        System.out.printf(Locale.ROOT, "%nall requests done in %.0f s%n", (System.nanoTime() - started) / 1e9);
        report(series, methods, outcomes, out);
    }

    // ---------------------------------------------------------------- the service

    static Outcome serve(HttpClient client, String base, Series s, String spec) {
        String algorithm = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
        var params = new LinkedHashMap<String, String>();
        if (spec.contains(":")) {
            for (String kv : spec.substring(spec.indexOf(':') + 1).split(",")) {
                int eq = kv.indexOf('=');
                if (eq < 1) throw new IllegalArgumentException("a spec is name:key=value,key=value, got " + spec);
                params.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim().replace('+', ','));
            }
        }
        try {
            var body = new StringBuilder("{\"algorithm\":").append(quote(algorithm)).append(",\"frequency\":").append(quote(s.frequency()))
                    .append(",\"wait\":true,\"data\":").append(rows(s));
            if (!params.isEmpty()) {
                body.append(",\"hyperparameters\":{");
                int i = 0;
                for (var e : params.entrySet()) body.append(i++ == 0 ? "" : ",").append(quote(e.getKey())).append(':').append(literal(e.getValue()));
                body.append('}');
            }
            body.append('}');
            String model = "pub-" + s.name();
            Object job;
            try {
                var answer = send(client, base + "/models/" + URLEncoder.encode(model, StandardCharsets.UTF_8) + "/train", body.toString());
                if (answer.statusCode() >= 400 && answer.statusCode() < 500)
                    return new Outcome(s.name(), spec, "refused", "", Double.NaN, null, answer.statusCode() + " " + problem(answer.body()));
                if (answer.statusCode() >= 500) return new Outcome(s.name(), spec, "failed", "", Double.NaN, null, answer.statusCode() + " " + problem(answer.body()));
                job = Json.parse(answer.body());
            } catch (java.io.IOException e) {
                // the server closes a connection that has been quiet for 5 minutes (Helidon's idle
                // timeout), a "wait" for a long training included; the job goes on: follow it
                job = newestTrainingJob(client, base, algorithm);
                if (job == null) throw e;
            }
            while (!done(job)) { // "wait" answers 202 when the job outlasts the server's wait; follow it
                Thread.sleep(2000);
                var again = client.send(authorized(HttpRequest.newBuilder(URI.create(base + "/jobs/" + Json.get(job, "id")))).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                job = Json.parse(again.body());
            }
            if (!"succeeded".equals(Json.get(job, "status")))
                return new Outcome(s.name(), spec, "failed", "", Double.NaN, null, String.valueOf(Json.get(job, "error")));
            String version = (String) Json.get(job, "model_version");
            double fit = Duration.between(Instant.parse((String) Json.get(job, "started_at")), Instant.parse((String) Json.get(job, "finished_at"))).toMillis() / 1000.0;
            String family = (String) Json.get(job, "model", "algorithm");
            String describe = version + (algorithm.equals("auto") ? " (chose " + family + ")" : "");
            String note = "";
            if (algorithm.equals("auto") && Json.get(job, "model", "provenance", "notes", "selection") instanceof String why) note = "selection: " + why;
            var f80 = predict(client, base, model, version, s, 0.80);
            var f95 = predict(client, base, model, version, s, 0.95);
            if (f80 instanceof String problem) return new Outcome(s.name(), spec, "failed", describe, fit, null, "predict: " + problem);
            if (f95 instanceof String problem) return new Outcome(s.name(), spec, "failed", describe, fit, null, "predict: " + problem);
            var a = (double[][]) f80;
            var b = (double[][]) f95;
            return new Outcome(s.name(), spec, "ok", describe, fit, new Forecast(b[0], a[1], a[2], b[1], b[2]), note);
        } catch (Exception e) {
            return new Outcome(s.name(), spec, "failed", "", Double.NaN, null, e.toString());
        }
    }

    /** The newest training job of {@code algorithm} (this client trains one at a time), or null. */
    static Object newestTrainingJob(HttpClient client, String base, String algorithm) throws Exception {
        var answer = client.send(authorized(HttpRequest.newBuilder(URI.create(base + "/jobs"))).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200 || !(Json.get(Json.parse(answer.body()), "jobs") instanceof List<?> jobs)) return null;
        for (Object j : jobs) // newest first
            if ("training".equals(Json.get(j, "kind")) && algorithm.equals(Json.get(j, "algorithm"))) return j;
        return null;
    }

    static boolean done(Object job) {
        Object status = Json.get(job, "status");
        return !"queued".equals(status) && !"running".equals(status);
    }

    /** The hold-out's forecast from the end of the training part: {mean, lo, hi}, or the problem as a string. */
    static Object predict(HttpClient client, String base, String model, String version, Series s, double level) throws Exception {
        String body = "{\"model\":" + quote(model) + ",\"model_version\":" + quote(version) + ",\"forecast_horizon\":" + s.holdout()
                + ",\"confidence_level\":" + level + ",\"data\":" + rows(s) + "}";
        var answer = send(client, base + "/predict", body);
        if (answer.statusCode() != 200) return answer.statusCode() + " " + problem(answer.body());
        Object json = Json.parse(answer.body());
        var predictions = (List<?>) Json.get(json, "predictions");
        var intervals = (List<?>) Json.get(json, "confidence_intervals");
        var times = (List<?>) Json.get(json, "timestamps");
        if (predictions.size() != s.holdout()) return "answered " + predictions.size() + " steps, not " + s.holdout();
        Instant expected = instant(s.times().get(s.trainSize()));
        if (times != null && !times.isEmpty() && !instant((String) times.get(0)).equals(expected))
            return "first forecast at " + times.get(0) + ", not at the hold-out's first time " + s.times().get(s.trainSize());
        double[][] out = new double[3][s.holdout()];
        for (int i = 0; i < s.holdout(); i++) {
            out[0][i] = number(predictions.get(i));
            var bounds = (List<?>) intervals.get(i);
            out[1][i] = number(bounds.get(0));
            out[2][i] = number(bounds.get(1));
        }
        return out;
    }

    static HttpResponse<String> send(HttpClient client, String url, String body) throws Exception {
        var request = authorized(HttpRequest.newBuilder(URI.create(url))).header("Content-Type", "application/json")
                .timeout(Duration.ofHours(2)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static HttpRequest.Builder authorized(HttpRequest.Builder request) {
        String key = System.getenv("FORECAST_ADMIN_KEY");
        if (key != null && !key.isBlank()) request.header("Authorization", "Bearer " + key);
        return request;
    }

    /** The training part as data rows: [timestamp, value or null]. */
    static String rows(Series s) {
        var b = new StringBuilder("[");
        for (int i = 0; i < s.trainSize(); i++) {
            if (i > 0) b.append(',');
            b.append("[\"").append(s.times().get(i)).append("\",").append(s.rawValues().get(i).isEmpty() ? "null" : s.rawValues().get(i)).append(']');
        }
        return b.append(']').toString();
    }

    /** A problem's detail and field errors, on one line. */
    static String problem(String body) {
        try {
            Object json = Json.parse(body);
            var parts = new LinkedHashSet<String>(); // a field's error, once, else the detail or title
            if (Json.get(json, "errors") instanceof List<?> errors)
                for (Object e : errors) parts.add(Json.get(e, "field") + ": " + Json.get(e, "message"));
            if (parts.isEmpty() && Json.get(json, "detail") instanceof String d) parts.add(d);
            if (parts.isEmpty() && Json.get(json, "title") instanceof String t) parts.add(t);
            return abbreviate(String.join("; ", parts), 300);
        } catch (RuntimeException e) {
            return body.length() > 300 ? body.substring(0, 300) + "..." : body;
        }
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A hyperparameter's value as JSON: a number or boolean as such, anything else a string. */
    static String literal(String v) {
        if (v.equals("true") || v.equals("false")) return v;
        if (v.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?")) return v;
        return quote(v);
    }

    static double number(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }

    static Instant instant(String t) {
        return t.length() == 10 ? LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(t);
    }

    // ---------------------------------------------------------------- accuracy

    static double scale(Series s) {
        var train = s.train();
        int m = s.season();
        double sum = 0;
        int n = 0;
        for (int t = m; t < train.size(); t++) {
            double a = train.get(t), b = train.get(t - m);
            if (Double.isNaN(a) || Double.isNaN(b)) continue;
            sum += Math.abs(a - b);
            n++;
        }
        return sum / n;
    }

    static Scores score(Series s, Forecast f) {
        var actual = s.test();
        double scale = scale(s);
        double ape = 0, sape = 0, ae = 0, is = 0;
        int nonzero = 0, in80 = 0, in95 = 0, n = actual.size();
        for (int i = 0; i < n; i++) {
            double y = actual.get(i), p = f.mean()[i], l = f.lo95()[i], u = f.hi95()[i];
            if (y != 0) {
                ape += Math.abs(y - p) / Math.abs(y);
                nonzero++;
            }
            sape += 2 * Math.abs(y - p) / (Math.abs(y) + Math.abs(p));
            ae += Math.abs(y - p);
            if (y >= f.lo80()[i] && y <= f.hi80()[i]) in80++;
            if (y >= l && y <= u) in95++;
            is += (u - l) + (y < l ? 2 / ALPHA * (l - y) : 0) + (y > u ? 2 / ALPHA * (y - u) : 0);
        }
        return new Scores(100 * ape / nonzero, 100 * sape / n, ae / n / scale, (double) in80 / n, (double) in95 / n, is / n / scale);
    }

    /** One method on one series as the CSV has it: scores null when it has no forecast. */
    record Row(String series, String kind, String method, String status, String model, Scores scores, double fit, String note) {}

    static void report(List<Series> series, List<String> methods, Map<String, Map<String, Outcome>> outcomes, Path out) throws Exception {
        var rows = new ArrayList<Row>();
        var csv = new StringBuilder(CSV_HEADER + "\n");
        String date = LocalDate.now(ZoneOffset.UTC).toString();
        String header = String.format(Locale.ROOT, "  %-30s %8s %8s %7s %7s %7s %8s %8s  %s", "method", "MAPE%", "sMAPE%", "MASE", "cov80", "cov95", "MSIS",
                "fit s", "model");
        for (var s : series) {
            System.out.printf(Locale.ROOT, "%n%s: %s %s, season %d, %d training points, last %d held out (%s)%n", s.name(), s.kind(), s.frequency(),
                    s.season(), s.trainSize(), s.holdout(), s.source());
            System.out.println(header);
            for (String m : methods) {
                var o = outcomes.get(s.name()).get(m);
                Scores sc = o.forecast() == null ? null : score(s, o.forecast());
                rows.add(new Row(s.name(), s.kind(), m, o.status(), o.model(), sc, o.fitSeconds(), o.note()));
                String fit = Double.isNaN(o.fitSeconds()) ? "-" : String.format(Locale.ROOT, "%.2f", o.fitSeconds());
                if (sc != null) {
                    System.out.printf(Locale.ROOT, "  %-30s %8.2f %8.2f %7.3f %7.3f %7.3f %8.2f %8s  %s%n", m, sc.mape(), sc.smape(), sc.mase(), sc.cover80(),
                            sc.cover95(), sc.msis(), fit, o.model());
                } else {
                    System.out.printf(Locale.ROOT, "  %-30s %s: %s%n", m, o.status(), abbreviate(o.note(), 160));
                }
                csv.append(String.join(",", date, s.name(), s.kind(), s.frequency(), String.valueOf(s.season()), String.valueOf(s.trainSize()),
                        String.valueOf(s.holdout()), csvCell(m), o.status(), csvCell(o.model()),
                        sc == null ? "" : fmt(sc.mape(), 4), sc == null ? "" : fmt(sc.smape(), 4), sc == null ? "" : fmt(sc.mase(), 5),
                        sc == null ? "" : fmt(sc.cover80(), 4), sc == null ? "" : fmt(sc.cover95(), 4), sc == null ? "" : fmt(sc.msis(), 4),
                        Double.isNaN(o.fitSeconds()) ? "" : fmt(o.fitSeconds(), 3), csvCell(o.note()))).append('\n');
            }
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, csv);
        summarize(rows);
        System.out.println("\nper-series rows: " + out);
    }

    static final String CSV_HEADER = "date,series,kind,frequency,season,train,holdout,method,status,model,mape,smape,mase,coverage80,coverage95,msis,fit_seconds,note";

    /**
     * {@code --report FILE ...}: the averages and the summary again from per-series CSV files, e.g. a
     * {@code --skip-slow} run and a run of the slow series alone; a series and method in a later file
     * replace an earlier file's.
     */
    static void reportFiles(List<Path> files) throws Exception {
        var rows = new LinkedHashMap<String, Row>();
        for (Path f : files) {
            var lines = Files.readAllLines(f);
            var header = csvLine(lines.get(0));
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) continue;
                var c = csvLine(line);
                var r = new LinkedHashMap<String, String>();
                for (int i = 0; i < header.size(); i++) r.put(header.get(i), i < c.size() ? c.get(i) : "");
                Scores sc = r.get("mase").isEmpty() ? null : new Scores(Double.parseDouble(r.get("mape")), Double.parseDouble(r.get("smape")),
                        Double.parseDouble(r.get("mase")), Double.parseDouble(r.get("coverage80")), Double.parseDouble(r.get("coverage95")),
                        Double.parseDouble(r.get("msis")));
                double fit = r.get("fit_seconds").isEmpty() ? Double.NaN : Double.parseDouble(r.get("fit_seconds"));
                rows.put(r.get("series") + "/" + r.get("method"), new Row(r.get("series"), r.get("kind"), r.get("method"), r.get("status"), r.get("model"), sc, fit, r.get("note")));
            }
        }
        System.out.println("from " + files);
        summarize(new ArrayList<>(rows.values()));
    }

    static void summarize(List<Row> rows) {
        var series = new ArrayList<String>(new LinkedHashSet<>(rows.stream().map(Row::series).toList()));
        var methods = new ArrayList<String>(new LinkedHashSet<>(rows.stream().map(Row::method).toList()));
        var kind = new LinkedHashMap<String, String>();
        var cell = new LinkedHashMap<String, Row>();
        for (var r : rows) {
            kind.put(r.series(), r.kind());
            cell.put(r.series() + "/" + r.method(), r);
        }
        var scores = new LinkedHashMap<String, Map<String, Scores>>(); // method -> series -> scores
        for (String m : methods) {
            var byS = new LinkedHashMap<String, Scores>();
            for (String s : series) {
                var r = cell.get(s + "/" + m);
                if (r != null && r.scores() != null) byS.put(s, r.scores());
            }
            scores.put(m, byS);
        }

        System.out.printf(Locale.ROOT, "%nAverage over the series each method has (n of %d):%n", series.size());
        System.out.printf(Locale.ROOT, "  %-30s %4s %8s %8s %7s %7s %7s %8s %8s%n", "method", "n", "MAPE%", "sMAPE%", "MASE", "cov80", "cov95", "MSIS", "fit s");
        for (String m : methods) {
            var byS = scores.get(m);
            var fits = byS.keySet().stream().mapToDouble(s -> cell.get(s + "/" + m).fit()).toArray();
            System.out.printf(Locale.ROOT, "  %-30s %4d %8s %8s %7s %7s %7s %8s %8s%n", m, byS.size(), mean(byS, Scores::mape, 2), mean(byS, Scores::smape, 2),
                    mean(byS, Scores::mase, 3), mean(byS, Scores::cover80, 3), mean(byS, Scores::cover95, 3), mean(byS, Scores::msis, 2),
                    fits.length == 0 ? "-" : fmt(Arrays.stream(fits).average().orElse(Double.NaN), 2));
        }

        var base = scores.get(BASELINE);
        System.out.printf(Locale.ROOT, "%nSummary against %s (ratios and wins, lower MASE at 3 decimals, over the series both have; fit s: median per monthly series):%n", BASELINE);
        System.out.printf(Locale.ROOT, "  %-30s %4s %8s %11s %6s %8s %7s %8s %10s %8s %13s  %s%n", "method", "n", "MASE", "MASE/aa", "beats", "MAPE<5%", "cov95",
                "MSIS", "MSIS/aa", "fit s", "refused/fail", "auto chose");
        for (String m : methods) {
            var byS = scores.get(m);
            double ratio = Double.NaN, msisRatio = Double.NaN;
            int wins = 0, common = 0;
            if (base != null) {
                double a = 0, b = 0, c = 0, d = 0;
                for (var e : byS.entrySet()) {
                    var r = base.get(e.getKey());
                    if (r == null) continue;
                    common++;
                    a += e.getValue().mase();
                    b += r.mase();
                    c += e.getValue().msis();
                    d += r.msis();
                    if (Math.round(e.getValue().mase() * 1000) < Math.round(r.mase() * 1000)) wins++; // as printed: a tie at 3 decimals is no win
                }
                ratio = a / b;
                msisRatio = c / d;
            }
            long under5 = byS.values().stream().filter(x -> x.mape() < 5).count();
            double[] monthly = byS.keySet().stream().filter(s -> kind.get(s).equals("monthly")).mapToDouble(s -> cell.get(s + "/" + m).fit()).sorted().toArray();
            var statuses = series.stream().map(s -> cell.get(s + "/" + m)).map(r -> r == null ? "missing" : r.status()).toList();
            long refused = statuses.stream().filter(st -> st.equals("refused")).count();
            long failed = statuses.stream().filter(st -> st.equals("failed") || st.equals("missing")).count();
            var chose = new java.util.TreeMap<String, Integer>();
            for (String s : series) {
                var r = cell.get(s + "/" + m);
                if (r == null) continue;
                int at = r.model().indexOf("(chose ");
                if (at >= 0) chose.merge(r.model().substring(at + 7, r.model().length() - 1), 1, Integer::sum);
            }
            System.out.printf(Locale.ROOT, "  %-30s %4d %8s %11s %6s %8s %7s %8s %10s %8s %13s  %s%n", m, byS.size(), mean(byS, Scores::mase, 3),
                    Double.isNaN(ratio) ? "-" : fmt(ratio, 3), wins + "/" + common, under5 + "/" + byS.size(), mean(byS, Scores::cover95, 3),
                    mean(byS, Scores::msis, 2), Double.isNaN(msisRatio) ? "-" : fmt(msisRatio, 3),
                    monthly.length == 0 ? "-" : fmt(median(monthly), 2), refused + "/" + failed, chose.isEmpty() ? "" : chose.toString());
        }
    }

    static String mean(Map<String, Scores> byS, ToDoubleFunction<Scores> f, int digits) {
        return byS.isEmpty() ? "-" : fmt(byS.values().stream().mapToDouble(f).average().orElse(Double.NaN), digits);
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static String fmt(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    static String abbreviate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n) + "...";
    }

    static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"").replace("\n", " ") + "\"" : s;
    }

    // ---------------------------------------------------------------- files

    /** bench/public/series.csv (as R's write.csv writes it) and each series' NAME.csv. */
    static List<Series> readSeries(Path dir) throws Exception {
        var lines = Files.readAllLines(dir.resolve("series.csv"));
        var header = csvLine(lines.get(0));
        var out = new ArrayList<Series>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) continue;
            var c = csvLine(line);
            var row = new LinkedHashMap<String, String>();
            for (int i = 0; i < header.size(); i++) row.put(header.get(i), c.get(i));
            int[] periods = Arrays.stream(row.get("periods").split(";")).mapToInt(Integer::parseInt).toArray();
            var times = new ArrayList<String>();
            var values = new ArrayList<Double>();
            var raw = new ArrayList<String>();
            var data = Files.readAllLines(dir.resolve(row.get("name") + ".csv"));
            for (String d : data.subList(1, data.size())) {
                if (d.isBlank()) continue;
                String[] cells = d.split(",", -1);
                times.add(cells[0]);
                raw.add(cells[1].trim());
                values.add(cells[1].isBlank() ? Double.NaN : Double.parseDouble(cells[1]));
            }
            var s = new Series(row.get("name"), row.get("frequency"), periods, Integer.parseInt(row.get("holdout")), row.get("source"), times, values, raw);
            for (double y : s.test()) if (Double.isNaN(y)) throw new IllegalStateException(s.name() + " has a gap in its hold-out");
            out.add(s);
        }
        return out;
    }

    record RForecasts(String header, Map<String, Outcome> rows) {}

    /** bench/public/r-forecasts.csv: series,method,model,fit_seconds,step,mean,lo80,hi80,lo95,hi95 after a # line. */
    static RForecasts readR(Path file) throws Exception {
        var rows = new LinkedHashMap<String, Outcome>();
        if (!Files.exists(file)) return new RForecasts("(none: " + file + " is missing)", rows);
        String header = "";
        var steps = new LinkedHashMap<String, List<String[]>>();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("#")) {
                header = line.substring(1).trim();
                continue;
            }
            if (line.startsWith("series,") || line.isBlank()) continue;
            String[] c = line.split(",", -1);
            steps.computeIfAbsent(c[0] + "/" + c[1], k -> new ArrayList<>()).add(c);
        }
        for (var e : steps.entrySet()) {
            var c = e.getValue();
            int h = c.size();
            double[][] f = new double[5][h];
            for (int i = 0; i < h; i++) for (int j = 0; j < 5; j++) f[j][i] = Double.parseDouble(c.get(i)[5 + j]);
            String[] first = c.get(0);
            rows.put(e.getKey(), new Outcome(first[0], "R " + first[1], "ok", first[2].replace(';', ','), Double.parseDouble(first[3]),
                    new Forecast(f[0], f[1], f[2], f[3], f[4]), ""));
        }
        return new RForecasts(header, rows);
    }

    /** One CSV line with R's quoting ("..." with "" for a quote). */
    static List<String> csvLine(String line) {
        var out = new ArrayList<String>();
        var cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        out.add(cell.toString());
        return out;
    }

    /** A small JSON reader: objects as maps, arrays as lists, numbers as doubles. */
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        static Object parse(String text) {
            var j = new Json(text);
            Object v = j.value();
            j.space();
            if (j.i != text.length()) throw new IllegalArgumentException("trailing text at " + j.i);
            return v;
        }

        /** The member at the path of keys, or null where one is missing. */
        static Object get(Object json, String... path) {
            Object v = json;
            for (String key : path) {
                if (!(v instanceof Map<?, ?> m)) return null;
                v = m.get(key);
            }
            return v;
        }

        private void space() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }

        private Object value() {
            space();
            char c = s.charAt(i);
            switch (c) {
                case '{' -> {
                    var m = new LinkedHashMap<String, Object>();
                    i++;
                    space();
                    if (s.charAt(i) == '}') {
                        i++;
                        return m;
                    }
                    while (true) {
                        space();
                        String key = string();
                        space();
                        expect(':');
                        m.put(key, value());
                        space();
                        if (s.charAt(i) == ',') i++;
                        else {
                            expect('}');
                            return m;
                        }
                    }
                }
                case '[' -> {
                    var l = new ArrayList<Object>();
                    i++;
                    space();
                    if (s.charAt(i) == ']') {
                        i++;
                        return l;
                    }
                    while (true) {
                        l.add(value());
                        space();
                        if (s.charAt(i) == ',') i++;
                        else {
                            expect(']');
                            return l;
                        }
                    }
                }
                case '"' -> {
                    return string();
                }
                default -> {
                    if (s.startsWith("true", i)) { i += 4; return Boolean.TRUE; }
                    if (s.startsWith("false", i)) { i += 5; return Boolean.FALSE; }
                    if (s.startsWith("null", i)) { i += 4; return null; }
                    int start = i;
                    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
                    if (start == i) throw new IllegalArgumentException("unexpected " + c + " at " + i);
                    return Double.parseDouble(s.substring(start, i));
                }
            }
        }

        private String string() {
            expect('"');
            var b = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') return b.toString();
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> b.append(e);
                }
            }
        }

        private void expect(char c) {
            if (i >= s.length() || s.charAt(i) != c) throw new IllegalArgumentException("expected " + c + " at " + i);
            i++;
        }
    }
}
