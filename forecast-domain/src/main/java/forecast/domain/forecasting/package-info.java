/** Forecasters, trained models and forecasts with prediction intervals. */
package forecast.domain.forecasting;
