package forecast.domain.forecasting;

/**
 * What one fitted model of a family covers. Both kinds are fitted here on the series a training
 * request gives; the scope says how the family is meant to scale to many series.
 */
public enum Scope {
    /** One model per series: its parameters describe that series alone (ARIMA, seasonal naive). */
    LOCAL,
    /** One model across series: it learns from windows and features, so series can share it (XGBoost, LSTM). */
    GLOBAL
}
