package forecast.domain.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.ModelArtifact;
import forecast.domain.memory.InMemoryModelRegistry;
import forecast.domain.preprocessing.Imputation;
import forecast.domain.series.SeriesId;
import forecast.domain.testing.Models;
import forecast.domain.testing.SeasonalMeanForecaster;
import forecast.domain.testing.Series;
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
        assertEquals("linear", v.hyperparameters().values().get("imputation"));
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
}
