/** Accuracy measures and rolling-origin backtests. */
package forecast.domain.evaluation;
