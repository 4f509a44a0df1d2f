package forecast.domain.monitoring;

/**
 * A drift detector's verdict: its {@code statistic} (the effect size), the p-value when it has one
 * (NaN otherwise), the {@code threshold} the statistic is judged against, and whether that counts as
 * drift.
 */
public record DriftScore(String detector, double statistic, double pValue, double threshold, boolean drifted) {}
