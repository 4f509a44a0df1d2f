package forecast.adapters.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.Level;
import org.junit.jupiter.api.Test;

class SeasonalNaiveForecasterTest {
    private final SeasonalNaiveForecaster forecaster = new SeasonalNaiveForecaster();

    @Test
    void repeatsTheLastSeason() {
        var series = Synthetic.hourly(400, 1);
        var model = forecaster.fit(series, Hyperparameters.of("period", "24"));
        double[] means = model.predict(ForecastQuery.of(series, 50)).means();
        for (int h = 1; h <= 50; h++) assertEquals(series.value(400 - 1 + h - 24 * ((h + 23) / 24)), means[h - 1]);
        assertEquals(series.futureTimes(50), model.predict(ForecastQuery.of(series, 50)).times());
    }

    @Test
    void defaultPeriodIsTheLongestSeasonHeldTwiceElseAShorterOne() {
        assertEquals(168, SeasonalNaiveForecaster.period(Synthetic.hourly(336, 1), Hyperparameters.NONE));
        assertEquals(24, SeasonalNaiveForecaster.period(Synthetic.hourly(335, 1), Hyperparameters.NONE));
        assertEquals(24, SeasonalNaiveForecaster.period(Synthetic.hourly(30, 1), Hyperparameters.NONE));
        assertEquals(1, SeasonalNaiveForecaster.period(Synthetic.hourly(20, 1), Hyperparameters.NONE));
        assertEquals(12, SeasonalNaiveForecaster.period(Synthetic.monthly(30, 1), Hyperparameters.NONE));
    }

    @Test
    void intervalsWidenWithTheNumberOfSeasonsAndContainTheMean() {
        var series = Synthetic.hourly(400, 2);
        var model = forecaster.fit(series, Hyperparameters.of("period", "24"));
        var forecast = model.predict(ForecastQuery.of(series, 72, Level.P80, Level.P95));
        assertTrue(model.nativeIntervals());
        double previous = 0;
        for (int h = 1; h <= 72; h++) {
            var point = forecast.points().get(h - 1);
            var p80 = point.interval(Level.P80).orElseThrow();
            var p95 = point.interval(Level.P95).orElseThrow();
            assertTrue(p80.contains(point.mean()) && p95.contains(point.mean()));
            assertTrue(p95.lo() < p80.lo() && p80.hi() < p95.hi());
            double width = p95.hi() - p95.lo();
            assertTrue(width >= previous - 1e-9); // equal within a season, up to rounding around the mean
            if (h % 24 == 1 && h > 1) assertTrue(width > previous, "wider in season " + (h / 24 + 1));
            previous = width;
        }
    }

    @Test
    void restoredModelPredictsIdentically() {
        var series = Synthetic.hourly(400, 3);
        var model = forecaster.fit(series, Hyperparameters.NONE);
        var restored = forecaster.restore(model.serialize());
        var query = ForecastQuery.of(series, 48, Level.P95);
        assertEquals(model.predict(query), restored.predict(query));
        assertEquals(model.minHistory(), restored.minHistory());
        assertArrayEquals(model.serialize(), restored.serialize());
    }

    @Test
    void gapsAtTheSamePhaseFallBackToAnEarlierSeason() {
        var series = Synthetic.hourly(100, 4);
        double[] v = series.values();
        v[99] = Double.NaN;
        var model = forecaster.fit(series, Hyperparameters.of("period", "24"));
        assertEquals(v[75], model.predict(ForecastQuery.of(series.withValues(v), 24)).means()[23]);
    }

    @Test
    void invalidPeriodAndTooShortSeriesAreRefused() {
        var series = Synthetic.hourly(30, 5);
        var e = assertThrows(IllegalArgumentException.class, () -> forecaster.fit(series, Hyperparameters.of("period", "0")));
        assertTrue(e.getMessage().contains("period"));
        assertThrows(IllegalArgumentException.class, () -> forecaster.fit(series, Hyperparameters.of("period", "30")));
        assertEquals(25, forecaster.minTrainingSize(series, Hyperparameters.NONE));
    }
}
