package forecast.adapters.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.ensemble.EnsembleModel;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.TrainedModel;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A model tells what was fitted, not only the limits it was given, and so does its restored copy. */
class FittedTest {
    @Test
    void arimaNamesItsOrdersCoefficientsAndCriteria() {
        var forecaster = new ArimaForecaster();
        var model = forecaster.fit(Synthetic.hourly(400, 5), Hyperparameters.of("p", "1", "d", "0", "q", "1", "D", "1", "include_drift", "false"));
        var fitted = model.fitted();
        assertEquals("ARIMA(1,0,1)(0,1,0)[24]", fitted.get("model"), fitted.toString());
        assertEquals("(1,0,1)", fitted.get("order"));
        assertEquals("(0,1,0)[24]", fitted.get("seasonal_order"));
        assertEquals(List.of("model", "order", "seasonal_order", "ar1", "ma1", "sigma2", "loglik", "aic", "aicc", "bic", "observations", "method",
                "transform"), List.copyOf(fitted.keySet()));
        assertTrue(Math.abs(Double.parseDouble(fitted.get("ar1"))) < 1, fitted.get("ar1"));
        assertEquals(Double.toString(((ArimaModel) model).fit().aicc()), fitted.get("aicc"));
        assertEquals("376", fitted.get("observations"), "400 less one seasonal difference");
        assertEquals(fitted, forecaster.restore(model.serialize()).fitted());

        var searched = forecaster.fit(Synthetic.monthly(120, 2), Hyperparameters.of("transform", "boxcox")).fitted();
        assertTrue(searched.get("model").startsWith("ARIMA("), searched.toString());
        assertEquals("boxcox", searched.get("transform"));
        assertTrue(searched.containsKey("lambda"), "Guerrero's lambda is shown: " + searched);
    }

    @Test
    void xgboostCountsItsTreesAndNamesItsFeatures() {
        var forecaster = new XGBoostForecaster();
        var model = forecaster.fit(Synthetic.hourlyWithPromo(600, 4), Hyperparameters.of("rounds", "20", "max_depth", "4", "max_rows", "3000"));
        var fitted = model.fitted();
        assertEquals("20", fitted.get("trees"), fitted.toString());
        assertTrue(Integer.parseInt(fitted.get("deepest_tree")) <= 4, fitted.toString());
        assertEquals("24", fitted.get("lags"));
        assertEquals("168", fitted.get("max_horizon"));
        assertEquals("24,168", fitted.get("seasonal_periods"));
        assertTrue(fitted.get("features").startsWith("lag_0..lag_23, std_24, std_168, slope, same_phase_24, same_phase_mean_24"), fitted.get("features"));
        assertTrue(fitted.get("features").endsWith("step, hour_of_day, day_of_week, day_of_month, month"), fitted.get("features"));
        assertEquals("promo", fitted.get("extra_features"));
        assertEquals("20", fitted.get("trees_with_extra_features"));
        assertEquals(Integer.parseInt(fitted.get("columns")) + 3, Integer.parseInt(fitted.get("columns_with_extra_features")), "promo at t+h and two same-phase times");
        assertEquals(fitted, forecaster.restore(model.serialize()).fitted());
    }

    @Test
    void lstmGivesItsShapeParametersAndEpochsRun() {
        var forecaster = new LstmForecaster();
        var model = forecaster.fit(Synthetic.hourly(400, 6), LstmForecasterTest.TINY);
        var fitted = model.fitted();
        assertEquals("1", fitted.get("layers"), fitted.toString());
        assertEquals("4", fitted.get("units"));
        assertEquals("12", fitted.get("window"));
        assertEquals("8", fitted.get("max_horizon"));
        int in = Integer.parseInt(fitted.get("input_features"));
        // an LSTM layer has W (in x 4u), RW (u x 4u) and b (4u); the dense output u x h weights and h biases
        assertEquals(in * 16 + 4 * 16 + 16 + 4 * 8 + 8, Long.parseLong(fitted.get("parameters")));
        int epochs = Integer.parseInt(fitted.get("epochs_run"));
        assertTrue(epochs >= 1 && epochs <= 2, fitted.toString());
        assertEquals("2", fitted.get("epochs"));
        assertTrue(Double.parseDouble(fitted.get("validation_mse")) >= 0, fitted.toString());
        assertEquals(fitted, forecaster.restore(model.serialize()).fitted());

        // a model saved before format 2 knows its shape but not how its training went
        byte[] v2 = model.serialize();
        byte[] v1 = Arrays.copyOf(v2, v2.length - 12);
        ByteBuffer.wrap(v1).putInt(4 + 2 + "lstm".length(), 1);
        var old = forecaster.restore(v1).fitted();
        assertFalse(old.containsKey("epochs_run"), old.toString());
        assertEquals(fitted.get("parameters"), old.get("parameters"));
    }

    @Test
    void theSeasonalNaiveGivesItsPeriodAndAnEnsembleItsMembersWeightsAndTheirs() {
        TrainedModel naive = new SeasonalNaiveForecaster().fit(Synthetic.hourly(400, 1), Hyperparameters.NONE);
        assertEquals("168", naive.fitted().get("period"), naive.fitted().toString());
        var arima = new ArimaForecaster().fit(Synthetic.hourly(400, 1), Hyperparameters.of("p", "1", "d", "0", "period", "1"));
        var ensemble = new EnsembleModel(List.of(new EnsembleModel.Member("seasonal_naive", 0.25, naive), new EnsembleModel.Member("arima", 0.75, arima)));
        var fitted = ensemble.fitted();
        assertEquals("seasonal_naive,arima", fitted.get("members"));
        assertEquals("0.2500", fitted.get("seasonal_naive.weight"));
        assertEquals("0.7500", fitted.get("arima.weight"));
        assertEquals("168", fitted.get("seasonal_naive.period"));
        assertEquals("(1,0,0)", fitted.get("arima.order"), fitted.toString());
        assertFalse(fitted.containsKey("arima.seasonal_order"), "no seasonal orders without a season");
    }
}
