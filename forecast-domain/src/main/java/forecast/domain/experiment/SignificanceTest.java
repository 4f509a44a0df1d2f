package forecast.domain.experiment;

/**
 * The statistics that compare arms (port; commons-math3 in the ML adapter). Every method returns
 * NaN when its samples are too small to say anything.
 */
public interface SignificanceTest {
    /** Two-sided p-value of Welch's t-test that {@code a} and {@code b} have the same mean. */
    double welchPValue(double[] a, double[] b);

    /** Two-sided p-value of the Mann-Whitney U test that {@code a} and {@code b} come from the same distribution. */
    double mannWhitneyPValue(double[] a, double[] b);

    /** p-value of the chi-square goodness-of-fit test of {@code observed} counts against {@code expected} proportions. */
    double chiSquarePValue(double[] expected, long[] observed);

    /** The quantile of Student's t distribution with {@code degreesOfFreedom} at probability {@code p}. */
    double tQuantile(double p, double degreesOfFreedom);
}
