package forecast.adapters.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.Scope;
import forecast.domain.forecasting.TrainedModel;
import forecast.domain.preprocessing.Normalization;
import forecast.domain.series.TimeSeries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LstmGlobalTest {
    /** A small network and few epochs keep the test run short (about 18 s to fit on 20 series). */
    static final Hyperparameters SMALL = Hyperparameters.of("units", "8", "window", "24", "epochs", "5",
            "learning_rate", "0.01", "batch_size", "64");
    static final Hyperparameters TINY = LstmForecasterTest.TINY;
    static final LstmForecaster FORECASTER = new LstmForecaster();
    static final int SERIES = 20;

    /** 21 scaled series, whole: the first 20 train (without their last week), the last is never seen. */
    static List<TimeSeries> panel;
    static TrainedModel model;

    @BeforeAll
    static void fit() {
        panel = Holdouts.scaled(Synthetic.panel(SERIES + 1, 320, 9));
        model = FORECASTER.fitGlobal(Holdouts.training(panel.subList(0, SERIES)), SMALL);
    }

    @Test
    void isGlobal() {
        assertEquals(Scope.GLOBAL, FORECASTER.scope());
    }

    @Test
    void oneNetworkBeatsSeasonalNaiveOnTheSeriesItWasFittedOn() {
        double global = 0, naive = 0;
        for (var s : panel.subList(0, SERIES)) {
            global += Holdouts.mase(model, s) / SERIES;
            naive += Holdouts.mase(seasonalNaive(s), s) / SERIES;
        }
        System.out.printf("lstm global: mean holdout MASE %.3f over %d series, seasonal naive %.3f (%s)%n", global, SERIES, naive, model.fitted());
        assertTrue(global < 0.8 * naive, "global lstm MASE " + global + " vs seasonal naive " + naive);
    }

    @Test
    void forecastsASeriesItWasNotFittedOnFromItsHistory() {
        var unseen = panel.get(SERIES);
        double global = Holdouts.mase(model, unseen);
        double naive = Holdouts.mase(seasonalNaive(unseen), unseen);
        System.out.printf("lstm global on an unseen series: holdout MASE %.3f, seasonal naive %.3f%n", global, naive);
        assertTrue(global < 0.9 * naive, "global lstm MASE " + global + " vs seasonal naive " + naive);
    }

    private static TrainedModel seasonalNaive(TimeSeries s) {
        return new SeasonalNaiveForecaster().fit(s.head(s.size() - Holdouts.WEEK), Hyperparameters.NONE);
    }

    @Test
    void oneNormalizationOverTheValuesOfEverySeries() {
        var training = Holdouts.training(panel.subList(0, SERIES));
        double[] all = training.stream().flatMapToDouble(s -> Arrays.stream(s.values())).toArray();
        assertEquals(Normalization.fit(Normalization.Kind.Z_SCORE, all), ((LstmModel) model).normalization());
    }

    @Test
    void restoredModelPredictsIdentically() {
        byte[] bytes = model.serialize();
        var restored = FORECASTER.restore(bytes);
        for (var s : List.of(panel.getFirst(), panel.get(SERIES))) {
            var query = ForecastQuery.of(s, 60);
            assertArrayEquals(model.predict(query).means(), restored.predict(query).means());
        }
        assertArrayEquals(bytes, restored.serialize());
        assertEquals(model.fitted(), restored.fitted());
    }

    @Test
    void oneSeriesFitsTheModelThatFitFits() {
        var s = Synthetic.hourly(300, 3);
        var alone = FORECASTER.fit(s, TINY);
        var global = FORECASTER.fitGlobal(List.of(s), TINY);
        var query = ForecastQuery.of(s, 30);
        assertArrayEquals(alone.predict(query).means(), global.predict(query).means());
        assertEquals(alone.fitted(), global.fitted());
    }

    @Test
    void seriesTooShortForAWindowAddNoneAndTogetherTheyMustGiveEnough() {
        var s = panel.getFirst();
        var withShort = FORECASTER.fitGlobal(List.of(s.head(200), s.head(15)), TINY);
        assertTrue(Arrays.stream(withShort.predict(ForecastQuery.of(s.head(15), 8)).means()).allMatch(Double::isFinite));
        var e = assertThrows(IllegalArgumentException.class, () -> FORECASTER.fitGlobal(List.of(s.head(30), s.head(25)), TINY));
        assertTrue(e.getMessage().contains("windows"), e.getMessage());
    }

    @Test
    void seriesOfAnotherFrequencyOrOtherFeatureColumnsAreRefused() {
        var hourly = Synthetic.hourly(300, 1);
        var frequency = assertThrows(IllegalArgumentException.class,
                () -> FORECASTER.fitGlobal(List.of(hourly, Synthetic.monthly(120, 1)), TINY));
        assertTrue(frequency.getMessage().contains("series 1 is P1M data, series 0 is PT1H"), frequency.getMessage());
        var features = assertThrows(IllegalArgumentException.class,
                () -> FORECASTER.fitGlobal(List.of(hourly, Synthetic.hourlyWithPromo(300, 2)), TINY));
        assertTrue(features.getMessage().contains("series 1 has [promo], series 0 has []"), features.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FORECASTER.fitGlobal(new ArrayList<>(), TINY));
    }
}
