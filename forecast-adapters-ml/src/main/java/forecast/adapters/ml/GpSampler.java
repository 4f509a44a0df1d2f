package forecast.adapters.ml;

import forecast.domain.tuning.Distribution;
import forecast.domain.tuning.FrozenTrial;
import forecast.domain.tuning.RelativeSearchSpace;
import forecast.domain.tuning.Sampler;
import forecast.domain.tuning.StudyDefinition;
import forecast.domain.tuning.TrialState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Bayesian optimisation with a Gaussian process, after Optuna 4's {@code GPSampler}
 * ({@code optuna/samplers/_gp/sampler.py}, {@code optuna/_gp/}), for studies whose trials are
 * expensive and few: it spends milliseconds per trial to choose each point well.
 *
 * <p>Relative sampling over the intersection of the complete trials' parameters (pruned ones
 * left out, as Optuna's): the parameters are mapped onto the unit cube ({@link UnitCube}: log scales,
 * grids with rounding, categoricals by index with a Hamming kernel), the losses standardised, a
 * Matérn-5/2 ARD process fitted by marginal likelihood ({@link GaussianProcess}), and the next point is
 * where log expected improvement over the best loss is highest: the best of
 * {@value #CANDIDATES} uniform candidates (Optuna's number), and {@link Lbfgs} from
 * {@value #LOCAL_SEARCHES} starts (the best candidate, the best trial's point and a roulette of the
 * other candidates by EI), discrete coordinates rounded and then searched one by one. Parameters outside the
 * relative space, and every parameter before {@code nStartupTrials} trials are complete, are drawn
 * as {@link RandomSampler} draws them.
 *
 * <p>Several workers on one study (constant liar): the other trials still RUNNING that have every
 * parameter of the space join the training data with the worst loss seen so far. Their
 * neighbourhood then looks bad, so parallel workers do not all propose the same point. The liars
 * never become the incumbent: the best loss is the complete trials' best.
 *
 * <p>Pruned trials are liars too. Optuna's GPSampler leaves them out, and then proposes a pruned
 * point again and again: with the median pruner a forecaster's 10-trial study through this sampler
 * spent trials 5 to 9 on one point, pruned five times (bench/tuning-xgboost, seed 2). A trial is
 * pruned for doing worse than its peers at the same fold, so it counts as the worst loss seen.
 *
 * <p>Stateless: all randomness comes from {@link Sampler.RelativeContext#random()}, and each trial
 * refits from the stored trials (Optuna warm-starts the fit from its previous one; doing that here
 * would make results depend on a cache).
 */
final class GpSampler implements Sampler {
    /** The sampler's name in a study definition. */
    static final String NAME = "gp";
    /**
     * Random trials before the first fit. Optuna uses 10, which makes a ten-trial budget random
     * search. Measured on bench/TuningFunctions through the Study API (20 seeds, median best after
     * 10 / 25 trials) with 3, 4, 5, 7 and 10 start-up trials:
     * <pre>
     *               3              4              5              7              10 (random at 10)
     * Branin        2.66 / 0.416   2.23 / 0.411   2.72 / 0.429   4.59 / 0.418   6.60 / 0.416
     * Hartmann-6   -1.20 / -2.89  -1.05 / -2.89  -1.13 / -2.95  -0.99 / -2.79  -1.03 / -2.77
     * Rosenbrock-4  149 / 36.9     129 / 23.8     139 / 25.9     125 / 21.2     213 / 23.1
     * mixed         1.01 / 0.0030  1.09 / 0.0086  0.98 / 0.0019  1.08 / 0.0030  1.27 / 0.0017
     * </pre>
     * At 25 trials the differences are within the seeds' spread; at 10, 10 start-up trials is
     * clearly worst and 3 to 5 do best. 5 rather than 3 or 4: a real search space (XGBoost's has 6
     * to 8 parameters) gets one length scale per parameter, which three or four points hardly inform.
     */
    static final int DEFAULT_STARTUP_TRIALS = 5;
    private static final int CANDIDATES = 2048;
    private static final int LOCAL_SEARCHES = 10;
    private static final int ACQUISITION_ITERATIONS = 50;
    private static final int MAX_VALUES_TRIED = 32;

    private final int nStartupTrials;

    GpSampler() {
        this(DEFAULT_STARTUP_TRIALS);
    }

    GpSampler(int nStartupTrials) {
        if (nStartupTrials < 1) throw new IllegalArgumentException("the Gaussian process needs at least one start-up trial");
        this.nStartupTrials = nStartupTrials;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double sample(Context context) {
        return RandomSampler.draw(context.distribution(), context.random());
    }

    @Override
    public Map<String, Distribution> relativeSearchSpace(StudyDefinition study, List<FrozenTrial> trials) {
        long complete = trials.stream().filter(t -> t.state() == TrialState.COMPLETE).count();
        if (complete < nStartupTrials) return Map.of();
        return RelativeSearchSpace.intersection(trials, false);
    }

    @Override
    public Map<String, Double> sampleRelative(RelativeContext context) {
        if (context.searchSpace().isEmpty()) return Map.of();
        var cube = new UnitCube(context.searchSpace());
        var complete = new ArrayList<FrozenTrial>();
        var liars = new ArrayList<FrozenTrial>();
        for (var t : context.trials()) {
            if (!hasSpace(t, cube)) continue;
            if (t.state() == TrialState.COMPLETE && t.value() != null && !Double.isNaN(t.value())) complete.add(t);
            else if (t.state() == TrialState.PRUNED || t.state() == TrialState.RUNNING && t.number() != context.trial().number()) liars.add(t);
        }
        if (complete.isEmpty()) return Map.of();
        var direction = context.study().direction();
        int n = complete.size() + liars.size();
        double[][] x = new double[n][];
        double[] loss = new double[n];
        double worst = Double.NEGATIVE_INFINITY;
        double lowest = Double.POSITIVE_INFINITY;
        for (var t : complete) {
            double l = direction.loss(t.value());
            if (Double.isFinite(l)) {
                worst = Math.max(worst, l);
                lowest = Math.min(lowest, l);
            }
        }
        if (!Double.isFinite(worst)) return Map.of(); // nothing finite to learn from
        for (int i = 0; i < n; i++) {
            boolean liar = i >= complete.size();
            var t = liar ? liars.get(i - complete.size()) : complete.get(i);
            x[i] = encode(t, cube);
            // an infinite loss (a diverged trial) counts as the worst finite one, -inf as the best
            double l = liar ? worst : direction.loss(t.value());
            loss[i] = Math.min(Math.max(l, lowest), worst);
        }
        // standardise, and turn into a maximised f as Optuna does
        double mean = Arrays.stream(loss).average().orElseThrow();
        double var = Arrays.stream(loss).map(v -> (v - mean) * (v - mean)).sum() / n;
        double sd = Math.sqrt(var);
        double[] f = new double[n];
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            f[i] = sd > 1e-12 * Math.max(1, Math.abs(mean)) ? -(loss[i] - mean) / sd : 0;
            if (i < complete.size()) best = Math.max(best, f[i]);
        }
        GaussianProcess gp;
        try {
            gp = GaussianProcess.fit(x, cube.categoricalMask(), f);
        } catch (IllegalStateException e) {
            return Map.of(); // no positive-definite kernel matrix found (not seen in practice): sample at random
        }
        int incumbent = 0;
        for (int i = 1; i < complete.size(); i++) if (f[i] > f[incumbent]) incumbent = i;
        double[] u = maximize(gp, cube, best, x[incumbent], context.random());
        var proposal = new LinkedHashMap<String, Double>();
        for (int i = 0; i < cube.dimensions(); i++) proposal.put(cube.names().get(i), cube.decode(i, u[i]));
        return proposal;
    }

    private static boolean hasSpace(FrozenTrial t, UnitCube cube) {
        for (int i = 0; i < cube.dimensions(); i++) {
            if (!cube.distribution(i).equals(t.distributions().get(cube.names().get(i)))) return false;
        }
        return true;
    }

    private static double[] encode(FrozenTrial t, UnitCube cube) {
        double[] u = new double[cube.dimensions()];
        for (int i = 0; i < u.length; i++) u[i] = cube.encode(i, t.internal(cube.names().get(i)));
        return u;
    }

    /**
     * The point of the cube with the highest log EI found: as Optuna's {@code optim_mixed}, the best of
     * uniform candidates, then local searches from a few starts: L-BFGS over the coordinates that are
     * not categorical (grids relaxed to intervals), rounding onto the grids, then each discrete
     * coordinate tried at each of its values (up to {@value #MAX_VALUES_TRIED} around the current one)
     * with the others fixed, which is how categoricals are searched at all.
     */
    static double[] maximize(GaussianProcess gp, UnitCube cube, double best, double[] incumbent, SplittableRandom random) {
        int d = cube.dimensions();
        double[][] candidates = new double[CANDIDATES][];
        double[] values = new double[CANDIDATES];
        for (int c = 0; c < CANDIDATES; c++) {
            candidates[c] = cube.random(random);
            values[c] = gp.logEi(candidates[c], best, null);
        }
        int top = 0;
        for (int c = 1; c < CANDIDATES; c++) if (values[c] > values[top]) top = c;
        double[] bestPoint = candidates[top];
        double bestValue = values[top];
        // Optuna's starts: the best candidate, the incumbent (the best trial's point), and others drawn
        // without replacement with probability proportional to their EI (exp(log EI - max)): a roulette
        // spreads the local searches over the cube's several good regions where the top ten
        // candidates would mostly crowd into one
        var starts = new ArrayList<double[]>();
        starts.add(candidates[top]);
        starts.add(incumbent.clone());
        double[] weights = new double[CANDIDATES];
        double total = 0;
        for (int c = 0; c < CANDIDATES; c++) {
            weights[c] = c == top ? 0 : Math.exp(values[c] - values[top]);
            total += weights[c];
        }
        while (starts.size() < LOCAL_SEARCHES && total > 0) {
            double r = random.nextDouble() * total;
            int pick = -1;
            for (int c = 0; c < CANDIDATES; c++) {
                if (weights[c] == 0) continue;
                pick = c;
                r -= weights[c];
                if (r < 0) break;
            }
            if (pick < 0) break;
            starts.add(candidates[pick]);
            total -= weights[pick];
            weights[pick] = 0;
        }
        double[] lower = new double[d];
        double[] upper = new double[d];
        for (double[] from : starts) {
            for (int i = 0; i < d; i++) {
                // categoricals stay where they are during L-BFGS (their gradient is 0 too)
                lower[i] = cube.categorical(i) ? from[i] : 0;
                upper[i] = cube.categorical(i) ? from[i] : 1;
            }
            double[] u = Lbfgs.minimize((p, g) -> {
                double v = -gp.logEi(p, best, g);
                for (int i = 0; i < g.length; i++) g[i] = -g[i];
                return v;
            }, from, lower, upper, ACQUISITION_ITERATIONS, 1e-4).point();
            for (int i = 0; i < d; i++) u[i] = cube.snap(i, u[i]);
            double value = gp.logEi(u, best, null);
            for (int i = 0; i < d; i++) {
                if (!cube.discrete(i)) continue;
                long size = cube.size(i);
                long at = cube.index(i, u[i]);
                long first = Math.max(0, Math.min(at - MAX_VALUES_TRIED / 2, size - MAX_VALUES_TRIED));
                long last = Math.min(size - 1, first + MAX_VALUES_TRIED - 1);
                double keep = u[i];
                for (long k = first; k <= last; k++) {
                    u[i] = cube.point(i, k);
                    double v = gp.logEi(u, best, null);
                    if (v > value) {
                        value = v;
                        keep = u[i];
                    }
                }
                u[i] = keep;
            }
            if (value > bestValue) {
                bestValue = value;
                bestPoint = u;
            }
        }
        return bestPoint;
    }
}
