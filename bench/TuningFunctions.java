import forecast.domain.tuning.Objective;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import java.util.function.ToDoubleFunction;

/**
 * The objectives of bench/tuning, each with its known minimum, all to be minimised through the
 * define-by-run Trial API. bench/tuning_optuna_reference.py defines the same ones.
 */
final class TuningFunctions {
    private TuningFunctions() {}

    /**
     * The standard deviation of hartmann6-noisy's Gaussian noise: about 3% of the spread of values
     * near the minimum (the best local minima lie within 0.1-0.3 of -3.32237), enough that the best
     * observed value is often a lucky draw.
     */
    static final double NOISE_SIGMA = 0.1;

    /**
     * A named objective and its global minimum. {@code objective} gives the objective of the study
     * with that seed (only a noisy one depends on it); {@code noiseless}, null for a function without
     * noise, gives the noiseless value of a trial's parameters.
     */
    record Function(String name, double minimum, LongFunction<Objective> objective, ToDoubleFunction<Map<String, Object>> noiseless) {
        Function(String name, double minimum, Objective objective) {
            this(name, minimum, seed -> objective, null);
        }
    }

    static List<Function> all() {
        return List.of(
                new Function("branin", 0.397887, t -> branin(t.suggestFloat("x1", -5, 10), t.suggestFloat("x2", 0, 15))),
                new Function("hartmann6", -3.32237, t -> hartmann6(floats(t, 6, 0, 1))),
                new Function("hartmann6-noisy", -3.32237, seed -> t -> hartmann6(floats(t, 6, 0, 1)) + noise(seed, t.number()),
                        params -> hartmann6(floats(params, 6))),
                new Function("rosenbrock4", 0.0, t -> rosenbrock(floats(t, 4, -2, 2))),
                new Function("mixed", 0.0, t -> mixed(t.suggestFloat("lr", 1e-5, 1, true), t.suggestInt("units", 16, 256, 16),
                        t.suggestInt("layers", 1, 9, 2), t.suggestCategorical("activation", List.of("relu", "tanh", "sigmoid", "linear")))));
    }

    /**
     * hartmann6-noisy's noise for trial {@code trial} of the study seeded {@code seed}: normal, mean 0,
     * sd {@link #NOISE_SIGMA}, from its own generator, so that a run repeats and the noise does not
     * depend on what the sampler drew.
     */
    static double noise(long seed, int trial) {
        long h = (seed + 0x5DEECE66DL) * 0x9E3779B97F4A7C15L + trial;
        return NOISE_SIGMA * new SplittableRandom(h ^ (h >>> 29)).nextGaussian();
    }

    private static double[] floats(Map<String, Object> params, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = ((Number) params.get("x" + (i + 1))).doubleValue();
        return x;
    }

    private static double[] floats(forecast.domain.tuning.Trial t, int n, double low, double high) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = t.suggestFloat("x" + (i + 1), low, high);
        return x;
    }

    /**
     * Branin-Hoo on x1 in [-5, 10], x2 in [0, 15] (Dixon and Szegő 1978, the usual constants); its
     * minimum 0.397887 is reached at (-π, 12.275), (π, 2.275) and (9.42478, 2.475).
     */
    static double branin(double x1, double x2) {
        double b = 5.1 / (4 * Math.PI * Math.PI);
        double c = 5 / Math.PI;
        double t = 1 / (8 * Math.PI);
        double u = x2 - b * x1 * x1 + c * x1 - 6;
        return u * u + 10 * (1 - t) * Math.cos(x1) + 10;
    }

    private static final double[] ALPHA = {1.0, 1.2, 3.0, 3.2};
    private static final double[][] A = {
            {10, 3, 17, 3.5, 1.7, 8},
            {0.05, 10, 17, 0.1, 8, 14},
            {3, 3.5, 1.7, 10, 17, 8},
            {17, 8, 0.05, 10, 0.1, 14}};
    private static final double[][] P = {
            {1312, 1696, 5569, 124, 8283, 5886},
            {2329, 4135, 8307, 3736, 1004, 9991},
            {2348, 1451, 3522, 2883, 3047, 6650},
            {4047, 8828, 8732, 5743, 1091, 381}};

    /**
     * Hartmann-6 on [0, 1]^6 with the published α, A and P (×10⁻⁴); minimum -3.32237 at
     * (0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573).
     */
    static double hartmann6(double[] x) {
        double sum = 0;
        for (int i = 0; i < 4; i++) {
            double inner = 0;
            for (int j = 0; j < 6; j++) {
                double d = x[j] - P[i][j] * 1e-4;
                inner += A[i][j] * d * d;
            }
            sum += ALPHA[i] * Math.exp(-inner);
        }
        return -sum;
    }

    /** Rosenbrock's valley in any dimension; minimum 0 at (1, ..., 1). */
    static double rosenbrock(double[] x) {
        double sum = 0;
        for (int i = 0; i + 1 < x.length; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            sum += 100 * a * a + b * b;
        }
        return sum;
    }

    private static final Map<String, Double> ACTIVATION_PENALTY = Map.of("relu", 0.0, "tanh", 0.3, "sigmoid", 0.6, "linear", 1.0);

    /**
     * A made-up hyperparameter landscape of the four kinds a forecaster's search space has: a
     * log-scale learning rate {@code lr} in [1e-5, 1] (best at 10^-2.5, a quadratic in decades),
     * {@code units} in 16..256 by 16 (best 128), {@code layers} in 1..9 by 2 (best 5) and an
     * {@code activation} among relu, tanh, sigmoid, linear (penalties 0, 0.3, 0.6, 1). The learning
     * rate and units interact: more units want a smaller rate, as wider networks often do. The
     * minimum, 0, is at lr = 10^-2.5, units = 128, layers = 5, relu, which lie on the grids.
     */
    static double mixed(double lr, int units, int layers, String activation) {
        double decades = Math.log10(lr) + 2.5 + (units - 128) / 128.0; // the best rate moves a decade per 128 units
        double width = (units - 128) / 64.0;
        return decades * decades + width * width + 0.25 * Math.abs(layers - 5) + ACTIVATION_PENALTY.get(activation);
    }
}
