package forecast.adapters.ml;

import forecast.domain.experiment.SignificanceTest;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * The arm comparisons with commons-math3: Welch's t-test ({@code TTest.tTest}, unequal
 * variances), Mann-Whitney U (commons-math3's ranking and normal distribution, ties corrected) and the chi-square
 * goodness-of-fit test. Samples too small or too uniform for a test give NaN, not an exception.
 */
final class CommonsMathSignificance implements SignificanceTest {
    @Override
    public double welchPValue(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2) return Double.NaN;
        if (variance(a) == 0 && variance(b) == 0) return mean(a) == mean(b) ? 1.0 : 0.0; // no spread: the means say it all
        return new TTest().tTest(a, b);
    }

    /**
     * The normal approximation with the variance corrected for ties (as R's {@code wilcox.test}
     * with {@code correct = FALSE} and SciPy's asymptotic test compute it). commons-math3's own
     * {@code MannWhitneyUTest} leaves ties uncorrected, which matters for rounded errors.
     */
    @Override
    public double mannWhitneyPValue(double[] a, double[] b) {
        int n1 = a.length;
        int n2 = b.length;
        if (n1 < 1 || n2 < 1 || n1 + n2 < 3) return Double.NaN;
        double[] all = new double[n1 + n2];
        System.arraycopy(a, 0, all, 0, n1);
        System.arraycopy(b, 0, all, n1, n2);
        double[] ranks = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE).rank(all);
        double rankSumA = 0;
        for (int i = 0; i < n1; i++) rankSumA += ranks[i];
        double u = rankSumA - n1 * (n1 + 1) / 2.0;
        double n = n1 + n2;
        double ties = 0;
        double[] sorted = all.clone();
        java.util.Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; ) {
            int j = i;
            while (j < sorted.length && sorted[j] == sorted[i]) j++;
            double t = j - i;
            ties += t * t * t - t;
            i = j;
        }
        double variance = n1 * (double) n2 / 12 * ((n + 1) - ties / (n * (n - 1)));
        if (!(variance > 0)) return Double.NaN; // every value tied
        double z = (u - n1 * (double) n2 / 2) / Math.sqrt(variance);
        return Math.min(1, 2 * NORMAL.cumulativeProbability(-Math.abs(z)));
    }

    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

    @Override
    public double chiSquarePValue(double[] expected, long[] observed) {
        if (expected.length < 2 || expected.length != observed.length) return Double.NaN;
        long total = 0;
        for (long o : observed) total += o;
        if (total == 0) return Double.NaN;
        double sum = 0;
        for (double e : expected) sum += e;
        double[] counts = new double[expected.length];
        for (int i = 0; i < counts.length; i++) counts[i] = expected[i] / sum * total;
        return new ChiSquareTest().chiSquareTest(counts, observed);
    }

    @Override
    public double tQuantile(double p, double degreesOfFreedom) {
        if (!(degreesOfFreedom > 0)) return Double.NaN;
        return new TDistribution(null, degreesOfFreedom).inverseCumulativeProbability(p);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    private static double variance(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return s;
    }
}
