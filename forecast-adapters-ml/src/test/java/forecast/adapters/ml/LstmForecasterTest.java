package forecast.adapters.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.evaluation.Accuracy;
import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.Level;
import forecast.domain.forecasting.TrainedModel;
import forecast.domain.series.Frequency;
import forecast.domain.series.TimeSeries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LstmForecasterTest {
    /** A small network and few epochs keep the test run short; the defaults are measured in the report. */
    static final Hyperparameters SMALL = Hyperparameters.of("units", "12", "window", "24", "epochs", "12",
            "learning_rate", "0.01", "batch_size", "32");
    /** Smaller still, for the tests that train a second network. */
    static final Hyperparameters TINY = Hyperparameters.of("units", "4", "window", "12", "max_horizon", "8", "epochs", "2");
    static final int TRAIN = 600;

    static final LstmForecaster FORECASTER = new LstmForecaster();
    static TimeSeries series;
    static TrainedModel model;

    @BeforeAll
    static void fit() {
        series = Synthetic.hourly(TRAIN + 168, 7);
        model = FORECASTER.fit(series.head(TRAIN), SMALL);
    }

    @Test
    void beatsTheTrainingMeanAndTheSeasonalNaiveOnTheHoldout() {
        var naive = new SeasonalNaiveForecaster().fit(series.head(TRAIN), Hyperparameters.NONE);
        double mean = Arrays.stream(series.head(TRAIN).values()).average().orElseThrow();
        double lstm = holdoutMase(q -> model.predict(q).means());
        double seasonal = holdoutMase(q -> naive.predict(q).means());
        double flat = holdoutMase(q -> constant(mean, q.horizon().steps()));
        System.out.printf("lstm holdout MASE %.3f, seasonal naive %.3f, training mean %.3f%n", lstm, seasonal, flat);
        assertTrue(lstm < 0.9 * seasonal, "lstm MASE " + lstm + " vs seasonal naive " + seasonal);
        assertTrue(lstm < 0.5 * flat, "lstm MASE " + lstm + " vs training mean " + flat);
    }

    /** 7 daily origins over the week after training, 24 steps each; the history grows with the origin. */
    static double holdoutMase(Function<ForecastQuery, double[]> forecaster) {
        double[] actual = new double[168];
        double[] forecast = new double[168];
        for (int o = 0; o < 7; o++) {
            double[] f = forecaster.apply(ForecastQuery.of(series.head(TRAIN + 24 * o), 24));
            for (int h = 0; h < 24; h++) {
                actual[24 * o + h] = series.value(TRAIN + 24 * o + h);
                forecast[24 * o + h] = f[h];
            }
        }
        return Accuracy.mase(actual, forecast, series.head(TRAIN).values(), 24);
    }

    @Test
    void forecastStartsAfterTheHistoryAndGivesPointsOnly() {
        var history = series.head(TRAIN);
        var forecast = model.predict(ForecastQuery.of(history, 24, Level.P95));
        assertEquals(history.futureTimes(24), forecast.times());
        assertFalse(model.nativeIntervals());
        assertTrue(forecast.points().stream().allMatch(p -> p.intervals().isEmpty() && Double.isFinite(p.mean())));
        assertEquals("lstm", model.algorithm());
        assertEquals(24, model.minHistory());
        assertEquals(List.of(), model.featureNames());
        assertEquals(Frequency.HOURLY, model.frequency());
    }

    @Test
    void restoredModelPredictsIdentically() {
        byte[] bytes = model.serialize();
        var restored = FORECASTER.restore(bytes);
        for (int steps : new int[] {1, 24, 60}) {
            var query = ForecastQuery.of(series.head(TRAIN + 5), steps);
            assertArrayEquals(model.predict(query).means(), restored.predict(query).means());
        }
        assertArrayEquals(bytes, restored.serialize());
        assertEquals(model.minHistory(), restored.minHistory());
        assertEquals(((LstmModel) model).settings(), ((LstmModel) restored).settings());
        assertEquals(((LstmModel) model).normalization(), ((LstmModel) restored).normalization());
    }

    @Test
    void concurrentPredictionsAgreeWithSequentialOnes() throws Exception {
        var queries = new ArrayList<ForecastQuery>();
        for (int i = 0; i < 16; i++) queries.add(ForecastQuery.of(series.head(TRAIN - 100 + 10 * i), 10 + 5 * i));
        var expected = queries.stream().map(q -> model.predict(q).means()).toList();
        var start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(4)) {
            var futures = new ArrayList<Future<List<double[]>>>();
            for (int thread = 0; thread < 4; thread++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    var out = new ArrayList<double[]>();
                    for (int round = 0; round < 10; round++) for (var q : queries) out.add(model.predict(q).means());
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
    void stepsBeyondMaxHorizonContinueFromTheFirstBlock() {
        var history = series.head(TRAIN);
        double[] direct = model.predict(ForecastQuery.of(history, 24)).means();
        double[] longer = model.predict(ForecastQuery.of(history, 96)).means();
        assertArrayEquals(direct, Arrays.copyOf(longer, 24));
        double[] actual = series.slice(TRAIN, TRAIN + 96).values();
        double mean = Arrays.stream(history.values()).average().orElseThrow();
        double[] later = Arrays.copyOfRange(longer, 24, 96);
        double[] laterActual = Arrays.copyOfRange(actual, 24, 96);
        assertTrue(Accuracy.mae(laterActual, later) < 0.7 * Accuracy.mae(laterActual, constant(mean, 72)),
                "recursive steps MAE " + Accuracy.mae(laterActual, later) + " vs training mean " + Accuracy.mae(laterActual, constant(mean, 72)));
    }

    @Test
    void historiesWithGapsOrOnlyTheWindowStillForecast() {
        assertTrue(finite(model.predict(ForecastQuery.of(series.slice(TRAIN - 24, TRAIN), 24)).means()));
        double[] gappy = series.head(TRAIN).values();
        for (int i = TRAIN - 10; i < TRAIN - 3; i++) gappy[i] = Double.NaN;
        gappy[TRAIN - 1] = Double.NaN;
        assertTrue(finite(model.predict(ForecastQuery.of(series.head(TRAIN).withValues(gappy), 48)).means()));
        assertThrows(IllegalArgumentException.class, () -> model.predict(ForecastQuery.of(series.slice(TRAIN - 23, TRAIN), 24)));
    }

    @Test
    void sameSeedTrainsTheSameNetworkAndExtraFeaturesAreIgnored() {
        var promo = Synthetic.hourlyWithPromo(240, 5);
        var first = FORECASTER.fit(promo, TINY);
        var second = FORECASTER.fit(promo.withoutFeatures(), TINY);
        var query = ForecastQuery.of(promo.withoutFeatures(), 20);
        assertArrayEquals(first.predict(query).means(), second.predict(query).means());
        assertEquals(List.of(), first.featureNames());
        var reseeded = FORECASTER.fit(promo, TINY.with(Hyperparameters.of("seed", "7")));
        assertFalse(Arrays.equals(first.predict(query).means(), reseeded.predict(query).means()));
    }

    @Test
    void defaultsFollowTheShortestSeason() {
        assertEquals(new LstmSettings(32, 1, 48, 0.005, 0, 30, 64, 5, 24, 42), LstmSettings.of(Hyperparameters.NONE, Frequency.HOURLY));
        assertEquals(24, LstmSettings.of(Hyperparameters.NONE, Frequency.MONTHLY).window());
        assertEquals(12, LstmSettings.of(Hyperparameters.NONE, Frequency.MONTHLY).maxHorizon());
        assertEquals(14, LstmSettings.of(Hyperparameters.NONE, Frequency.DAILY).window());
        assertEquals(8, LstmSettings.of(Hyperparameters.NONE, Frequency.DAILY).maxHorizon());
        var weekly = Frequency.ofDuration(Duration.ofDays(7));
        assertEquals(104, LstmSettings.of(Hyperparameters.NONE, weekly).window());
        var unseasonal = Frequency.ofDuration(Duration.ofDays(2));
        assertEquals(8, LstmSettings.of(Hyperparameters.NONE, unseasonal).window());
        assertEquals(8, LstmSettings.of(Hyperparameters.NONE, unseasonal).maxHorizon());
        assertEquals(48 + 2 * 24 + 22, FORECASTER.minTrainingSize(series, Hyperparameters.NONE));
    }

    @ParameterizedTest
    @CsvSource({"units,0", "units,abc", "layers,0", "layers,5", "window,1", "learning_rate,0", "learning_rate,2",
            "dropout,-0.1", "dropout,1", "epochs,0", "batch_size,0", "patience,0", "max_horizon,0", "max_horizon,5000", "seed,x"})
    void invalidHyperparametersAreRefusedByName(String key, String value) {
        var e = assertThrows(IllegalArgumentException.class, () -> FORECASTER.fit(series.head(TRAIN), Hyperparameters.of(key, value)));
        assertTrue(e.getMessage().contains(key), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FORECASTER.minTrainingSize(series, Hyperparameters.of(key, value)));
    }

    @Test
    void theMinimumTrainingSizeTrainsAndOneLessIsRefused() {
        int min = FORECASTER.minTrainingSize(series, TINY);
        assertEquals(12 + 2 * 8 + 22, min);
        assertEquals(12, FORECASTER.fit(series.head(min), TINY).minHistory());
        var e = assertThrows(IllegalArgumentException.class, () -> FORECASTER.fit(series.head(min - 1), TINY));
        assertTrue(e.getMessage().contains("at least " + min), e.getMessage());
    }

    @Test
    void foreignOrDamagedBytesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> FORECASTER.restore(new byte[] {1, 2, 3}));
        var naiveBytes = new SeasonalNaiveForecaster().fit(series.head(200), Hyperparameters.NONE).serialize();
        assertThrows(IllegalArgumentException.class, () -> FORECASTER.restore(naiveBytes));
        byte[] bytes = model.serialize();
        assertThrows(IllegalArgumentException.class, () -> FORECASTER.restore(Arrays.copyOf(bytes, bytes.length - 100)));
        byte[] damaged = bytes.clone();
        for (int i = bytes.length - 2000; i < bytes.length - 1000; i++) damaged[i] ^= 0x5a;
        assertThrows(IllegalArgumentException.class, () -> FORECASTER.restore(damaged));
    }

    @Test
    void reportsItsLibraryVersions() {
        assertEquals("1.0.0-M2.1", FORECASTER.libraries().get("deeplearning4j"));
        assertEquals("1.0.0-M2.1", FORECASTER.libraries().get("nd4j-native"));
    }

    private static double[] constant(double value, int n) {
        double[] out = new double[n];
        Arrays.fill(out, value);
        return out;
    }

    private static boolean finite(double[] values) {
        for (double v : values) if (!Double.isFinite(v)) return false;
        return true;
    }
}
