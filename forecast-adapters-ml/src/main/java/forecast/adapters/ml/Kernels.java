package forecast.adapters.ml;

import java.util.SplittableRandom;

/**
 * The components of a Parzen estimator for one parameter, in its transformed space (log for log
 * scales): Optuna's {@code _BatchedCategoricalDistributions}, {@code _BatchedTruncNormDistributions}
 * and {@code _BatchedDiscreteTruncNormDistributions} from {@code probability_distributions.py}.
 * Component {@code k} goes with mixture weight {@code k}.
 */
sealed interface Kernels {
    /** One value per entry of {@code active}, each from the component it names. */
    double[] sample(int[] active, SplittableRandom random);

    /** {@code [i][k]}: the log density (or log mass, for a grid) of {@code x[i]} under component {@code k}. */
    double[][] logPdf(double[] x);

    /** A categorical per component: {@code weights[k][choice]}, each row summing to 1. */
    record Categorical(double[][] weights) implements Kernels {
        @Override
        public double[] sample(int[] active, SplittableRandom random) {
            double[] out = new double[active.length];
            for (int i = 0; i < active.length; i++) {
                double u = random.nextDouble();
                double[] row = weights[active[i]];
                double cumulative = 0;
                int below = 0;
                for (int c = 0; c < row.length; c++) {
                    // the last cumulative probability is taken as exactly 1, against rounding
                    cumulative = c == row.length - 1 ? 1 : cumulative + row[c];
                    if (cumulative < u) below++;
                }
                out[i] = below;
            }
            return out;
        }

        @Override
        public double[][] logPdf(double[] x) {
            double[][] out = new double[x.length][weights.length];
            for (int i = 0; i < x.length; i++)
                for (int k = 0; k < weights.length; k++) out[i][k] = Math.log(weights[k][(int) x[i]]);
            return out;
        }
    }

    /**
     * Normals truncated to [low, high]; with a {@code step} (0 for none) they are discretised: the
     * mass of each grid point is that of its cell of width {@code step}, on [low - step/2, high + step/2].
     *
     * <p>With {@code equalHeights} (continuous kernels only; a grid's masses are unaffected),
     * {@link #logPdf} leaves out each kernel's {@code -log sigma}: kernel k counts with its density
     * times {@code sigma[k]}, so every kernel has the peak of a standard normal whatever its width
     * and wide kernels (the prior, isolated observations) weigh more in the mixture. That is what
     * Optuna 3.0-3.4's {@code _truncnorm.logpdf} computes (Optuna 3.5 added the term, "Fix logpdf for
     * scaled truncnorm", commit 206e719), and what their TPE's l(x)/g(x) rests on. Sampling is
     * unchanged: it draws from the true truncated normals.
     */
    record Numerical(double[] mu, double[] sigma, double low, double high, double step, boolean equalHeights) implements Kernels {
        @Override
        public double[] sample(int[] active, SplittableRandom random) {
            double[] out = new double[active.length];
            for (int i = 0; i < active.length; i++) {
                double m = mu[active[i]];
                double s = sigma[active[i]];
                double a = (low - step / 2 - m) / s;
                double b = (high + step / 2 - m) / s;
                double x = TruncatedNormal.ppf(random.nextDouble(), a, b) * s + m;
                if (step != 0) x = Math.min(Math.max(low + Math.rint((x - low) / step) * step, low), high);
                out[i] = x;
            }
            return out;
        }

        @Override
        public double[][] logPdf(double[] x) {
            double[][] out = new double[x.length][mu.length];
            double[] logNormalizer = new double[mu.length];
            for (int k = 0; k < mu.length; k++)
                logNormalizer[k] = TruncatedNormal.logGaussMass((low - step / 2 - mu[k]) / sigma[k], (high + step / 2 - mu[k]) / sigma[k]);
            for (int i = 0; i < x.length; i++) {
                int same = firstEqual(x, i);
                if (same < i) { // candidates on a grid repeat: reuse the row (Optuna dedupes them too)
                    out[i] = out[same].clone();
                    continue;
                }
                for (int k = 0; k < mu.length; k++) {
                    if (step == 0) {
                        out[i][k] = TruncatedNormal.logPdf(x[i], (low - mu[k]) / sigma[k], (high - mu[k]) / sigma[k], mu[k], sigma[k], logNormalizer[k])
                                + (equalHeights ? Math.log(sigma[k]) : 0);
                    } else {
                        out[i][k] = TruncatedNormal.logGaussMass((x[i] - step / 2 - mu[k]) / sigma[k], (x[i] + step / 2 - mu[k]) / sigma[k])
                                - logNormalizer[k];
                    }
                }
            }
            return out;
        }

        private static int firstEqual(double[] x, int i) {
            for (int j = 0; j < i; j++) if (x[j] == x[i]) return j;
            return i;
        }
    }
}
