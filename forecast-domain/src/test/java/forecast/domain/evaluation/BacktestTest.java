package forecast.domain.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.IntervalSource;
import forecast.domain.forecasting.Level;
import forecast.domain.series.Frequency;
import forecast.domain.testing.FixedWidthForecaster;
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

    @Test
    void theIntervalScoreIsTheWidthPlusFortyTimesEachMissScaledLikeMase() {
        var series = Series.hourly(900, 1.0, 11);
        var spec = new BacktestSpec(2, 12, 6, 5);
        var result = Backtest.run(new FixedWidthForecaster(1.5), series, Hyperparameters.NONE, spec);
        double score = 0;
        double width80 = 0;
        int n = 0;
        for (var run : result.forecasts()) {
            for (int i = 0; i < spec.horizon(); i++) {
                var p = run.forecast().points().get(i);
                var hi95 = p.interval(Level.P95).orElseThrow();
                double y = run.actual()[i];
                score += (hi95.hi() - hi95.lo() + 40 * Math.max(0, hi95.lo() - y) + 40 * Math.max(0, y - hi95.hi())) / run.scale();
                var i80 = p.interval(Level.P80).orElseThrow();
                width80 += (i80.hi() - i80.lo()) / run.scale();
                n++;
            }
        }
        assertEquals(IntervalSource.MODEL, result.intervals(), "intervals near the noise's own quantiles are kept");
        assertEquals(score / n, result.metrics().msis(), 1e-9);
        assertEquals(width80 / n, result.metrics().width80(), 1e-9);
        assertEquals(3.0 / result.forecasts().get(0).scale(), result.metrics().width95(), 0.2, "2 x 1.5 on the MASE scale");
    }

    @Test
    void aModelWhoseOwnIntervalsAreOffIsScoredAndServedWithConformalOnes() {
        var series = Series.hourly(900, 1.0, 12);
        var spec = new BacktestSpec(3, 12, 8, 5);
        var tooWide = Backtest.run(new FixedWidthForecaster(40), series, Hyperparameters.NONE, spec);
        assertEquals(IntervalSource.CONFORMAL, tooWide.intervals());
        assertTrue(tooWide.metrics().coverage95() < 1 && tooWide.metrics().coverage95() > 0.85, "honest, not safe: " + tooWide.metrics());
        var tooNarrow = Backtest.run(new FixedWidthForecaster(0.2), series, Hyperparameters.NONE, spec);
        assertEquals(IntervalSource.CONFORMAL, tooNarrow.intervals());
        assertTrue(tooNarrow.metrics().coverage95() > 0.85, "the misses of the too-narrow intervals are gone: " + tooNarrow.metrics());
        var right = Backtest.run(new FixedWidthForecaster(1.96 * 1.2), series, Hyperparameters.NONE, spec);
        assertTrue(right.metrics().msis() < tooWide.metrics().msis() * 1.5, right.metrics() + " vs " + tooWide.metrics());
        // without intervals of its own a model is always scored on conformal ones
        var plain = Backtest.run(new SeasonalMeanForecaster(), series, Hyperparameters.NONE, spec);
        assertEquals(IntervalSource.CONFORMAL, plain.intervals());
        assertEquals(plain.metrics().msis(), tooWide.metrics().msis(), 1e-9, "the same points, the same conformal intervals");
    }
}
