package forecast.adapters.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.Scope;
import forecast.domain.forecasting.TrainedModel;
import forecast.domain.series.Frequency;
import forecast.domain.series.TimeSeries;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class XGBoostGlobalTest {
    static final Hyperparameters SMALL = XGBoostForecasterTest.SMALL;
    static final XGBoostForecaster FORECASTER = new XGBoostForecaster();
    static final int SERIES = 20;
    static final Hyperparameters ALL_ROWS = Hyperparameters.of("max_rows", "10000000");

    /** 21 scaled series, whole: the first 20 train (without their last week), the last is never seen. */
    static List<TimeSeries> panel;
    static TrainedModel model;

    @BeforeAll
    static void fit() {
        panel = Holdouts.scaled(Synthetic.panel(SERIES + 1, 600, 5));
        model = FORECASTER.fitGlobal(Holdouts.training(panel.subList(0, SERIES)), SMALL);
    }

    @Test
    void isGlobal() {
        assertEquals(Scope.GLOBAL, FORECASTER.scope());
    }

    @Test
    void oneModelBeatsSeasonalNaiveOnTheSeriesItWasFittedOn() {
        double global = 0, naive = 0;
        for (var s : panel.subList(0, SERIES)) {
            global += Holdouts.mase(model, s) / SERIES;
            naive += Holdouts.mase(seasonalNaive(s), s) / SERIES;
        }
        System.out.printf("xgboost global: mean holdout MASE %.3f over %d series, seasonal naive %.3f%n", global, SERIES, naive);
        assertTrue(global < 0.8 * naive, "global xgboost MASE " + global + " vs seasonal naive " + naive);
    }

    @Test
    void forecastsASeriesItWasNotFittedOnFromItsHistory() {
        var unseen = panel.get(SERIES);
        double global = Holdouts.mase(model, unseen);
        double naive = Holdouts.mase(seasonalNaive(unseen), unseen);
        System.out.printf("xgboost global on an unseen series: holdout MASE %.3f, seasonal naive %.3f%n", global, naive);
        assertTrue(global < 0.9 * naive, "global xgboost MASE " + global + " vs seasonal naive " + naive);
    }

    private static TrainedModel seasonalNaive(TimeSeries s) {
        return new SeasonalNaiveForecaster().fit(s.head(s.size() - Holdouts.WEEK), Hyperparameters.NONE);
    }

    @Test
    void restoredModelPredictsIdentically() {
        byte[] bytes = model.serialize();
        var restored = FORECASTER.restore(bytes);
        for (var s : List.of(panel.getFirst(), panel.get(SERIES))) {
            var query = ForecastQuery.of(s, 200);
            assertArrayEquals(model.predict(query).means(), restored.predict(query).means());
        }
        assertArrayEquals(bytes, restored.serialize());
        assertEquals(model.fitted(), restored.fitted());
    }

    @Test
    void oneSeriesFitsTheModelThatFitFits() {
        var s = Synthetic.hourly(800, 3);
        var alone = FORECASTER.fit(s, SMALL);
        var global = FORECASTER.fitGlobal(List.of(s), SMALL);
        assertArrayEquals(alone.serialize(), global.serialize());
        var query = ForecastQuery.of(s, 48);
        assertArrayEquals(alone.predict(query).means(), global.predict(query).means());

        var withPromo = Synthetic.hourlyWithPromo(600, 4);
        assertArrayEquals(FORECASTER.fit(withPromo, SMALL).serialize(), FORECASTER.fitGlobal(List.of(withPromo), SMALL).serialize());
    }

    @Test
    void rowsOfEverySeriesAreTheRowsEachWouldHaveAlone() {
        // unlike lengths and starts at other hours: each series' calendar columns come from its own times
        var a = panel.get(0).head(300);
        var b = panel.get(1).head(400);
        var settings = XGBoostSettings.of(ALL_ROWS, Frequency.HOURLY);
        var features = new XGBoostFeatures(settings.lags(), settings.levelWindow(), new int[] {24, 168}, settings.maxHorizon());
        var both = TrainingSet.build(List.of(a, b), features, settings);
        var alone = List.of(TrainingSet.build(a, features, settings), TrainingSet.build(b, features, settings));
        assertEquals(alone.get(0).rows() + alone.get(1).rows(), both.rows());
        assertArrayEquals(concat(alone.get(0).data(), alone.get(1).data()), both.data());
        assertArrayEquals(concat(alone.get(0).labels(), alone.get(1).labels()), both.labels());
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void maxRowsIsSharedEquallyBetweenTheSeries() {
        assertArrayEquals(new int[] {250, 10, 250}, TrainingSet.quotas(new long[] {1_000, 10, 5_000}, 510));
        assertArrayEquals(new int[] {1_000, 10}, TrainingSet.quotas(new long[] {1_000, 10}, 40_000));
        assertArrayEquals(new int[] {3, 3, 4}, TrainingSet.quotas(new long[] {100, 100, 100}, 10));

        var settings = XGBoostSettings.of(Hyperparameters.of("max_rows", "1000"), Frequency.HOURLY);
        var features = new XGBoostFeatures(settings.lags(), settings.levelWindow(), new int[] {24, 168}, settings.maxHorizon());
        var training = Holdouts.training(panel.subList(0, 4));
        var set = TrainingSet.build(training, features, settings);
        assertEquals(1_000, set.rows());
        // series by series, 250 rows each, every one of them a row of that series
        for (int i = 0; i < 4; i++) {
            var own = rows(TrainingSet.build(training.get(i), features, XGBoostSettings.of(ALL_ROWS, Frequency.HOURLY)));
            for (int r = 250 * i; r < 250 * (i + 1); r++)
                assertTrue(own.contains(row(set, r)), "row " + r + " is not one of series " + i + "'s");
        }
        var model = FORECASTER.fitGlobal(training, Hyperparameters.of("max_rows", "1000", "rounds", "20"));
        assertTrue(Arrays.stream(model.predict(ForecastQuery.of(training.getFirst(), 24)).means()).allMatch(Double::isFinite));
    }

    private static Set<FloatBuffer> rows(TrainingSet set) {
        var out = new HashSet<FloatBuffer>();
        for (int r = 0; r < set.rows(); r++) out.add(row(set, r));
        return out;
    }

    /** The row's features and its label. */
    private static FloatBuffer row(TrainingSet set, int r) {
        float[] out = Arrays.copyOfRange(set.data(), r * set.width(), (r + 1) * set.width() + 1);
        out[set.width()] = set.labels()[r];
        return FloatBuffer.wrap(out);
    }

    @Test
    void shortSeriesAddTheirRowsAndTheLongestMustCoverTheWarmUp() {
        var s = panel.getFirst();
        var withShort = FORECASTER.fitGlobal(List.of(s, panel.get(1).head(30)), SMALL);
        assertTrue(Arrays.stream(withShort.predict(ForecastQuery.of(panel.get(1).head(30), 24)).means()).allMatch(Double::isFinite));
        var e = assertThrows(IllegalArgumentException.class, () -> FORECASTER.fitGlobal(List.of(s.head(40), s.head(47)), SMALL));
        assertTrue(e.getMessage().contains("at least 48"), e.getMessage());
    }

    @Test
    void seriesOfAnotherFrequencyOrOtherFeatureColumnsAreRefused() {
        var hourly = Synthetic.hourly(600, 1);
        var frequency = assertThrows(IllegalArgumentException.class,
                () -> FORECASTER.fitGlobal(List.of(hourly, Synthetic.monthly(120, 1)), SMALL));
        assertTrue(frequency.getMessage().contains("series 1 is P1M data, series 0 is PT1H"), frequency.getMessage());
        var features = assertThrows(IllegalArgumentException.class,
                () -> FORECASTER.fitGlobal(List.of(hourly, Synthetic.hourlyWithPromo(600, 2)), SMALL));
        assertTrue(features.getMessage().contains("series 1 has [promo], series 0 has []"), features.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FORECASTER.fitGlobal(new ArrayList<>(), SMALL));
    }
}
