package forecast.domain.experiment;

import forecast.domain.experiment.ExperimentReport.ArmReport;
import forecast.domain.experiment.ExperimentReport.Comparison;
import forecast.domain.experiment.ExperimentReport.Decision;
import forecast.domain.recording.PredictionLog;
import forecast.domain.statistics.Percentiles;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;

/**
 * Turns an experiment's raw outcomes into its report. The unit of analysis is a scored
 * prediction (its mean error over the forecast points that have actuals), so that the many points
 * of one forecast do not count as independent evidence.
 *
 * <p>The decision: {@code running} until every arm has {@code min_samples} scored predictions and
 * the duration has passed (or the experiment was stopped); then the arm with the lowest mean
 * error wins when Welch's test separates it from every other arm at 5% (Bonferroni-corrected for
 * the number of others); otherwise {@code no_difference}. A sample-ratio mismatch (chi-square p
 * below 0.001 against the split) means assignment is broken, and no winner is declared.
 */
public final class ExperimentAnalysis {
    static final double ALPHA = 0.05;
    static final double SAMPLE_RATIO_ALPHA = 0.001;

    private ExperimentAnalysis() {}

    public static ExperimentReport analyse(Experiment e, List<PredictionLog.ArmOutcomes> outcomes, SignificanceTest stats, Instant now) {
        var byVersion = new HashMap<String, PredictionLog.ArmOutcomes>();
        for (var o : outcomes) byVersion.put(o.version(), o);
        var arms = new ArrayList<ArmReport>();
        var errors = new ArrayList<double[]>();
        for (var arm : e.arms()) {
            var o = byVersion.getOrDefault(arm.version(), new PredictionLog.ArmOutcomes(arm.version(), 0, new double[0], new double[0], new double[0]));
            arms.add(new ArmReport(arm, o.requests(), o.ae().length, mean(o.ape(), stats), mean(o.ae(), stats),
                    Percentiles.linear(o.latencyMillis(), 50), Percentiles.linear(o.latencyMillis(), 99)));
            errors.add(e.metric().equals("mae") ? o.ae() : o.ape());
        }
        var comparisons = new ArrayList<Comparison>();
        for (int i = 1; i < arms.size(); i++)
            comparisons.add(new Comparison(e.arms().get(i).version(), e.arms().get(0).version(), e.metric(),
                    difference(errors.get(i), errors.get(0), stats), stats.welchPValue(errors.get(i), errors.get(0)),
                    stats.mannWhitneyPValue(errors.get(i), errors.get(0))));
        double srm = sampleRatioPValue(e, arms, stats);
        boolean mismatch = srm < SAMPLE_RATIO_ALPHA;
        return new ExperimentReport(e, arms, comparisons, srm, mismatch, decide(e, arms, errors, mismatch, srm, stats, now));
    }

    private static Decision decide(Experiment e, List<ArmReport> arms, List<double[]> errors, boolean mismatch, double srm,
                                   SignificanceTest stats, Instant now) {
        for (var a : arms)
            if (a.scored() < e.minSamples())
                return new Decision.Running(a.arm().version() + " has " + a.scored() + " of " + e.minSamples() + " scored predictions");
        if (e.running() && now.isBefore(e.endsAt())) return new Decision.Running("the experiment runs until " + e.endsAt());
        if (mismatch)
            return new Decision.Running(String.format(Locale.ROOT, "sample-ratio mismatch (chi-square p = %.2g): traffic does not follow the split, so no winner is declared", srm));
        int best = 0;
        for (int i = 1; i < errors.size(); i++) if (mean(errors.get(i)) < mean(errors.get(best))) best = i;
        double threshold = ALPHA / (errors.size() - 1);
        double worstP = 0;
        for (int i = 0; i < errors.size(); i++) {
            if (i == best) continue;
            double p = stats.welchPValue(errors.get(best), errors.get(i));
            if (!(p < threshold))
                return new Decision.NoDifference(String.format(Locale.ROOT, "%s and %s do not differ in %s (Welch p = %.3g, needs < %.3g)",
                        e.arms().get(best).version(), e.arms().get(i).version(), e.metric(), p, threshold));
            worstP = Math.max(worstP, p);
        }
        return new Decision.Winner(e.arms().get(best).version(), String.format(Locale.ROOT, "lowest %s %.4f, better than every other arm (Welch p <= %.3g)",
                e.metric(), mean(errors.get(best)), worstP));
    }

    private static double sampleRatioPValue(Experiment e, List<ArmReport> arms, SignificanceTest stats) {
        var expected = new ArrayList<Double>();
        var observed = new ArrayList<Long>();
        long total = 0;
        for (var a : arms) {
            if (a.arm().weight() <= 0) continue;
            expected.add(a.arm().weight());
            observed.add(a.requests());
            total += a.requests();
        }
        if (expected.size() < 2 || total == 0) return Double.NaN;
        return stats.chiSquarePValue(expected.stream().mapToDouble(Double::doubleValue).toArray(), observed.stream().mapToLong(Long::longValue).toArray());
    }

    static double mean(double[] v) {
        if (v.length == 0) return Double.NaN;
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    private static double variance(double[] v, double mean) {
        double s = 0;
        for (double x : v) s += (x - mean) * (x - mean);
        return s / (v.length - 1);
    }

    /** The mean with a t-interval at 95%. */
    static Estimate mean(double[] v, SignificanceTest stats) {
        if (v.length == 0) return Estimate.NONE;
        double m = mean(v);
        if (v.length < 2) return new Estimate(m, Double.NaN, Double.NaN, 1);
        double half = stats.tQuantile(0.975, v.length - 1) * Math.sqrt(variance(v, m) / v.length);
        return new Estimate(m, m - half, m + half, v.length);
    }

    /** {@code a} minus {@code b} with Welch's interval at 95% (Welch-Satterthwaite degrees of freedom). */
    static Estimate difference(double[] a, double[] b, SignificanceTest stats) {
        if (a.length < 2 || b.length < 2) return Estimate.NONE;
        double ma = mean(a);
        double mb = mean(b);
        double va = variance(a, ma) / a.length;
        double vb = variance(b, mb) / b.length;
        double se = Math.sqrt(va + vb);
        double d = ma - mb;
        if (se == 0) return new Estimate(d, d, d, a.length + b.length);
        double df = (va + vb) * (va + vb) / (va * va / (a.length - 1) + vb * vb / (b.length - 1));
        double half = stats.tQuantile(0.975, df) * se;
        return new Estimate(d, d - half, d + half, a.length + b.length);
    }

}
