package forecast.domain.forecasting;

import forecast.domain.series.TimeSeries;
import java.util.List;

/**
 * A family that fits one model across many series ({@link Scope#GLOBAL}), as mlforecast fits one
 * model to a panel: XGBoost and the LSTM learn from windows and features, so series can share a
 * model and a series it has not seen can be forecast from its history.
 *
 * <p>The caller scales each series to a comparable level before fitting (and each history before
 * a forecast, unscaling the answer), so the model learns shapes rather than sizes.
 */
public interface GlobalForecaster extends Forecaster {
    /**
     * Fits one model on all of {@code series} (each regular, gaps {@code NaN}; all of one frequency
     * and with the same feature columns). The model forecasts any history of that kind, as one
     * fitted by {@link #fit} does, and {@link Forecaster#restore} rebuilds it from its bytes.
     *
     * @throws IllegalArgumentException when a hyperparameter is invalid or the series differ in kind
     */
    TrainedModel fitGlobal(List<TimeSeries> series, Hyperparameters params);

    @Override
    default Scope scope() {
        return Scope.GLOBAL;
    }
}
