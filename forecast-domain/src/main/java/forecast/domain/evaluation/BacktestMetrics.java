package forecast.domain.evaluation;

/**
 * Out-of-sample accuracy of a model from a rolling-origin backtest. MAPE and sMAPE are percentages;
 * MASE is scaled by the in-sample seasonal-naive error (below 1 beats seasonal naive); RMSE is in
 * the series' units; coverages are the fractions of actuals inside the 80% and 95% intervals.
 * {@code msis} is the mean interval score of the 95% interval (Gneiting and Raftery; the M4
 * competition's MSIS): its width plus 2/0.05 times how far an actual falls outside it, scaled like
 * MASE, so that a narrow interval that holds beats a wide, safe one and a narrow one that misses
 * pays for each miss. {@code width80} and {@code width95} are the intervals' mean widths on the
 * same scale (a width of 2 is twice the in-sample seasonal-naive error).
 * {@code folds} refits, {@code forecasts} forecast origins and {@code horizon} steps per forecast.
 * A figure that cannot be computed (MAPE on zeros, say) is {@code NaN}.
 */
public record BacktestMetrics(double mape, double smape, double mase, double rmse, double coverage80,
                              double coverage95, double msis, double width80, double width95, int folds, int forecasts, int horizon) {
    /** For a version registered without a backtest. */
    public static final BacktestMetrics NONE = new BacktestMetrics(Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, 0, 0, 0);

    /** Metrics without interval scores, as versions recorded before there were any have them. */
    public BacktestMetrics(double mape, double smape, double mase, double rmse, double coverage80, double coverage95, int folds, int forecasts,
                           int horizon) {
        this(mape, smape, mase, rmse, coverage80, coverage95, Double.NaN, Double.NaN, Double.NaN, folds, forecasts, horizon);
    }

    /** These metrics with RMSE multiplied by {@code scale}: every other figure is scale-free. */
    public BacktestMetrics withRmseTimes(double scale) {
        return new BacktestMetrics(mape, smape, mase, rmse * scale, coverage80, coverage95, msis, width80, width95, folds, forecasts, horizon);
    }
}
