package forecast.adapters.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.Level;
import forecast.domain.series.Frequency;
import forecast.domain.series.TimeSeries;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How ARIMA models the seasons when no period is given: its choice of period, and MSTL where two seasons are strong. */
class ArimaSeasonalityTest {
    private final ArimaForecaster forecaster = new ArimaForecaster();

    private static TimeSeries hourly(int n, double daily, double weekly, long seed) {
        return TimeSeries.of(Synthetic.times(n, Frequency.HOURLY), MstlDecompositionTest.hourly(n, daily, weekly, seed), List.of(), null, Frequency.HOURLY);
    }

    private static ArimaForecaster.SeasonalChoice choice(TimeSeries s, String... params) {
        return ArimaForecaster.seasonalChoice(s.values(), ArimaSettings.of(Hyperparameters.of(params), s.frequency()), s.frequency());
    }

    @Test
    void thePeriodIsTheStrongerSeasonNotBlindlyTheShortest() {
        var weekly = choice(hourly(1008, 1, 10, 1));
        assertFalse(weekly.mstl());
        assertArrayEquals(new int[] {168}, weekly.periods(), "weekly dominates; strengths " + java.util.Arrays.toString(weekly.strengths()));
        var daily = choice(hourly(1008, 10, 0, 2));
        assertFalse(daily.mstl());
        assertArrayEquals(new int[] {24}, daily.periods(), "only a daily cycle; strengths " + java.util.Arrays.toString(daily.strengths()));
        // a weekly cycle in fewer than three full weeks is not chosen: the shortest season, as before
        assertArrayEquals(new int[] {24}, choice(hourly(500, 1, 10, 3)).periods());
        // no season strong enough: the shortest, as before
        assertArrayEquals(new int[] {24}, choice(hourly(1008, 0.1, 0.1, 4)).periods());

        var model = assertInstanceOf(ArimaModel.class, forecaster.fit(hourly(1008, 1, 10, 1), Hyperparameters.NONE));
        assertEquals(168, model.fit().spec().period(), model.toString());
    }

    @Test
    void twoStrongSeasonsAreDecomposedByMstlUnlessAPeriodOrOrderIsGiven() {
        var both = Synthetic.hourly(1008, 5);
        var auto = choice(both);
        assertTrue(auto.mstl(), java.util.Arrays.toString(auto.strengths()));
        assertArrayEquals(new int[] {24, 168}, auto.periods());
        assertFalse(choice(both, "period", "24").mstl());
        assertArrayEquals(new int[] {24}, choice(both, "period", "24").periods(), "a given period is kept");
        assertFalse(choice(both, "seasonality", "period").mstl());
        assertFalse(choice(both, "p", "1").mstl(), "fixed orders keep one seasonal ARIMA");
        assertFalse(choice(both, "D", "1").mstl());
        assertTrue(choice(Synthetic.monthly(60, 1), "seasonality", "mstl").mstl(), "asked for: STL with one season");
        assertFalse(choice(Synthetic.monthly(60, 1)).mstl(), "one season: one seasonal ARIMA");

        var model = forecaster.fit(both, Hyperparameters.NONE);
        var mstl = assertInstanceOf(MstlModel.class, model);
        assertEquals("arima", model.algorithm());
        assertArrayEquals(new int[] {24, 168}, mstl.periods());
        var fitted = model.fitted();
        assertTrue(fitted.get("model").startsWith("MSTL(24,168) + ARIMA("), fitted.toString());
        assertFalse(fitted.get("model").contains("[24]"), "the ARIMA on the rest is non-seasonal: " + fitted);
        assertEquals("arima", fitted.get("trend_model"));
    }

