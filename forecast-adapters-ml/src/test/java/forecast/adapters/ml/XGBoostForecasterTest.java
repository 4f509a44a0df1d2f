package forecast.adapters.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.evaluation.Accuracy;
import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.Horizon;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.Level;
import forecast.domain.forecasting.TrainedModel;
import forecast.domain.series.TimeSeries;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class XGBoostForecasterTest {
    /** Small boosters keep the test run short; the defaults are measured in the report. */
    static final Hyperparameters SMALL = Hyperparameters.of("rounds", "60", "eta", "0.1", "max_rows", "20000");
    static final int TRAIN = 1500;

    static final XGBoostForecaster FORECASTER = new XGBoostForecaster();
    static TimeSeries series;
    static TrainedModel model;

    @BeforeAll
    static void fit() {
        series = Synthetic.hourly(TRAIN + 168, 7);
        model = FORECASTER.fit(series.head(TRAIN), SMALL);
    }

    @Test
    void beatsSeasonalNaiveOnTheHoldout() {
        var naive = new SeasonalNaiveForecaster().fit(series.head(TRAIN), Hyperparameters.NONE);
        double xgb = holdoutMase(model, series);
        double baseline = holdoutMase(naive, series);
        assertTrue(xgb < 0.8 * baseline, "xgboost MASE " + xgb + " vs seasonal naive " + baseline);
    }

    /** 7 daily origins over the last week, 24 steps each; the history grows with the origin. */
    static double holdoutMase(TrainedModel m, TimeSeries s) {
        double[] actual = new double[168];
        double[] forecast = new double[168];
        for (int o = 0; o < 7; o++) {
            double[] f = m.predict(ForecastQuery.of(s.head(TRAIN + 24 * o), 24)).means();
            for (int h = 0; h < 24; h++) {
                actual[24 * o + h] = s.value(TRAIN + 24 * o + h);
                forecast[24 * o + h] = f[h];
            }
        }
        return Accuracy.mase(actual, forecast, s.head(TRAIN).values(), 24);
    }

    @Test
    void forecastStartsAfterTheHistoryAndGivesPointsOnly() {
        var history = series.head(TRAIN);
        var forecast = model.predict(ForecastQuery.of(history, 24, Level.P95));
        assertEquals(history.futureTimes(24), forecast.times());
        assertFalse(model.nativeIntervals());
        assertTrue(forecast.points().stream().allMatch(p -> p.intervals().isEmpty() && Double.isFinite(p.mean())));
        assertEquals("xgboost", model.algorithm());
        assertEquals(24, model.minHistory());
    }

    @Test
    void restoredModelPredictsIdentically() {
        byte[] bytes = model.serialize();
        var restored = FORECASTER.restore(bytes);
        for (int steps : new int[] {1, 24, 300}) {
            var query = ForecastQuery.of(series.head(TRAIN + 5), steps);
            assertArrayEquals(model.predict(query).means(), restored.predict(query).means());
        }
        assertArrayEquals(bytes, restored.serialize());
        assertEquals(model.frequency(), restored.frequency());
        assertEquals(model.minHistory(), restored.minHistory());
    }

    @Test
    void concurrentPredictionsAgreeWithSequentialOnes() throws Exception {
        var queries = new ArrayList<ForecastQuery>();
        for (int i = 0; i < 16; i++) queries.add(ForecastQuery.of(series.head(TRAIN - 100 + 10 * i), 24));
        var expected = queries.stream().map(q -> model.predict(q).means()).toList();
        var start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(8)) {
            var futures = new ArrayList<Future<List<double[]>>>();
            for (int thread = 0; thread < 8; thread++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    var out = new ArrayList<double[]>();
                    for (int round = 0; round < 25; round++) for (var q : queries) out.add(model.predict(q).means());
                    return out;
                }));
            }
            start.countDown();
            for (var f : futures) {
                var results = f.get();
                for (int i = 0; i < results.size(); i++) assertArrayEquals(expected.get(i % queries.size()), results.get(i));
            }
        }
    }

    @Test
    void historiesShorterThanTheLongestSeasonOrWithGapsStillForecast() {
        var shortHistory = series.slice(TRAIN - 30, TRAIN);
        assertTrue(finite(model.predict(ForecastQuery.of(shortHistory, 48)).means()));
        double[] gappy = series.head(TRAIN).values();
        for (int i = TRAIN - 10; i < TRAIN - 3; i++) gappy[i] = Double.NaN;
        assertTrue(finite(model.predict(ForecastQuery.of(series.head(TRAIN).withValues(gappy), 48)).means()));
    }

    @Test
    void stepsBeyondTheTrainedHorizonFollowTheSeason() {
        var small = FORECASTER.fit(series.head(TRAIN), SMALL.with(Hyperparameters.of("max_horizon", "24")));
        double[] f = small.predict(ForecastQuery.of(series.head(TRAIN), 72)).means();
        double[] actual = series.slice(TRAIN, TRAIN + 72).values();
        assertTrue(finite(f));
        assertTrue(Accuracy.mase(actual, f, series.head(TRAIN).values(), 24) < 1);
    }

    @Test
    void extraFeatureWithKnownFutureValuesLowersTheError() {
        var withPromo = Synthetic.hourlyWithPromo(TRAIN + 48, 11);
        var fitted = FORECASTER.fit(withPromo.head(TRAIN), SMALL);
        assertEquals(List.of("promo"), fitted.featureNames());
        var future = new ArrayList<double[]>();
        for (int i = TRAIN; i < TRAIN + 48; i++) future.add(withPromo.featureRow(i));
        var history = withPromo.head(TRAIN);
        double[] actual = withPromo.slice(TRAIN, TRAIN + 48).values();
        double[] informed = fitted.predict(new ForecastQuery(history, new Horizon(48), List.of(), future)).means();
        double[] blind = fitted.predict(ForecastQuery.of(history, 48)).means();
        assertTrue(Accuracy.mae(actual, informed) < 0.7 * Accuracy.mae(actual, blind),
                "with future promo " + Accuracy.mae(actual, informed) + ", without " + Accuracy.mae(actual, blind));
        var restored = FORECASTER.restore(fitted.serialize());
        assertArrayEquals(informed, restored.predict(new ForecastQuery(history, new Horizon(48), List.of(), future)).means());
    }

    @Test
    void monthlySeriesForecastsTrendAndSeason() {
        var monthly = Synthetic.monthly(144, 3);
        var fitted = FORECASTER.fit(monthly.head(120), SMALL);
        var naive = new SeasonalNaiveForecaster().fit(monthly.head(120), Hyperparameters.NONE);
        double[] actual = monthly.slice(120, 144).values();
        double[] insample = monthly.head(120).values();
        double xgb = Accuracy.mase(actual, fitted.predict(ForecastQuery.of(monthly.head(120), 24)).means(), insample, 12);
        double baseline = Accuracy.mase(actual, naive.predict(ForecastQuery.of(monthly.head(120), 24)).means(), insample, 12);
        assertEquals(12, fitted.minHistory());
        assertTrue(xgb < baseline, "xgboost MASE " + xgb + " vs seasonal naive " + baseline);
        assertEquals(24, FORECASTER.minTrainingSize(monthly, Hyperparameters.NONE));
    }

    @ParameterizedTest
    @CsvSource({"max_depth,0", "eta,0", "eta,1.5", "eta,abc", "rounds,0", "subsample,0", "colsample_bytree,2",
            "min_child_weight,-1", "lags,0", "level_window,0", "max_horizon,0", "max_rows,5", "seed,x"})
    void invalidHyperparametersAreRefusedByName(String key, String value) {
        var e = assertThrows(IllegalArgumentException.class, () -> FORECASTER.fit(series.head(200), Hyperparameters.of(key, value)));
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    @Test
    void tooShortSeriesAndForeignBytesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> FORECASTER.fit(series.head(40), SMALL));
        assertThrows(IllegalArgumentException.class, () -> FORECASTER.restore(new byte[] {1, 2, 3}));
        var naiveBytes = new SeasonalNaiveForecaster().fit(series.head(200), Hyperparameters.NONE).serialize();
        assertThrows(IllegalArgumentException.class, () -> FORECASTER.restore(naiveBytes));
        byte[] truncated = java.util.Arrays.copyOf(model.serialize(), 200);
        assertThrows(IllegalArgumentException.class, () -> FORECASTER.restore(truncated));
    }

    @Test
    void reportsItsLibraryVersion() {
        assertEquals("3.4.0", FORECASTER.libraries().get("xgboost4j"));
    }

    private static boolean finite(double[] values) {
        for (double v : values) if (!Double.isFinite(v)) return false;
        return true;
    }
}
