package forecast.domain.experiment;

/** A mean (or difference of means) with its 95% confidence interval; NaN where there are too few samples. */
public record Estimate(double value, double low, double high, long n) {
    public static final Estimate NONE = new Estimate(Double.NaN, Double.NaN, Double.NaN, 0);
}
