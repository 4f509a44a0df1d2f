package forecast.domain.monitoring;

/**
 * The Page-Hinkley test for an increase in the mean of a stream: with the running mean
 * {@code x̄_t}, it accumulates {@code m_t = Σ (x_i - x̄_i - delta)} and signals when
 * {@code m_t - min m} exceeds {@code lambda}. {@code delta} is the drift tolerated as noise (in the
 * stream's units) and {@code lambda} how much evidence a change needs; no change is signalled
 * before {@code minCount} values.
 */
public final class PageHinkley implements ChangeDetector {
    private final double delta;
    private final double lambda;
    private final int minCount;
    private long n;
    private double mean;
    private double cumulative;
    private double minimum;

    public PageHinkley(double delta, double lambda, int minCount) {
        if (!(delta >= 0) || !(lambda > 0) || minCount < 1) throw new IllegalArgumentException("need delta >= 0, lambda > 0 and min count >= 1");
        this.delta = delta;
        this.lambda = lambda;
        this.minCount = minCount;
    }

    @Override
    public String name() {
        return "page_hinkley";
    }

    @Override
    public boolean add(double x) {
        if (!Double.isFinite(x)) return false;
        n++;
        mean += (x - mean) / n;
        cumulative += x - mean - delta;
        minimum = Math.min(minimum, cumulative);
        return n >= minCount && statistic() > lambda;
    }

    @Override
    public double statistic() {
        return cumulative - minimum;
    }

    @Override
    public double threshold() {
        return lambda;
    }

    @Override
    public long count() {
        return n;
    }

    @Override
    public void reset() {
        n = 0;
        mean = 0;
        cumulative = 0;
        minimum = 0;
    }
}
