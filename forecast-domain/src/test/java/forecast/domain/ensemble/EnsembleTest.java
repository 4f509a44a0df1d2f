package forecast.domain.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.evaluation.Backtest;
import forecast.domain.evaluation.BacktestSpec;
import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.Forecaster;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.Level;
import forecast.domain.forecasting.ModelArtifact;
import forecast.domain.memory.InMemoryModelRegistry;
import forecast.domain.preprocessing.Imputation;
import forecast.domain.series.SeriesId;
import forecast.domain.telemetry.Telemetry;
import forecast.domain.testing.MeanForecaster;
import forecast.domain.testing.SeasonalMeanForecaster;
import forecast.domain.testing.Series;
import forecast.domain.training.TrainingRequest;
import forecast.domain.training.TrainingResult;
import forecast.domain.training.TrainingService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnsembleTest {
    private final Forecaster good = new SeasonalMeanForecaster();
    private final Forecaster weak = new MeanForecaster();
    private final EnsembleForecaster ensemble = new EnsembleForecaster(List.of(good, weak));
    private final InMemoryModelRegistry registry = new InMemoryModelRegistry();
    private final TrainingService training = new TrainingService(List.of(good, weak, ensemble), registry, Telemetry.NONE);

    @Test
    void aCombinationsBacktestIsTheWeightedAverageOfItsMembersForecastsOnTheSameFolds() {
        var series = Series.hourly(600, 1.0, 5);
        var spec = new BacktestSpec(2, 12, 4, 7);
        var a = Backtest.run(good, series, Hyperparameters.NONE, spec);
        var b = Backtest.run(weak, series, Hyperparameters.NONE, spec);
        var half = Backtest.combine(List.of(a, b), new double[] {0.5, 0.5});
        double[] ma = a.forecasts().get(3).forecast().means();
        double[] mb = b.forecasts().get(3).forecast().means();
        assertEquals((ma[5] + mb[5]) / 2, half.forecasts().get(3).forecast().means()[5], 1e-12);
        var onlyGood = Backtest.combine(List.of(a, b), new double[] {1, 0});
        assertEquals(a.metrics().mase(), onlyGood.metrics().mase(), 1e-12);
    }

    @Test
    void weightsFavourTheMemberWithTheSmallerBacktestErrorAndDropOnesFarWorse() {
        var series = Series.hourly(600, 1.0, 5);
        var backtests = Ensembles.backtest(List.of(good, weak), series, Hyperparameters.NONE, new BacktestSpec(2, 12, 4, 7), m -> {});
        var weighted = Ensembles.weigh(backtests, List.of("seasonal_mean", "day_mean"));
        assertEquals(1.0, weighted.weights()[0] + weighted.weights()[1], 1e-12);
        assertEquals(1.0, weighted.weights()[0], 1e-12, "the flat mean is far worse on a seasonal series: no weight");
    }

    @Test
    void anEnsembleTrainsRegistersAndRestoresWithItsOwnCalibratedIntervals() {
        var series = Series.hourly(700, 1.0, 6);
        var result = assertInstanceOf(TrainingResult.Trained.class, training.train(
                new TrainingRequest(SeriesId.DEFAULT, series, "ensemble", Hyperparameters.NONE, Imputation.LINEAR, null)));
        assertEquals("ensemble_v1", result.version().id());
        assertTrue(result.version().provenance().notes().get("weights").startsWith("seasonal_mean="), result.version().provenance().toString());
        assertTrue(result.version().hyperparameters().values().containsKey("members"), "the members are a setting");
        assertFalse(result.version().hyperparameters().values().containsKey("weights"), "the weights are provenance, not a setting");
        var bytes = registry.artifact(result.version().id()).orElseThrow().verified();
        var restored = ModelArtifact.read(bytes, Map.of("ensemble", ensemble, "seasonal_mean", good, "day_mean", weak));
        var query = ForecastQuery.of(series.tail(100), 24, Level.P95);
        var original = result.model().forecast(query);
        assertEquals(original, restored.forecast(query));
        assertTrue(original.hasIntervals(Level.P95));
    }

    @Test
    void autoKeepsTheBestCandidateByBacktestAndSaysWhy() {
        var series = Series.hourly(700, 1.0, 7);
        var result = assertInstanceOf(TrainingResult.Trained.class, training.train(
                new TrainingRequest(SeriesId.DEFAULT, series, "auto", Hyperparameters.NONE, Imputation.LINEAR, "best")));
        var notes = result.version().provenance().notes();
        assertEquals("auto", notes.get("selected_by"));
        assertTrue(notes.get("selection").contains("day_mean MASE"), notes.get("selection"));
        assertFalse(result.version().hyperparameters().values().containsKey("selection"), result.version().hyperparameters().toString());
        assertTrue(List.of("seasonal_mean", "ensemble").contains(result.version().algorithm()), result.version().algorithm());
        assertTrue(result.version().metrics().mase() < 1);
    }

    @Test
    void memberSettingsAreScopedByAlgorithmName() {
        var params = Hyperparameters.of("seasonal_mean.period", "12", "imputation", "linear");
        assertEquals("12", Ensembles.paramsFor(good, params).values().get("period"));
        assertEquals(List.of(good), ensemble.members(Hyperparameters.of("members", "seasonal_mean")));
        var refused = training.train(new TrainingRequest(SeriesId.DEFAULT, Series.hourly(700, 1, 1), "ensemble",
                Hyperparameters.of("members", "prophet"), Imputation.LINEAR, null));
        assertInstanceOf(TrainingResult.InvalidHyperparameters.class, refused);
        var unused = new ArrayList<>(registry.list());
        assertTrue(unused.isEmpty());
    }
}
