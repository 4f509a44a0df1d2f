package forecast.domain.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.series.Frequency;
import forecast.domain.testing.SeasonalMeanForecaster;
import forecast.domain.testing.Series;
import org.junit.jupiter.api.Test;

class BacktestTest {
    @Test
    void theDefaultSpecFitsTheSeriesAndShrinksForShortOnes() {
        var hourly = BacktestSpec.defaultsFor(2900, Frequency.HOURLY, 192).orElseThrow();
        assertEquals(168, hourly.horizon());
        assertEquals(3, hourly.folds());
        assertTrue(hourly.stride() % 24 != 0, "origins fall at different hours");
        assertTrue(hourly.earliestCutoff(2900) >= 192);
        var shortSeries = BacktestSpec.defaultsFor(60, Frequency.HOURLY, 30).orElseThrow();
        assertTrue(shortSeries.earliestCutoff(60) >= 30);
        assertTrue(BacktestSpec.defaultsFor(10, Frequency.HOURLY, 30).isEmpty());
    }

    @Test
    void aGoodModelOnANoisySeasonalSeriesScoresWellAndItsIntervalsCoverHonestly() {
        var series = Series.hourly(1200, 2.0, 3);
        var spec = new BacktestSpec(3, 24, 8, 5);
        var result = Backtest.run(new SeasonalMeanForecaster(), series, Hyperparameters.NONE, spec);
        var m = result.metrics();
        assertEquals(24, m.forecasts());
        assertEquals(24, m.horizon());
        assertTrue(m.mape() < 3, "MAPE " + m.mape());
        assertTrue(m.mase() < 1, "beats seasonal naive, whose errors carry two noise terms: MASE " + m.mase());
        assertEquals(0.95, m.coverage95(), 0.06);
        assertEquals(0.80, m.coverage80(), 0.10);
        assertEquals(24, result.calibration().steps());
        assertEquals(24, result.calibration().residuals(1).length);
    }
}
