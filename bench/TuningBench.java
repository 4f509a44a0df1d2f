import forecast.adapters.ml.MlAdapters;
import forecast.domain.memory.InMemoryStudyStore;
import forecast.domain.tuning.Direction;
import forecast.domain.tuning.Distribution;
import forecast.domain.tuning.FrozenTrial;
import forecast.domain.tuning.Sampler;
import forecast.domain.tuning.Studies;
import forecast.domain.tuning.StudyDefinition;
import forecast.domain.tuning.TrialState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Samplers of MlAdapters.samplers() (all of them, or those SAMPLERS names) on the TuningFunctions
 * functions (all, or those FUNCTIONS names): one study per seed through the real Study API
 * (in-memory store, one trial at a time). Writes each trial to a CSV
 * ({@code function,sampler,seed,trial,value,noiseless,sampler_ms}, trial numbered from 0,
 * {@code noiseless} only for a noisy function) and prints, per function and sampler, the median over
 * seeds of the best value after 10, 25, 50 and 100 trials (with the interquartile range, numpy's
 * linear percentiles) and the time spent inside the sampler per trial (sample, relativeSearchSpace
 * and sampleRelative together), over all trials and over the last 10.
 *
 * <p>hartmann6-noisy has two rows: {@code hartmann6-noisy} is the noiseless value of the trial with
 * the best noisy value so far (the setting the study would hand back, scored without noise), and
 * {@code hartmann6-noisy observed} the best noisy value seen.
 *
 * <pre>
 * Usage: java TuningBench [CSV] [SEEDS] [TRIALS] [FIRST_SEED]   (defaults: bench/tuning-results.csv 20 100 0)
 *   SAMPLERS=random,tpe    (environment) the samplers to run, by name; default every registered one
 *   FUNCTIONS=branin,...   (environment) the functions to run; default all
 * </pre>
 */
public class TuningBench {
    private static final int[] CHECKPOINTS = {10, 25, 50, 100};
    private static final int LAST = 10;

    /**
     * Forwards everything to the wrapped sampler and times it: what the study spends choosing values
     * rather than evaluating them. {@link #drain} hands over the time since its last call, which with
     * one trial at a time is the time of the trial that just finished.
     */
    static final class TimedSampler implements Sampler {
        private final Sampler sampler;
        private long nanos;

        TimedSampler(Sampler sampler) {
            this.sampler = sampler;
        }

        @Override
        public String name() {
            return sampler.name();
        }

        @Override
        public double sample(Context context) {
            long start = System.nanoTime();
            try {
                return sampler.sample(context);
            } finally {
                add(System.nanoTime() - start);
            }
        }

        @Override
        public Map<String, Distribution> relativeSearchSpace(StudyDefinition study, List<FrozenTrial> trials) {
            long start = System.nanoTime();
            try {
                return sampler.relativeSearchSpace(study, trials);
            } finally {
                add(System.nanoTime() - start);
            }
        }

        @Override
        public Map<String, Double> sampleRelative(RelativeContext context) {
            long start = System.nanoTime();
            try {
                return sampler.sampleRelative(context);
            } finally {
                add(System.nanoTime() - start);
            }
        }

        private synchronized void add(long n) {
            nanos += n;
        }

        /** The time spent in the sampler since the last call, in milliseconds. */
        synchronized double drain() {
            double ms = nanos / 1e6;
            nanos = 0;
            return ms;
        }
    }

    /**
     * The samplers named by {@code names} (comma-separated; null or blank: all of {@code registered}),
     * in that order; an unknown name is an error naming the known ones.
     */
    static List<Sampler> select(List<Sampler> registered, String names) {
        if (names == null || names.isBlank()) return registered;
        var byName = new LinkedHashMap<String, Sampler>();
        registered.forEach(s -> byName.put(s.name(), s));
        var chosen = new ArrayList<Sampler>();
        for (String name : names.split(",")) {
            String n = name.trim();
            if (n.isEmpty()) continue;
            var s = byName.get(n);
            if (s == null) throw new IllegalArgumentException("unknown sampler " + n + "; registered: " + String.join(", ", byName.keySet()));
            chosen.add(s);
        }
        if (chosen.isEmpty()) throw new IllegalArgumentException("SAMPLERS names no sampler");
        return chosen;
    }

