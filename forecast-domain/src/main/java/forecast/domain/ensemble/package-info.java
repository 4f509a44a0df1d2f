/** Ensembles: forecasts of several model families combined, weighted by backtest error. */
package forecast.domain.ensemble;
