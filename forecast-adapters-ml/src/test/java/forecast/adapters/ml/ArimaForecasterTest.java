package forecast.adapters.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.evaluation.Backtest;
import forecast.domain.evaluation.BacktestSpec;
import forecast.domain.forecasting.CalibratedModel;
import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.InsufficientHistoryException;
import forecast.domain.forecasting.Level;
import forecast.domain.forecasting.ResidualCalibration;
import forecast.domain.preprocessing.Imputation;
import forecast.domain.series.Frequency;
import forecast.domain.series.TimeSeries;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ArimaForecasterTest {
    private final ArimaForecaster forecaster = new ArimaForecaster();

    @Test
    void fitsASeasonalModelOnMonthlyDataAndForecastsItsSeason() {
        var series = Synthetic.monthly(120, 1);
        var model = (ArimaModel) forecaster.fit(series, Hyperparameters.NONE);
        assertEquals(12, model.fit().spec().period());
        assertTrue(model.fit().spec().D() + model.fit().spec().P() + model.fit().spec().Q() > 0, "seasonal: " + model.fit().spec());
        double[] means = model.predict(ForecastQuery.of(series, 24)).means();
        for (int h = 0; h < 24; h++) {
            double truth = 500 + 2 * (120 + h) + 40 * Math.sin(2 * Math.PI * (120 + h) / 12);
            assertEquals(truth, means[h], 15, "step " + (h + 1));
        }
        assertEquals(series.futureTimes(24), model.predict(ForecastQuery.of(series, 24)).times());
    }

    @Test
    void intervalsAreNativeNestedAndWiden() {
        var series = Synthetic.monthly(120, 2);
        var model = forecaster.fit(series, Hyperparameters.NONE);
        assertTrue(model.nativeIntervals());
        assertEquals(List.of(), model.featureNames());
        var forecast = model.predict(ForecastQuery.of(series, 36, Level.P80, Level.P95));
        for (var point : forecast.points()) {
            var p80 = point.interval(Level.P80).orElseThrow();
            var p95 = point.interval(Level.P95).orElseThrow();
            assertTrue(p95.lo() < p80.lo() && p80.lo() < point.mean() && point.mean() < p80.hi() && p80.hi() < p95.hi());
        }
        // not necessarily monotone step by step: with a seasonal MA part the error a season ahead
        // can be negatively correlated with this season's, but three seasons out is wider
        var first = forecast.points().get(0).interval(Level.P95).orElseThrow();
        var last = forecast.points().get(35).interval(Level.P95).orElseThrow();
        assertTrue(last.hi() - last.lo() > first.hi() - first.lo());
    }

    @Test
    void restoredModelPredictsIdentically() {
        var series = Synthetic.monthly(96, 3);
        for (var params : List.of(Hyperparameters.NONE, Hyperparameters.of("transform", "boxcox"),
                Hyperparameters.of("p", "1", "q", "1", "P", "0", "Q", "1", "d", "1", "D", "0"))) {
            var model = forecaster.fit(series, params);
            var restored = forecaster.restore(model.serialize());
            var query = ForecastQuery.of(series.tail(40), 30, Level.P80, Level.P95);
            assertEquals(model.predict(query), restored.predict(query), params.toString());
            assertEquals(model.minHistory(), restored.minHistory());
            assertEquals(model.frequency(), restored.frequency());
            assertArrayEquals(model.serialize(), restored.serialize());
        }
        assertThrows(IllegalArgumentException.class, () -> forecaster.restore(new SeasonalNaiveForecaster().fit(series, Hyperparameters.NONE).serialize()));
    }

    @Test
    void minHistoryIsEnoughToForecastAndTheCallerRefusesLess() {
        var series = Synthetic.hourly(600, 4);
        var model = (ArimaModel) forecaster.fit(series, Hyperparameters.of("p", "2", "q", "1", "P", "1", "Q", "0", "d", "0", "D", "1"));
        var spec = model.fit().spec();
        assertEquals(spec.differences() + Math.max(spec.arDegree(), spec.maDegree()) + 1, model.minHistory());
        var shortest = series.tail(model.minHistory());
        var forecast = model.predict(ForecastQuery.of(shortest, 24, Level.P95));
        for (var p : forecast.points()) assertTrue(Double.isFinite(p.mean()) && p.interval(Level.P95).orElseThrow().hi() > p.mean());

        var served = new CalibratedModel(model, ResidualCalibration.none(), ResidualCalibration.none(), Imputation.LINEAR, null);
        var tooShort = series.tail(model.minHistory() - 1);
        var e = assertThrows(InsufficientHistoryException.class, () -> served.forecast(ForecastQuery.of(tooShort, 24)));
        assertEquals(model.minHistory(), e.required());
        assertEquals(forecast, served.forecast(ForecastQuery.of(shortest, 24, Level.P95)));
    }

    @Test
    void forecastsTheContinuationOfAnyHistory() {
        var series = Synthetic.hourly(1200, 5);
        var train = series.head(1000);
        var model = forecaster.fit(train, Hyperparameters.of("p", "2", "q", "1", "P", "1", "Q", "0", "d", "0", "D", "1"));
        // the same history, however it was built, gives the same forecast
        var same = TimeSeries.of(train.times(), train.values(), List.of(), null, Frequency.HOURLY);
        assertEquals(model.predict(ForecastQuery.of(train, 48, Level.P95)), model.predict(ForecastQuery.of(same, 48, Level.P95)));
        // a long enough tail of it forgets where it started: the filter has reached its steady state
        double[] full = model.predict(ForecastQuery.of(train, 48)).means();
        double[] tail = model.predict(ForecastQuery.of(train.tail(400), 48)).means();
        for (int h = 0; h < 48; h++) assertEquals(full[h], tail[h], 1e-6 * Math.abs(full[h]), "step " + (h + 1));
        // a history that goes on past the training data is continued from its own end
        var later = series.head(1100);
        var next = model.predict(ForecastQuery.of(later, 24));
        assertEquals(later.futureTimes(24), next.times());
        assertEquals(series.value(1100), next.means()[0], 8, "one step ahead of the newer history");
        assertNotEquals(full[0], next.means()[0]);
    }

    @Test
    void backtestsThroughTheDomainWithItsOwnIntervals() {
        var series = Synthetic.monthly(144, 12);
        var params = forecaster.defaults();
        var spec = BacktestSpec.defaultsFor(series.size(), series.frequency(), forecaster.minTrainingSize(series, params)).orElseThrow();
        var result = Backtest.run(forecaster, series, params, spec);
        assertTrue(result.metrics().mape() < 5, "MAPE " + result.metrics().mape());
        assertTrue(result.metrics().coverage95() > 0.7, "95% coverage " + result.metrics().coverage95());
    }

    @Test
    void theDefaultPeriodIsTheFrequencysShortestSeason() {
        assertEquals(24, ArimaSettings.of(Hyperparameters.NONE, Frequency.HOURLY).period());
        assertEquals(48, ArimaSettings.of(Hyperparameters.NONE, Frequency.ofDuration(Duration.ofMinutes(30))).period());
        assertEquals(7, ArimaSettings.of(Hyperparameters.NONE, Frequency.DAILY).period());
        assertEquals(12, ArimaSettings.of(Hyperparameters.NONE, Frequency.MONTHLY).period());
        assertEquals(4, ArimaSettings.of(Hyperparameters.NONE, Frequency.ofMonths(3)).period());
        assertEquals(1, ArimaSettings.of(Hyperparameters.NONE, Frequency.ofMonths(12)).period());
        assertEquals(168, ArimaSettings.of(Hyperparameters.of("period", "168"), Frequency.HOURLY).period());
    }

    @Test
    void invalidHyperparametersAreRefusedByName() {
        var series = Synthetic.monthly(60, 6);
        String[][] bad = {
            {"p", "-1"}, {"p", "two"}, {"q", "11"}, {"d", "3"}, {"D", "2"}, {"P", "4"}, {"period", "0"},
            {"include_mean", "maybe"}, {"include_drift", "yes"}, {"transform", "sqrt"}, {"max_p", "11"},
            {"approximation", "sometimes"}, {"lambda", "0.5"}};
        for (String[] kv : bad) {
            var e = assertThrows(IllegalArgumentException.class, () -> forecaster.fit(series, Hyperparameters.of(kv[0], kv[1])), kv[0]);
            assertTrue(e.getMessage().contains(kv[0]), e.getMessage());
        }
        var lambda = assertThrows(IllegalArgumentException.class, () -> forecaster.fit(series, Hyperparameters.of("transform", "boxcox", "lambda", "3")));
        assertTrue(lambda.getMessage().contains("lambda"));
        var noSeason = assertThrows(IllegalArgumentException.class, () -> forecaster.fit(series, Hyperparameters.of("period", "1", "P", "1")));
        assertTrue(noSeason.getMessage().contains("P"));
        var longSeason = assertThrows(IllegalArgumentException.class,
                () -> forecaster.fit(Synthetic.hourly(800, 6), Hyperparameters.of("period", "168", "p", "1", "Q", "1")));
        assertTrue(longSeason.getMessage().contains("Q"));
        var mean = assertThrows(IllegalArgumentException.class, () -> forecaster.fit(series, Hyperparameters.of("d", "1", "D", "0", "include_mean", "true")));
        assertTrue(mean.getMessage().contains("include_mean"));
        double[] v = series.values();
        v[3] = -1;
        var log = assertThrows(IllegalArgumentException.class, () -> forecaster.fit(series.withValues(v), Hyperparameters.of("transform", "log")));
        assertTrue(log.getMessage().contains("transform"));
    }

    @Test
    void tooShortASeriesIsRefused() {
        assertEquals(25, forecaster.minTrainingSize(Synthetic.monthly(100, 7), Hyperparameters.NONE));
        assertEquals(10, forecaster.minTrainingSize(Synthetic.monthly(100, 7), Hyperparameters.of("period", "1")));
        var e = assertThrows(IllegalArgumentException.class, () -> forecaster.fit(Synthetic.monthly(20, 7), Hyperparameters.NONE));
        assertTrue(e.getMessage().contains("25"), e.getMessage());
        // the smallest series it accepts can be fitted
        forecaster.fit(Synthetic.monthly(25, 7), Hyperparameters.NONE);
        var fixed = Hyperparameters.of("p", "1", "d", "1", "q", "1", "P", "1", "D", "1", "Q", "1");
        forecaster.fit(Synthetic.monthly(forecaster.minTrainingSize(Synthetic.monthly(100, 7), fixed), 7), fixed);
    }

    @Test
    void aFrequencyOtherThanTheModelsIsRefused() {
        var model = forecaster.fit(Synthetic.monthly(60, 8), Hyperparameters.of("p", "1", "d", "0", "q", "0"));
        var hourly = Synthetic.hourly(60, 8);
        assertThrows(IllegalArgumentException.class, () -> model.predict(ForecastQuery.of(hourly, 5)));
    }

    @Test
    void gapsAreFilledBeforeFittingAndForecasting() {
        var series = Synthetic.hourly(500, 9);
        double[] v = series.values();
        v[100] = v[101] = v[102] = Double.NaN;
        v[499] = Double.NaN;
        var gappy = series.withValues(v);
        var model = forecaster.fit(gappy, Hyperparameters.of("p", "2", "q", "0", "d", "0", "D", "1"));
        for (double m : model.predict(ForecastQuery.of(gappy, 24, Level.P95)).means()) assertTrue(Double.isFinite(m));
    }

    @Test
    void logAndBoxCoxForecastsAreBackTransformedMedians() {
        var random = new Random(10);
        double[] y = new double[120];
        double level = 0;
        for (int t = 0; t < y.length; t++) {
            level += 0.01 + 0.05 * random.nextGaussian();
            y[t] = Math.exp(3 + level + 0.3 * Math.sin(2 * Math.PI * t / 12));
        }
        var series = TimeSeries.of(Synthetic.times(120, Frequency.MONTHLY), y, List.of(), null, Frequency.MONTHLY);
        var logged = (ArimaModel) forecaster.fit(series, Hyperparameters.of("transform", "log"));
        var onLogs = (ArimaModel) forecaster.fit(series.withValues(java.util.Arrays.stream(y).map(Math::log).toArray()), Hyperparameters.NONE);
        assertEquals(onLogs.fit().spec(), logged.fit().spec());
        var a = logged.predict(ForecastQuery.of(series, 12, Level.P95));
        var b = onLogs.predict(ForecastQuery.of(series.withValues(java.util.Arrays.stream(y).map(Math::log).toArray()), 12, Level.P95));
        for (int h = 0; h < 12; h++) {
            assertEquals(Math.exp(b.points().get(h).mean()), a.points().get(h).mean(), 1e-9 * a.points().get(h).mean());
            assertEquals(Math.exp(b.points().get(h).interval(Level.P95).orElseThrow().hi()), a.points().get(h).interval(Level.P95).orElseThrow().hi(), 1e-6);
        }
        var boxcox = (ArimaModel) forecaster.fit(series, Hyperparameters.of("transform", "boxcox"));
        assertTrue(Math.abs(boxcox.transform().lambda()) < 0.5, "Guerrero's lambda for a multiplicative series: " + boxcox.transform().lambda());
        var fixedLambda = (ArimaModel) forecaster.fit(series, Hyperparameters.of("transform", "boxcox", "lambda", "0.5"));
        assertEquals(0.5, fixedLambda.transform().lambda());
        for (double x : new double[] {0.5, 3, 40}) for (var t : List.of(BoxCox.LOG, BoxCox.of(0.5), BoxCox.of(-0.5), BoxCox.NONE))
            assertEquals(x, t.inverse(t.apply(x)), 1e-12 * x);
    }

    @Test
    void aConstantSeriesForecastsItsValue() {
        double[] v = new double[50];
        java.util.Arrays.fill(v, 7.5);
        var series = TimeSeries.of(Synthetic.times(50, Frequency.DAILY), v, List.of(), null, Frequency.DAILY);
        var forecast = forecaster.fit(series, Hyperparameters.NONE).predict(ForecastQuery.of(series, 10, Level.P95));
        for (var p : forecast.points()) {
            assertEquals(7.5, p.mean(), 1e-9);
            assertEquals(7.5, p.interval(Level.P95).orElseThrow().lo(), 1e-9);
        }
    }

    @Test
    void aRandomWalkWithDriftIsContinuedByItsDrift() {
        var random = new Random(11);
        double[] v = new double[300];
        v[0] = 100;
        for (int t = 1; t < v.length; t++) v[t] = v[t - 1] + 0.5 + random.nextGaussian();
        var series = TimeSeries.of(Synthetic.times(300, Frequency.DAILY), v, List.of(), null, Frequency.DAILY);
        var model = (ArimaModel) forecaster.fit(series, Hyperparameters.of("period", "1"));
        assertTrue(model.fit().spec().drift(), model.toString());
        assertEquals(0.5, model.fit().constant(), 0.2);
        double[] means = model.predict(ForecastQuery.of(series, 30)).means();
        assertEquals(v[299] + 30 * model.fit().constant(), means[29], 1);
    }
}
