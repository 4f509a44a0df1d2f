import forecast.adapters.ml.MlAdapters;
import forecast.domain.memory.InMemoryStudyStore;
import forecast.domain.tuning.Direction;
import forecast.domain.tuning.FrozenTrial;
import forecast.domain.tuning.Sampler;
import forecast.domain.tuning.Studies;
import forecast.domain.tuning.StudyDefinition;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every sampler of MlAdapters.samplers() (TPE, random) on every TuningFunctions function: one study
 * per seed through the real Study API (in-memory store, one trial at a time). Writes each trial's
 * value to a CSV ({@code function,sampler,seed,trial,value}, trial numbered from 0) and prints, per
 * function and sampler, the median over seeds of the best value after 10, 25, 50 and 100 trials (with
 * the interquartile range, numpy's linear percentiles) and the time spent inside Sampler.sample per trial.
 * Usage: java TuningBench [CSV] [SEEDS] [TRIALS] [FIRST_SEED]   (defaults: bench/tuning-results.csv 20 100 0)
 */
public class TuningBench {
    private static final int[] CHECKPOINTS = {10, 25, 50, 100};

    /** Times the wrapped sampler: what the study spends choosing values rather than evaluating them. */
    static final class TimedSampler implements Sampler {
        private final Sampler sampler;
        private final AtomicLong nanos = new AtomicLong();

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
                nanos.addAndGet(System.nanoTime() - start);
            }
        }
    }

    public static void main(String[] args) throws IOException {
        Path csv = Path.of(args.length > 0 ? args[0] : "bench/tuning-results.csv");
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int firstSeed = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        int trials = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        if (csv.getParent() != null) Files.createDirectories(csv.getParent());
        var rows = new ArrayList<String>();
        try (var out = new PrintWriter(Files.newBufferedWriter(csv))) {
            out.println("function,sampler,seed,trial,value");
            for (var function : TuningFunctions.all()) {
                for (var sampler : MlAdapters.samplers()) {
                    double[][] bestSoFar = new double[seeds][];
                    double sampleMillis = 0;
                    for (int seed = firstSeed; seed < firstSeed + seeds; seed++) {
                        var timed = new TimedSampler(sampler);
                        var studies = new Studies(new InMemoryStudyStore(), List.of(timed), Clock.systemUTC());
                        var study = studies.create(new StudyDefinition(function.name() + "-" + sampler.name() + "-" + seed, Direction.MINIMIZE,
                                sampler.name(), seed, "none", Map.of(), null, Map.of(), Instant.now()));
                        study.optimize(function.objective(), trials, null, 1, t -> {});
                        var done = study.trials();
                        bestSoFar[seed - firstSeed] = bestSoFar(done);
                        for (var t : done) out.printf(Locale.ROOT, "%s,%s,%d,%d,%s%n", function.name(), sampler.name(), seed, t.number(), t.value());
                        sampleMillis += timed.nanos.get() / 1e6 / done.size();
                    }
                    rows.add(row(function, sampler.name(), bestSoFar, sampleMillis / seeds));
                    System.err.println("done: " + function.name() + " with " + sampler.name());
                }
            }
        }
        System.out.printf("%d seeds (from %d) x %d trials; median [interquartile range] over seeds of the best value after n trials; sampler time per trial (all parameters)%n%n", seeds, firstSeed, trials);
        System.out.println("| function (minimum) | sampler | 10 | 25 | 50 | 100 | sampler ms/trial |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        rows.forEach(System.out::println);
        System.out.println();
        System.out.println("wrote " + csv);
    }

    private static double[] bestSoFar(List<FrozenTrial> trials) {
        double[] best = new double[trials.size()];
        double b = Double.POSITIVE_INFINITY;
        for (int i = 0; i < trials.size(); i++) {
            Double v = trials.get(i).value();
            if (v != null) b = Math.min(b, v);
            best[i] = b;
        }
        return best;
    }

    private static String row(TuningFunctions.Function function, String sampler, double[][] bestSoFar, double millis) {
        var sb = new StringBuilder(String.format(Locale.ROOT, "| %s (%s) | %s |", function.name(), function.minimum(), sampler));
        for (int n : CHECKPOINTS) {
            double[] at = Arrays.stream(bestSoFar).filter(b -> b.length >= n).mapToDouble(b -> b[n - 1]).toArray();
            sb.append(at.length == 0 ? " - |"
                    : String.format(Locale.ROOT, " %.4f [%.4f, %.4f] |", percentile(at, 50), percentile(at, 25), percentile(at, 75)));
        }
        return sb.append(String.format(Locale.ROOT, " %.3f |", millis)).toString();
    }

    // numpy's percentile (linear interpolation between the closest ranks), as bench/tuning_optuna_reference.py
    private static double percentile(double[] values, double p) {
        double[] s = values.clone();
        Arrays.sort(s);
        double rank = p / 100 * (s.length - 1);
        int low = (int) Math.floor(rank);
        int high = Math.min(low + 1, s.length - 1);
        return s[low] + (rank - low) * (s[high] - s[low]);
    }
}
