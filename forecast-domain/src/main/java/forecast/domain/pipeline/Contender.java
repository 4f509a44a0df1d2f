package forecast.domain.pipeline;

import forecast.domain.evaluation.BacktestMetrics;

/**
 * One model of a run's backtest, all on the same folds: {@code role} is {@code candidate},
 * {@code live} (the live version as it is, not refitted) or {@code seasonal_naive} (the
 * baseline); {@code version} is its registered id (null for the baseline and the candidate before
 * it is registered).
 */
public record Contender(String role, String version, String algorithm, BacktestMetrics metrics) {}
