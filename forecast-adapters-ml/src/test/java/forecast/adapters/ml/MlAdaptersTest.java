package forecast.adapters.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import forecast.domain.forecasting.Forecaster;
import org.junit.jupiter.api.Test;

class MlAdaptersTest {
    @Test
    void providesSeasonalNaiveXGBoostArimaLstmEtsAndTheta() {
        assertEquals(java.util.List.of("seasonal_naive", "xgboost", "arima", "lstm", "ets", "theta"), MlAdapters.forecasters().stream().map(Forecaster::algorithm).toList());
    }
}