    @Test
    void whereItHelpsMstlBeatsTheDailySeasonalArima() {
        var series = Synthetic.hourly(24 * 7 * 8 + Holdouts.WEEK, 6);
        var train = series.head(series.size() - Holdouts.WEEK);
        long t0 = System.nanoTime();
        var auto = forecaster.fit(train, Hyperparameters.NONE);
        long t1 = System.nanoTime();
        var daily = forecaster.fit(train, Hyperparameters.of("period", "24"));
        long t2 = System.nanoTime();
        double mAuto = Holdouts.mase(auto, series), mDaily = Holdouts.mase(daily, series);
        System.out.printf("arima day-ahead MASE: default %.3f (%s, %d ms) vs period 24 %.3f (%s, %d ms)%n", mAuto, auto.fitted().get("model"), (t1 - t0) / 1_000_000,
                mDaily, daily.fitted().get("model"), (t2 - t1) / 1_000_000);
        assertInstanceOf(MstlModel.class, auto);
        assertTrue(mAuto < 0.8 * mDaily, mAuto + " vs " + mDaily);
    }

    @Test
    void anArimaOnMstlRestoresIdenticallyBesideTheFormatOneArtifacts() {
        var series = Synthetic.hourly(800, 7);
        for (var params : List.of(Hyperparameters.NONE, Hyperparameters.of("transform", "boxcox"), Hyperparameters.of("seasonality", "mstl", "p", "1", "q", "1", "d", "0"))) {
            var model = forecaster.fit(series, params);
            assertInstanceOf(MstlModel.class, model, params.toString());
            var restored = forecaster.restore(model.serialize());
            for (var history : List.of(series, series.tail(200))) {
                var query = ForecastQuery.of(history, 30, Level.P80, Level.P95);
                assertEquals(model.predict(query), restored.predict(query), params + " from " + history.size());
            }
            assertEquals(model.fitted(), restored.fitted());
            assertArrayEquals(model.serialize(), restored.serialize());
        }
        var fixed = forecaster.fit(series, Hyperparameters.of("seasonality", "mstl", "p", "1", "q", "1", "d", "0")).fitted();
        assertEquals("ARIMA(1,0,1) with non-zero mean", fixed.get("trend.model"), fixed.toString());
        var boxcox = forecaster.fit(series, Hyperparameters.of("transform", "boxcox")).fitted();
        assertEquals("boxcox", boxcox.get("transform"));
        assertTrue(boxcox.containsKey("lambda"), boxcox.toString());
        // a plain seasonal ARIMA is still written (and read) as format 1
        var plain = forecaster.fit(series, Hyperparameters.of("period", "24", "p", "1", "q", "0", "d", "0", "D", "1"));
        assertEquals(1, java.nio.ByteBuffer.wrap(plain.serialize()).getInt(4 + 2 + "arima".length()));
        assertEquals(plain.predict(ForecastQuery.of(series, 24)), forecaster.restore(plain.serialize()).predict(ForecastQuery.of(series, 24)));
        var e = assertThrows(IllegalArgumentException.class, () -> ArimaModel.restore(forecaster.fit(series, Hyperparameters.NONE).serialize()));
        assertTrue(e.getMessage().contains("format 2"), e.getMessage());
    }

    @Test
    void contradictorySettingsAreRefused() {
        var series = Synthetic.hourly(800, 8);
        for (var params : List.of(Hyperparameters.of("seasonality", "weekly"), Hyperparameters.of("seasonality", "mstl", "period", "24"),
                Hyperparameters.of("seasonality", "mstl", "P", "1"), Hyperparameters.of("seasonality", "mstl", "D", "1"))) {
            var e = assertThrows(IllegalArgumentException.class, () -> forecaster.minTrainingSize(series, params), params.toString());
            assertTrue(e.getMessage().contains("hyperparameter seasonality"), e.getMessage());
        }
        var yearly = TimeSeries.of(Synthetic.times(30, Frequency.ofMonths(12)), MstlDecompositionTest.hourly(30, 0, 0, 1), List.of(), null, Frequency.ofMonths(12));
        var e = assertThrows(IllegalArgumentException.class, () -> forecaster.fit(yearly, Hyperparameters.of("seasonality", "mstl")));
        assertTrue(e.getMessage().contains("hyperparameter seasonality mstl needs a season"), e.getMessage());
    }
}
