package forecast.adapters.ml;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.forecasting.Forecaster;
import forecast.domain.series.TimeSeries;
import forecast.domain.tuning.CategoricalDistribution;
import forecast.domain.tuning.FloatDistribution;
import forecast.domain.tuning.IntDistribution;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchSpacesTest {
    private static final List<Forecaster> TUNABLE = List.of(new XGBoostForecaster(), new LstmForecaster(), new ArimaForecaster());

    @Test
    void everyEndOfEverySearchSpaceIsASettingTheForecasterAccepts() {
        for (TimeSeries series : List.of(Synthetic.hourly(24 * 40, 1), Synthetic.monthly(120, 2))) {
            for (var f : TUNABLE) {
                var space = f.searchSpace(series);
                assertFalse(space.isEmpty(), f.algorithm());
                space.forEach((name, d) -> {
                    List<Object> ends = switch (d) {
                        case FloatDistribution fl -> List.of(fl.low(), fl.high());
                        case IntDistribution in -> List.of(in.low(), in.high());
                        case CategoricalDistribution c -> c.choices();
                    };
                    for (Object end : ends) {
                        var params = f.defaults().with(forecast.domain.forecasting.Hyperparameters.of(name, String.valueOf(end)));
                        assertDoesNotThrow(() -> f.minTrainingSize(series, params), f.algorithm() + " " + name + "=" + end);
                    }
                });
            }
        }
    }

    @Test
    void windowsAndLagsFollowTheSeasonAndArimaChoosesBetweenSeasons() {
        var hourly = Synthetic.hourly(24 * 40, 1);
        assertEquals(IntDistribution.of(12, 72), new XGBoostForecaster().searchSpace(hourly).get("lags"));
        assertEquals(IntDistribution.of(24, 96), new LstmForecaster().searchSpace(hourly).get("window"));
        assertEquals(CategoricalDistribution.of(1L, 24L, 168L), new ArimaForecaster().searchSpace(hourly).get("period"));
        var monthly = Synthetic.monthly(120, 2);
        assertEquals(CategoricalDistribution.of(1L, 12L), new ArimaForecaster().searchSpace(monthly).get("period"));
        assertEquals(List.of("max_depth", "eta", "rounds", "subsample", "colsample_bytree", "lags"),
                List.copyOf(new XGBoostForecaster().searchSpace(hourly).keySet()), "sampled in this order");
        assertTrue(((FloatDistribution) new XGBoostForecaster().searchSpace(hourly).get("eta")).log(), "learning rate on a log scale");
    }

    @Test
    void logAndBoxCoxAreOfferedOnlyForPositiveSeries() {
        var positive = Synthetic.monthly(120, 2);
        assertEquals(3, ((CategoricalDistribution) new ArimaForecaster().searchSpace(positive).get("transform")).choices().size());
        double[] v = positive.values().clone();
        v[5] = -1;
        var withNegative = TimeSeries.of(positive.times(), v).withFrequency(positive.frequency());
        assertEquals(Map.of("transform", CategoricalDistribution.of("none")).get("transform"),
                new ArimaForecaster().searchSpace(withNegative).get("transform"));
    }
}
