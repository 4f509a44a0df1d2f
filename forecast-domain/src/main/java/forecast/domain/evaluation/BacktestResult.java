package forecast.domain.evaluation;

import forecast.domain.forecasting.ResidualCalibration;

/** What a backtest measured, and the out-of-sample residuals that calibrate intervals. */
public record BacktestResult(BacktestMetrics metrics, ResidualCalibration calibration, BacktestSpec spec) {}
