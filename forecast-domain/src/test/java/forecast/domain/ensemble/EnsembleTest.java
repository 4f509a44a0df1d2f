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
import forecast.domain.testing.LastSeasonForecaster;
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

    @Test
    void aMedianCombinesTheBestFewStepByStepInBacktestAndServing() {
        var naive = new LastSeasonForecaster();
        var three = new EnsembleForecaster(List.of(good, weak, naive));
        var series = Series.hourly(600, 1.0, 5);
        var backtests = Ensembles.backtest(List.of(good, weak, naive), series, Hyperparameters.NONE, new BacktestSpec(2, 12, 4, 7), m -> {});
        var median = Ensembles.combine(backtests, List.of("seasonal_mean", "day_mean", "seasonal_naive"), Combination.MEDIAN, 3);
        assertEquals("median(seasonal_mean,day_mean,seasonal_naive)", median.describe());
        for (int k : new int[] {0, 5}) {
            for (int step : new int[] {0, 7}) {
                double a = backtests.byAlgorithm().get("seasonal_mean").forecasts().get(k).forecast().means()[step];
                double b = backtests.byAlgorithm().get("day_mean").forecasts().get(k).forecast().means()[step];
                double c = backtests.byAlgorithm().get("seasonal_naive").forecasts().get(k).forecast().means()[step];
                double middle = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
                assertEquals(middle, median.backtest().forecasts().get(k).forecast().means()[step], 1e-12);
            }
        }
        var bestTwo = Ensembles.combine(backtests, List.of("seasonal_mean", "day_mean", "seasonal_naive"), Combination.MEAN, 2);
        assertEquals(List.of("seasonal_mean", "seasonal_naive"), bestTwo.kept(), "the flat mean is the worst of the three");
        // trained as a family of its own, the median serves what it was backtested as, and restores so
        var result = assertInstanceOf(TrainingResult.Trained.class, new TrainingService(List.of(good, weak, naive, three), registry, Telemetry.NONE)
                .train(new TrainingRequest(SeriesId.DEFAULT, series, "ensemble", Hyperparameters.of("combination", "median"), Imputation.LINEAR, null)));
        assertEquals("median", result.version().hyperparameters().values().get("combination"));
        var model = (EnsembleModel) result.model().model();
        var query = ForecastQuery.of(series.tail(100), 24, Level.P95);
        double[] served = model.predict(query).means();
        double[][] members = model.members().stream().map(m -> m.model().predict(query).means()).toArray(double[][]::new);
        double[] step = new double[members.length];
        for (int i = 0; i < members.length; i++) step[i] = members[i][3];
        java.util.Arrays.sort(step);
        assertEquals(step[1], served[3], 1e-12);
        var restored = ModelArtifact.read(registry.artifact(result.version().id()).orElseThrow().verified(),
                Map.of("ensemble", three, "seasonal_mean", good, "day_mean", weak, "seasonal_naive", naive));
        assertEquals(result.model().forecast(query), restored.forecast(query));
    }

    @Test
    void autoScoresTheCombinationsOnTheSameFoldsAndSkipsFamiliesTheSeriesIsTooShortFor() {
        var naive = new LastSeasonForecaster();
        var slow = new LongSeriesOnly(good);
        var service = new TrainingService(List.of(good, weak, naive, slow, new EnsembleForecaster(List.of(good, weak, naive, slow))), registry, Telemetry.NONE);
        var series = Series.hourly(700, 1.0, 7);
        var result = assertInstanceOf(TrainingResult.Trained.class, service.train(
                new TrainingRequest(SeriesId.DEFAULT, series, "auto", Hyperparameters.NONE, Imputation.LINEAR, null)));
        String selection = result.version().provenance().notes().get("selection");
        assertTrue(selection.contains("ensemble MASE") && selection.contains("mean(") && selection.contains("median("), selection);
        assertTrue(selection.contains("long_only not tried (tried from 100000 observations)"), selection);
        assertFalse(selection.contains("long_only MASE"), selection);
        // asked for by name, it is tried whatever the length
        var asked = assertInstanceOf(TrainingResult.Trained.class, service.train(
                new TrainingRequest(SeriesId.DEFAULT, series, "auto", Hyperparameters.of("families", "long_only,day_mean"), Imputation.LINEAR, null)));
        String askedSelection = asked.version().provenance().notes().get("selection");
        assertTrue(askedSelection.contains("long_only MASE") && !askedSelection.contains("seasonal_naive"), askedSelection);
        assertFalse(asked.version().hyperparameters().values().containsKey("families"), "a choice among families, not a model's setting");
        var refused = assertInstanceOf(TrainingResult.InvalidHyperparameters.class, service.train(
                new TrainingRequest(SeriesId.DEFAULT, series, "auto", Hyperparameters.of("families", "prophet"), Imputation.LINEAR, null)));
        assertTrue(refused.message().contains("families names prophet"), refused.message());
    }

    @Test
    void candidatesBacktestedInParallelScoreExactlyAsOneAfterTheOther() {
        var naive = new LastSeasonForecaster();
        var candidates = List.of(good, weak, naive);
        var series = Series.hourly(700, 1.0, 8);
        var spec = new BacktestSpec(3, 12, 4, 7);
        var heard = java.util.Collections.synchronizedList(new ArrayList<String>());
        var sequential = Ensembles.backtest(candidates, series, Hyperparameters.NONE, spec, m -> {}, 1);
        var parallel = Ensembles.backtest(candidates, series, Hyperparameters.NONE, spec, heard::add, 3);
        assertEquals(List.copyOf(sequential.byAlgorithm().keySet()), List.copyOf(parallel.byAlgorithm().keySet()), "the candidates' order");
        sequential.byAlgorithm().forEach((name, r) -> assertEquals(r.metrics(), parallel.byAlgorithm().get(name).metrics(), name));
        assertEquals(6, heard.size(), "a start and an end per candidate");
        // a failing candidate fails the whole backtest once the others are done
        var failing = Ensembles.backtest(candidates, series, Hyperparameters.NONE, spec, m -> {}, 1);
        var stop = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> Ensembles.backtest(candidates, series,
                Hyperparameters.NONE, spec, m -> {
                    if (m.startsWith("backtesting day_mean")) throw new IllegalStateException("cancelled");
                }, 3));
        assertEquals("cancelled", stop.getMessage());
        assertEquals(3, failing.byAlgorithm().size());
    }

    /** A family automatic choice tries only on very long series unless asked (as XGBoost and LSTM are). */
    private record LongSeriesOnly(Forecaster inner) implements Forecaster {
        @Override
        public String algorithm() {
            return "long_only";
        }

        @Override
        public Hyperparameters defaults() {
            return inner.defaults();
        }

        @Override
        public java.util.List<forecast.domain.forecasting.HyperparameterSpec> hyperparameters() {
            return inner.hyperparameters();
        }

        @Override
        public int minTrainingSize(forecast.domain.series.TimeSeries series, Hyperparameters params) {
            return inner.minTrainingSize(series, params);
        }

        @Override
        public forecast.domain.forecasting.TrainedModel fit(forecast.domain.series.TimeSeries history, Hyperparameters params) {
            return inner.fit(history, params);
        }

        @Override
        public forecast.domain.forecasting.TrainedModel restore(byte[] bytes) {
            return inner.restore(bytes);
        }

        @Override
        public int automaticMinimumLength(forecast.domain.series.Frequency frequency) {
            return 100_000;
        }
    }
}
