import forecast.adapters.ml.MlAdapters;
import forecast.domain.forecasting.Forecaster;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.memory.InMemoryStudyStore;
import forecast.domain.preprocessing.Imputation;
import forecast.domain.series.SeriesId;
import forecast.domain.series.TimeSeries;
import forecast.domain.training.ForecasterTuning;
import forecast.domain.training.TuningRequest;
import forecast.domain.tuning.Distribution;
import forecast.domain.tuning.DistributionJson;
import forecast.domain.tuning.FrozenTrial;
import forecast.domain.tuning.Sampler;
import forecast.domain.tuning.Studies;
import forecast.domain.tuning.TrialState;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The real objective of issue 19: XGBoost's backtest MASE on a test_data series, tuned with a budget
 * of 10 trials through the same code as the pipeline, {@code /models/train} and {@code forecast tune}
 * ({@link ForecasterTuning#tune}: xgboost's default search space, backtest folds fixed per study,
 * every fold reported to the pruner, which is the median pruner unless told otherwise, as theirs),
 * with {@code --space} entries replacing the space's as a request's {@code search_space} does and
 * {@code --set} fixing settings as its {@code hyperparameters} do.
 * One study per (sampler, seed), each in its own in-memory study store, the sampler chosen by name
 * as a request's {@code sampler}, the seed as its {@code seed}. Prints per sampler the median
 * [interquartile range] over seeds of the best MASE after 5 and 10 trials (complete trials only: a
 * pruned trial has no value), the median trial time (wall clock, and the CPU time of the thread
 * that ran it, which other work on the machine inflates less), and the time inside the sampler per
 * trial; writes each trial to a CSV ({@code function,sampler,seed,trial,value,state,trial_s,cpu_s,sampler_ms,params},
 * readable by {@code bench/tuning_optuna_reference.py --table}).
 *
 * <pre>
 * Usage: java TuningXgboostBench [option ...]
 *   --series FILE     a CSV timestamp,value[,feature...] or series_id,timestamp,value (default test_data/shops_daily_train.csv)
 *   --id ID           the series of a long CSV (default: its first)
 *   --last N          keep only the last N observations (default: all)
 *   --samplers A,B    by name (default every registered sampler; SAMPLERS in the environment too); unknown names fail
 *   --seeds N         studies per sampler (20)          --first-seed S   (0)
 *   --trials N        the budget (10)                   --pruner P       median | successive_halving | none (median)
 *   --jobs J          studies run at once (2)           --csv FILE       (bench/tuning-xgboost.csv)
 *   --set key=value   a fixed xgboost hyperparameter (repeatable)
 *   --space name=JSON a search-space entry, as forecast tune's: rounds={"type":"int","low":50,"high":400,"step":50} (repeatable)
 * </pre>
 */
public class TuningXgboostBench {
    private static final int[] CHECKPOINTS = {5, 10};

    record Result(String sampler, int seed, List<FrozenTrial> trials, double[] samplerMillis, double[] cpuSeconds, String spec, Map<String, Distribution> space) {}

    public static void main(String[] args) throws Exception {
        var o = new LinkedHashMap<String, String>();
        var fixed = new TreeMap<String, String>();
        var space = new LinkedHashMap<String, Distribution>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) usage("bad argument " + args[i]);
            if (args[i].equals("--set")) {
                String[] kv = args[++i].split("=", 2);
                if (kv.length != 2) usage("--set needs key=value");
                fixed.put(kv[0], kv[1]);
            } else if (args[i].equals("--space")) {
                String[] kv = args[++i].split("=", 2);
                if (kv.length != 2) usage("--space needs name=JSON");
                space.put(kv[0], DistributionJson.read(kv[1]));
            } else o.put(args[i], args[++i]);
        }
        var known = List.of("--series", "--id", "--last", "--samplers", "--seeds", "--first-seed", "--trials", "--pruner", "--jobs", "--csv");
        for (var k : o.keySet()) if (!known.contains(k)) usage("unknown option " + k);
        Path file = Path.of(o.getOrDefault("--series", "test_data/shops_daily_train.csv"));
        var series = read(file, o.get("--id"));
        int last = Integer.parseInt(o.getOrDefault("--last", "0"));
        if (last > 0 && last < series.size()) series = series.slice(series.size() - last, series.size());
        int seeds = Integer.parseInt(o.getOrDefault("--seeds", "20"));
        int firstSeed = Integer.parseInt(o.getOrDefault("--first-seed", "0"));
        int trials = Integer.parseInt(o.getOrDefault("--trials", "10"));
        int jobs = Integer.parseInt(o.getOrDefault("--jobs", "2"));
        String pruner = o.getOrDefault("--pruner", "median");
        Path csv = Path.of(o.getOrDefault("--csv", "bench/tuning-xgboost.csv"));
        List<Sampler> samplers;
        try {
            samplers = TuningBench.select(MlAdapters.samplers(), o.getOrDefault("--samplers", System.getenv("SAMPLERS")));
        } catch (IllegalArgumentException e) {
            System.err.println("TuningXgboostBench: " + e.getMessage());
            System.exit(2);
            return;
        }
        Forecaster xgboost = MlAdapters.forecasters().stream().filter(f -> f.algorithm().equals("xgboost")).findFirst().orElseThrow();
        String seriesName = file.getFileName() + (o.containsKey("--id") ? ":" + o.get("--id") : "") + (last > 0 ? ", last " + series.size() : "");
        System.err.printf(Locale.ROOT, "%s: %d observations (%s to %s), %d missing; samplers %s; %d seeds x %d trials, pruner %s, %d at once%n",
                seriesName, series.size(), series.firstTime(), series.lastTime(), series.missingCount(),
                samplers.stream().map(Sampler::name).toList(), seeds, trials, pruner, jobs);

        final TimeSeries input = series;
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        var futures = new ArrayList<Future<Result>>();
        long started = System.nanoTime();
        for (int seed = firstSeed; seed < firstSeed + seeds; seed++)
            for (var sampler : samplers) {
                final int s = seed;
                futures.add(pool.submit(() -> study(xgboost, sampler, s, input, trials, pruner, fixed, space)));
            }
        pool.shutdown();
        var results = new ArrayList<Result>();
        if (csv.getParent() != null) Files.createDirectories(csv.getParent());
        try (var out = new PrintWriter(Files.newBufferedWriter(csv))) {
            out.println("function,sampler,seed,trial,value,state,trial_s,cpu_s,sampler_ms,params");
            for (var f : futures) {
                Result r;
                try {
                    r = f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    pool.shutdownNow(); // the other studies would only keep the process alive
                    throw e;
                }
                results.add(r);
                for (int i = 0; i < r.trials.size(); i++) {
                    var t = r.trials.get(i);
                    out.printf(Locale.ROOT, "xgboost-mase,%s,%d,%d,%s,%s,%.3f,%.3f,%.3f,%s%n", r.sampler, r.seed, t.number(),
                            complete(t) ? Double.toString(t.value()) : "", t.state(), seconds(t), r.cpuSeconds[i], r.samplerMillis[i], params(t));
                }
                out.flush();
                double best = r.trials.stream().filter(TuningXgboostBench::complete).mapToDouble(FrozenTrial::value).min().orElse(Double.NaN);
                System.err.printf(Locale.ROOT, "done: %s seed %d, best MASE %.4f, %d pruned, %.1f s%n", r.sampler, r.seed, best,
                        r.trials.stream().filter(t -> t.state() == TrialState.PRUNED).count(), r.trials.stream().mapToDouble(TuningXgboostBench::seconds).sum());
            }
        }
        double wall = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "xgboost's backtest MASE on %s (%d observations), backtest %s; search space %s%s; %d seeds (from %d) x %d trials, "
                        + "pruner %s, %d studies at once; %.0f s in all%n%n", seriesName, series.size(), results.get(0).spec,
                results.get(0).space.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().toJson()).toList(),
                fixed.isEmpty() ? "" : ", fixed " + fixed, seeds, firstSeed, trials, pruner, jobs, wall);
        System.out.println("| sampler | best MASE after 5 | after 10 | pruned trials | trial s (median) | trial CPU s (median) | sampler ms/trial |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (var sampler : samplers) {
            var mine = results.stream().filter(r -> r.sampler.equals(sampler.name())).toList();
            var sb = new StringBuilder("| " + sampler.name() + " |");
            for (int n : CHECKPOINTS) {
                double[] at = mine.stream().mapToDouble(r -> r.trials.stream().filter(t -> t.number() < n && complete(t))
                        .mapToDouble(FrozenTrial::value).min().orElse(Double.NaN)).filter(Double::isFinite).toArray();
                sb.append(at.length == 0 ? " - |" : String.format(Locale.ROOT, " %.4f [%.4f, %.4f] |",
                        TuningBench.percentile(at, 50), TuningBench.percentile(at, 25), TuningBench.percentile(at, 75)));
            }
            long pruned = mine.stream().mapToLong(r -> r.trials.stream().filter(t -> t.state() == TrialState.PRUNED).count()).sum();
            long all = mine.stream().mapToLong(r -> r.trials.size()).sum();
            double[] secs = mine.stream().flatMap(r -> r.trials.stream()).mapToDouble(TuningXgboostBench::seconds).toArray();
            double[] cpu = mine.stream().flatMapToDouble(r -> Arrays.stream(r.cpuSeconds)).toArray();
            double samplerMs = mine.stream().flatMapToDouble(r -> Arrays.stream(r.samplerMillis)).average().orElse(Double.NaN);
            sb.append(String.format(Locale.ROOT, " %d of %d | %.2f | %.2f | %.2f |", pruned, all, TuningBench.percentile(secs, 50),
                    TuningBench.percentile(cpu, 50), samplerMs));
            System.out.println(sb);
        }
        System.out.println();
        System.out.println("wrote " + csv);
    }

    private static Result study(Forecaster xgboost, Sampler sampler, int seed, TimeSeries series, int trials, String pruner, Map<String, String> fixed,
                                Map<String, Distribution> space) {
        var timed = new TuningBench.TimedSampler(sampler);
        var studies = new Studies(new InMemoryStudyStore(), List.of(timed), Clock.systemUTC());
        var tuning = new ForecasterTuning(Map.of(xgboost.algorithm(), xgboost), studies, Clock.systemUTC());
        var request = new TuningRequest("xgboost-" + sampler.name() + "-" + seed, SeriesId.DEFAULT, series, xgboost.algorithm(), new Hyperparameters(fixed),
                Imputation.LINEAR, space, "mase", trials, null, 1, sampler.name(), (long) seed, pruner, false);
        var prepared = tuning.prepare(request);
        var millis = new TreeMap<Integer, Double>();
        var cpu = new TreeMap<Integer, Double>();
        var threads = ManagementFactory.getThreadMXBean();
        long[] cpuAt = {threads.getCurrentThreadCpuTime()};
        try {
            // one trial at a time, on this thread: each call follows the trial it reports
            tuning.run(prepared, t -> {
                millis.put(t.number(), timed.drain());
                long now = threads.getCurrentThreadCpuTime();
                cpu.put(t.number(), (now - cpuAt[0]) / 1e9);
                cpuAt[0] = now;
            });
        } catch (ForecasterTuning.TuningException e) {
            System.err.println(sampler.name() + " seed " + seed + ": " + e.getMessage()); // no trial completed: the table shows none
        }
        var done = prepared.study().trials();
        double[] ms = done.stream().mapToDouble(t -> millis.getOrDefault(t.number(), 0.0)).toArray();
        double[] cs = done.stream().mapToDouble(t -> cpu.getOrDefault(t.number(), Double.NaN)).toArray();
        return new Result(sampler.name(), seed, done, ms, cs, prepared.spec().toString(), prepared.space());
    }

    /** A trial's parameters as name=value separated by spaces, in name order (no commas: a CSV cell). */
    private static String params(FrozenTrial t) {
        var sb = new StringBuilder();
        new TreeMap<>(t.params()).forEach((k, v) -> sb.append(sb.isEmpty() ? "" : " ").append(k).append('=')
                .append(v instanceof Double d ? String.format(Locale.ROOT, "%.4g", d) : v));
        return sb.toString();
    }

    private static boolean complete(FrozenTrial t) {
        return t.state() == TrialState.COMPLETE && t.value() != null && Double.isFinite(t.value());
    }

    private static double seconds(FrozenTrial t) {
        return t.duration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    /**
     * A CSV as {@code forecast tune --series-file} reads one ({@code timestamp,value[,feature...]}, an
     * empty value a gap), or one series of a long CSV ({@code series_id,timestamp,value}).
     */
    static TimeSeries read(Path file, String id) throws IOException {
        var lines = Files.readAllLines(file);
        String[] header = lines.get(0).split(",", -1);
        boolean isLong = header[0].trim().equals("series_id");
        int at = isLong ? 1 : 0;
        var features = isLong ? List.<String>of() : Arrays.stream(header).skip(2).map(String::trim).toList();
        var times = new ArrayList<Instant>();
        var values = new ArrayList<Double>();
        var rows = new ArrayList<double[]>();
        String chosen = id;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            String[] c = lines.get(i).split(",", -1);
            if (isLong) {
                if (chosen == null) chosen = c[0];
                if (!c[0].equals(chosen)) continue;
            }
            String t = c[at].trim();
            times.add(t.length() == 10 ? LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant() : OffsetDateTime.parse(t).toInstant());
            values.add(c[at + 1].isBlank() ? Double.NaN : Double.parseDouble(c[at + 1]));
            double[] f = new double[features.size()];
            for (int k = 0; k < f.length; k++) f[k] = c[2 + k].isBlank() ? Double.NaN : Double.parseDouble(c[2 + k]);
            rows.add(f);
        }
        if (times.isEmpty()) throw new IllegalArgumentException(file + " has no series " + id);
        return TimeSeries.of(times, values.stream().mapToDouble(Double::doubleValue).toArray(), features, rows.toArray(double[][]::new), null);
    }

    private static void usage(String why) {
        System.err.println("TuningXgboostBench: " + why);
        System.err.println("usage: java TuningXgboostBench [--series FILE] [--id ID] [--last N] [--samplers A,B] [--seeds N] [--first-seed S] [--trials N] "
                + "[--pruner median|successive_halving|none] [--jobs J] [--csv FILE] [--set key=value ...] [--space name=JSON ...]");
        System.exit(2);
    }
}