    private static List<TuningFunctions.Function> functions(String names) {
        var all = TuningFunctions.all();
        if (names == null || names.isBlank()) return all;
        var chosen = new ArrayList<TuningFunctions.Function>();
        for (String name : names.split(",")) {
            String n = name.trim();
            if (n.isEmpty()) continue;
            chosen.add(all.stream().filter(f -> f.name().equals(n)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                    "unknown function " + n + "; known: " + String.join(", ", all.stream().map(TuningFunctions.Function::name).toList()))));
        }
        return chosen;
    }

    /** One seed's run: each trial's value (NaN when it has none), noiseless value (NaN without) and sampler time. */
    record Run(double[] values, double[] noiseless, double[] samplerMillis) {}

    public static void main(String[] args) throws IOException {
        Path csv = Path.of(args.length > 0 ? args[0] : "bench/tuning-results.csv");
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int trials = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int firstSeed = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        List<Sampler> samplers;
        List<TuningFunctions.Function> functions;
        try {
            samplers = select(MlAdapters.samplers(), System.getenv("SAMPLERS"));
            functions = functions(System.getenv("FUNCTIONS"));
        } catch (IllegalArgumentException e) {
            System.err.println("TuningBench: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (csv.getParent() != null) Files.createDirectories(csv.getParent());
        var rows = new ArrayList<String>();
        try (var out = new PrintWriter(Files.newBufferedWriter(csv))) {
            out.println("function,sampler,seed,trial,value,noiseless,sampler_ms");
            for (var function : functions) {
                for (var sampler : samplers) {
                    var runs = new ArrayList<Run>();
                    for (int seed = firstSeed; seed < firstSeed + seeds; seed++) {
                        var run = run(function, sampler, seed, trials);
                        runs.add(run);
                        for (int i = 0; i < run.values.length; i++)
                            out.printf(Locale.ROOT, "%s,%s,%d,%d,%s,%s,%.4f%n", function.name(), sampler.name(), seed, i, cell(run.values[i]),
                                    cell(run.noiseless[i]), run.samplerMillis[i]);
                    }
                    rows.addAll(rows(function, sampler.name(), runs));
                    System.err.println("done: " + function.name() + " with " + sampler.name());
                }
            }
        }
        System.out.printf("%d seeds (from %d) x %d trials; median [interquartile range] over seeds of the best value after n trials "
                + "(hartmann6-noisy: the noiseless value of the trial with the best noisy value so far; hartmann6-noisy observed: the best "
                + "noisy value seen); time inside the sampler per trial (all parameters), mean over all trials and over the last %d%n%n",
                seeds, firstSeed, trials, LAST);
        System.out.println("| function (minimum) | sampler | 10 | 25 | 50 | 100 | sampler ms/trial | ms/trial, last " + LAST + " |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        rows.forEach(System.out::println);
        System.out.println();
        System.out.println("wrote " + csv);
    }

    private static Run run(TuningFunctions.Function function, Sampler sampler, int seed, int trials) {
        var timed = new TimedSampler(sampler);
        var studies = new Studies(new InMemoryStudyStore(), List.of(timed), Clock.systemUTC());
        var study = studies.create(new StudyDefinition(function.name() + "-" + sampler.name() + "-" + seed, Direction.MINIMIZE,
                sampler.name(), seed, "none", Map.of(), null, Map.of(), Instant.now()));
        var millis = new LinkedHashMap<Integer, Double>();
        Consumer<FrozenTrial> finished = t -> millis.put(t.number(), timed.drain());
        study.optimize(function.objective().apply(seed), trials, null, 1, finished);
        var done = study.trials();
        double[] values = new double[done.size()];
        double[] noiseless = new double[done.size()];
        double[] samplerMillis = new double[done.size()];
        for (int i = 0; i < done.size(); i++) {
            var t = done.get(i);
            boolean complete = t.state() == TrialState.COMPLETE && t.value() != null;
            values[i] = complete ? t.value() : Double.NaN;
            noiseless[i] = complete && function.noiseless() != null ? function.noiseless().applyAsDouble(t.params()) : Double.NaN;
            samplerMillis[i] = millis.getOrDefault(t.number(), 0.0);
        }
        return new Run(values, noiseless, samplerMillis);
    }

    private static String cell(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    /** Per trial, the best value so far; with {@code atBest}, the noiseless value of the trial holding it (the first of equal ones). */
    static double[] bestSoFar(Run run, boolean atBest) {
        double[] out = new double[run.values.length];
        double best = Double.POSITIVE_INFINITY;
        double held = Double.NaN;
        for (int i = 0; i < out.length; i++) {
            double v = run.values[i];
            if (!Double.isNaN(v) && v < best) {
                best = v;
                held = run.noiseless[i];
            }
            out[i] = atBest ? held : best;
        }
        return out;
    }

    private static List<String> rows(TuningFunctions.Function function, String sampler, List<Run> runs) {
        double all = runs.stream().mapToDouble(r -> Arrays.stream(r.samplerMillis).average().orElse(Double.NaN)).average().orElse(Double.NaN);
        double last = runs.stream().mapToDouble(r -> Arrays.stream(r.samplerMillis, Math.max(0, r.samplerMillis.length - LAST), r.samplerMillis.length)
                .average().orElse(Double.NaN)).average().orElse(Double.NaN);
        String times = String.format(Locale.ROOT, " %.3f | %.3f |", all, last);
        String label = String.format(Locale.ROOT, "%s (%s)", function.name(), function.minimum());
        if (function.noiseless() == null)
            return List.of("| " + label + " | " + sampler + " |" + cells(runs.stream().map(r -> bestSoFar(r, false)).toList()) + times);
        return List.of("| " + label + " | " + sampler + " |" + cells(runs.stream().map(r -> bestSoFar(r, true)).toList()) + times,
                "| " + function.name() + " observed | " + sampler + " |" + cells(runs.stream().map(r -> bestSoFar(r, false)).toList()) + times);
    }

    private static String cells(List<double[]> curves) {
        var sb = new StringBuilder();
        for (int n : CHECKPOINTS) {
            double[] at = curves.stream().filter(b -> b.length >= n && Double.isFinite(b[n - 1])).mapToDouble(b -> b[n - 1]).toArray();
            sb.append(at.length == 0 ? " - |"
                    : String.format(Locale.ROOT, " %.4f [%.4f, %.4f] |", percentile(at, 50), percentile(at, 25), percentile(at, 75)));
        }
        return sb.toString();
    }

    // numpy's percentile (linear interpolation between the closest ranks), as bench/tuning_optuna_reference.py
    static double percentile(double[] values, double p) {
        double[] s = values.clone();
        Arrays.sort(s);
        double rank = p / 100 * (s.length - 1);
        int low = (int) Math.floor(rank);
        int high = Math.min(low + 1, s.length - 1);
        return s[low] + (rank - low) * (s[high] - s[low]);
    }
}
