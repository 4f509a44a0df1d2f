package forecast.adapters.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.ensemble.EnsembleForecaster;
import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.Forecaster;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.Level;
import forecast.domain.memory.InMemoryModelRegistry;
import forecast.domain.preprocessing.Imputation;
import forecast.domain.series.SeriesId;
import forecast.domain.telemetry.Telemetry;
import forecast.domain.training.TrainingRequest;
import forecast.domain.training.TrainingResult;
import forecast.domain.training.TrainingService;
import java.util.ArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Automatic choice on real public series of every shape the defaults must survive: 19 decennial
 * points, a short series without seasonality, quarterly and monthly seasonal series. Each trains,
 * backtests and forecasts with intervals; families that need more data than the series has are
 * left out rather than failing.
 */
class AutoSelectionTest {
    @ParameterizedTest
    @ValueSource(strings = {"uspop", "lh", "WWWusage", "JohnsonJohnson", "Seatbelts_front"})
    void autoTrainsAndForecastsEveryReferenceSeries(String name) {
        var reference = ArimaReference.load(name);
        var families = MlAdapters.forecasters();
        var all = new ArrayList<Forecaster>(families);
        all.add(new EnsembleForecaster(families.stream().filter(f -> !f.algorithm().equals("seasonal_naive")).toList()));
        var registry = new InMemoryModelRegistry();
        var training = new TrainingService(all, registry, Telemetry.NONE);
        // small networks and boosters: this checks robustness, the benchmark checks accuracy
        var params = Hyperparameters.of("lstm.epochs", "5", "lstm.units", "8", "xgboost.rounds", "60", "arima.period", String.valueOf(reference.period()));
        var result = training.train(new TrainingRequest(SeriesId.DEFAULT, reference.series(), "auto", params, Imputation.LINEAR, null));
        var trained = assertInstanceOf(TrainingResult.Trained.class, result, () -> name + ": " + result);
        var metrics = trained.version().metrics();
        assertTrue(Double.isFinite(metrics.mase()) && metrics.mase() > 0, name + " " + metrics);
        assertTrue(trained.version().provenance().notes().get("selection").contains("seasonal_naive"), trained.version().provenance().toString());
        var forecast = trained.model().forecast(ForecastQuery.of(reference.series(), 8, Level.P95));
        assertEquals(8, forecast.size());
        for (var p : forecast.points()) {
            var interval = p.interval(Level.P95).orElseThrow();
            assertTrue(Double.isFinite(p.mean()) && interval.lo() <= p.mean() && p.mean() <= interval.hi(), name + " " + p);
        }
    }
}
