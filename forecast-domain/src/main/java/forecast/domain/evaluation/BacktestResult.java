package forecast.domain.evaluation;

import forecast.domain.forecasting.IntervalSource;
import forecast.domain.forecasting.ResidualCalibration;
import java.util.List;

/**
 * What a backtest measured, and the out-of-sample residuals that calibrate intervals: for
 * forecasts without future feature values ({@code calibration}) and, when the series has feature
 * columns, with them ({@code featureCalibration}, else empty). The individual forecasts are kept so
 * that several models' backtests on the same folds can be combined. {@code intervals} says which
 * intervals the metrics scored and the model is to be served with: its own, or conformal ones from
 * {@code calibration} (see {@link Backtest}).
 */
public record BacktestResult(BacktestMetrics metrics, ResidualCalibration calibration, ResidualCalibration featureCalibration,
                             BacktestSpec spec, List<Backtest.OriginForecast> forecasts, List<Backtest.OriginForecast> featureForecasts, IntervalSource intervals) {
    public BacktestResult {
        forecasts = List.copyOf(forecasts);
        featureForecasts = List.copyOf(featureForecasts);
    }
}
