package forecast.adapters.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import forecast.domain.forecasting.Forecaster;
import org.junit.jupiter.api.Test;

class MlAdaptersTest {
    @Test
    void providesSeasonalNaiveXGBoostArimaLstmEtsThetaAndMstl() {
        assertEquals(java.util.List.of("seasonal_naive", "xgboost", "arima", "lstm", "ets", "theta", "mstl"), MlAdapters.forecasters().stream().map(Forecaster::algorithm).toList());
    }
}
