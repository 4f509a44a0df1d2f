package forecast.domain.evaluation;

/**
 * Out-of-sample accuracy of a model from a rolling-origin backtest. MAPE and sMAPE are percentages;
 * MASE is scaled by the in-sample seasonal-naive error (below 1 beats seasonal naive); RMSE is in
 * the series' units; coverages are the fractions of actuals inside the 80% and 95% intervals.
 * {@code folds} refits, {@code forecasts} forecast origins and {@code horizon} steps per forecast.
 * A figure that cannot be computed (MAPE on zeros, say) is {@code NaN}.
 */
public record BacktestMetrics(double mape, double smape, double mase, double rmse, double coverage80,
                              double coverage95, int folds, int forecasts, int horizon) {
    /** For a version registered without a backtest. */
    public static final BacktestMetrics NONE = new BacktestMetrics(Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, 0, 0, 0);
}
