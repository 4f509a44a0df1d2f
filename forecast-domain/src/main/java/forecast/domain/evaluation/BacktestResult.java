package forecast.domain.evaluation;

import forecast.domain.forecasting.ResidualCalibration;
import java.util.List;

/**
 * What a backtest measured, and the out-of-sample residuals that calibrate intervals: for
 * forecasts without future feature values ({@code calibration}) and, when the series has feature
 * columns, with them ({@code featureCalibration}, else empty). The individual forecasts are kept so
 * that several models' backtests on the same folds can be combined.
 */
public record BacktestResult(BacktestMetrics metrics, ResidualCalibration calibration, ResidualCalibration featureCalibration,
                             BacktestSpec spec, List<Backtest.OriginForecast> forecasts, List<Backtest.OriginForecast> featureForecasts) {
    public BacktestResult {
        forecasts = List.copyOf(forecasts);
        featureForecasts = List.copyOf(featureForecasts);
    }
}
