package forecast.domain.training;

import forecast.domain.evaluation.BacktestResult;
import forecast.domain.evaluation.BacktestSpec;

/**
 * A candidate, the live model as it is, and the seasonal-naive baseline backtested on the same
 * {@code folds}: the same forecast origins and the same actuals, so that their metrics may be set
 * side by side (champion against challenger). The candidate and the baseline are refitted at every
 * fold; the live model is not: it is judged as it serves.
 */
public record Comparison(BacktestSpec folds, BacktestResult candidate, BacktestResult live, String baselineAlgorithm, BacktestResult baseline) {}
