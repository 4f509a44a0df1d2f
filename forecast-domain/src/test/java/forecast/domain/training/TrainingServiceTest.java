package forecast.domain.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.evaluation.BacktestSpec;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.ModelArtifact;
import forecast.domain.memory.InMemoryModelRegistry;
import forecast.domain.preprocessing.Imputation;
import forecast.domain.series.SeriesId;
import forecast.domain.telemetry.Telemetry;
import forecast.domain.testing.LastSeasonForecaster;
import forecast.domain.testing.Models;
import forecast.domain.testing.SeasonalMeanForecaster;
import forecast.domain.testing.Series;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingServiceTest {
    private final InMemoryModelRegistry registry = new InMemoryModelRegistry();
    private final TrainingService training = Models.training(registry);

    private TrainingRequest request(String algorithm, int n, String label) {
        return new TrainingRequest(SeriesId.DEFAULT, Series.hourly(n, 1.0, 1), algorithm, Hyperparameters.NONE, Imputation.LINEAR, label);
    }

    @Test
    void aTrainedVersionIsRegisteredWithBacktestMetricsProvenanceAndAVerifiableArtifact() {
        var trained = assertInstanceOf(TrainingResult.Trained.class, training.train(request("seasonal_mean", 600, "v1.0")));
        var v = trained.version();
        assertEquals("seasonal_mean_v1", v.id());
        assertEquals("v1.0", v.label());
        assertTrue(v.metrics().mape() < 5, v.metrics().toString());
        assertTrue(v.metrics().coverage95() > 0.8, v.metrics().toString());
        assertEquals(600, v.provenance().observations());
        assertEquals("PT1H", v.provenance().frequency());
        assertEquals("24", v.hyperparameters().values().get("period"));
        assertEquals("linear", v.provenance().notes().get("imputation"), "the training's imputation is provenance");
        assertEquals(java.util.Set.of("period"), v.hyperparameters().values().keySet(), "only what the algorithm accepts");
        byte[] bytes = registry.artifact(v.id()).orElseThrow().verified();
        var restored = ModelArtifact.read(bytes, Map.of("seasonal_mean", new SeasonalMeanForecaster()));
        assertEquals(trained.model().calibration().steps(), restored.calibration().steps());
    }

    @Test
    void gapsInTheTrainingSeriesAreImputed() {
        var series = Series.hourly(500, 1.0, 2);
        double[] v = series.values();
        v[100] = v[101] = Double.NaN;
        var result = training.train(new TrainingRequest(SeriesId.DEFAULT, series.withValues(v), "seasonal_mean", Hyperparameters.NONE, Imputation.LINEAR, null));
        assertInstanceOf(TrainingResult.Trained.class, result);
    }

    @Test
    void refusalsSayWhy() {
        assertInstanceOf(TrainingResult.UnknownAlgorithm.class, training.train(request("prophet", 600, null)));
        assertInstanceOf(TrainingResult.InsufficientHistory.class, training.train(request("seasonal_mean", 30, null)));
        training.train(request("seasonal_mean", 600, "taken"));
        assertInstanceOf(TrainingResult.LabelTaken.class, training.train(request("seasonal_mean", 600, "taken")));
        var bad = new TrainingRequest(SeriesId.DEFAULT, Series.hourly(600, 1, 1), "seasonal_mean", Hyperparameters.of("period", "x"), Imputation.LINEAR, null);
        assertInstanceOf(TrainingResult.InvalidHyperparameters.class, training.train(bad));
        assertEquals(1, registry.list().size(), "refused requests register nothing");
    }

    /** The public steps a client such as the retraining pipeline calls make the version a training request makes. */
    @Test
    void theStepsOfATrainingMakeTheVersionATrainingRequestMakes() {
        var training = new TrainingService(List.of(new SeasonalMeanForecaster(), new LastSeasonForecaster()), registry, Telemetry.NONE);
        var stored = Series.hourly(600, 1.0, 3);
        double[] v = stored.values();
        v[200] = Double.NaN;
        stored = stored.withValues(v);
        var trained = assertInstanceOf(TrainingResult.Trained.class, training.train(new TrainingRequest(SeriesId.DEFAULT, stored, "seasonal_mean",
                Hyperparameters.NONE, Imputation.SEASONAL, null)));

        var series = training.impute(stored, Imputation.SEASONAL);
        assertEquals(0, series.missingCount());
        var params = training.hyperparameters("seasonal_mean", Hyperparameters.of("tuned_by", "study s, trial 1"));
        assertEquals(Hyperparameters.of("period", "24"), params, "the defaults, without the notes");
        var folds = BacktestSpec.defaultsFor(series.size(), series.frequency(), training.minTrainingSize("seasonal_mean", series, params)).orElseThrow();
        var model = training.fit("seasonal_mean", series, params);
        var compared = training.compare("seasonal_mean", params, trained.model().model(), series, folds);
        assertEquals(trained.version().metrics(), compared.candidate().metrics(), "backtested as training backtests");
        assertEquals(compared.candidate().metrics().folds(), compared.live().metrics().folds(), "the same folds");
        assertEquals(compared.candidate().metrics().folds(), compared.baseline().metrics().folds(), "the same folds");
        assertEquals("seasonal_naive", compared.baselineAlgorithm());
        var request = new TrainingRequest(SeriesId.DEFAULT, series, "seasonal_mean", params, Imputation.SEASONAL, "by-steps");
        var registered = training.register(request, series, new Candidate("seasonal_mean", model, compared.candidate(), params).withNote("trained_by", "a test"));
        assertEquals(trained.version().hyperparameters(), registered.version().hyperparameters());
        assertEquals(trained.version().metrics(), registered.version().metrics());
        assertEquals(Map.of("imputation", "seasonal", "trained_by", "a test", "intervals", "conformal"), registered.version().provenance().notes());
        assertEquals(Imputation.SEASONAL, TrainingService.imputation(registered.version()));
    }
}
