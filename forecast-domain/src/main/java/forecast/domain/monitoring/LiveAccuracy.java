package forecast.domain.monitoring;

import java.time.Instant;

/**
 * A version's accuracy on live traffic, over its latest {@code points} scored forecast points:
 * MAPE (percent), MASE (scaled by the seasonal-naive error of its training data), the share of
 * actuals inside the recorded intervals ({@code coverage}, over {@code intervalPoints}) against
 * their mean nominal level, the backtest MAPE it is judged against, and the accuracy-drift test's
 * state.
 */
public record LiveAccuracy(String version, int points, double mape, double mase, int intervalPoints, double coverage, double nominalCoverage,
                           double backtestMape, String changeDetector, double changeStatistic, double changeThreshold, long changeCount,
                           Instant lastScored) {}
