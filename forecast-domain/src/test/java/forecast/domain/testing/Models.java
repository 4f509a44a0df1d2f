package forecast.domain.testing;

import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.memory.InMemoryModelRegistry;
import forecast.domain.preprocessing.Imputation;
import forecast.domain.registry.ModelVersion;
import forecast.domain.series.SeriesId;
import forecast.domain.telemetry.Telemetry;
import forecast.domain.training.TrainingRequest;
import forecast.domain.training.TrainingResult;
import forecast.domain.training.TrainingService;
import java.util.List;

/** Trains and registers real (small) models for the use-case tests. */
public final class Models {
    private Models() {}

    public static TrainingService training(InMemoryModelRegistry registry) {
        return new TrainingService(List.of(new SeasonalMeanForecaster()), registry, Telemetry.NONE);
    }

    public static ModelVersion register(InMemoryModelRegistry registry, String label, long seed) {
        var result = training(registry).train(new TrainingRequest(SeriesId.DEFAULT, Series.hourly(400, 1.0, seed),
                "seasonal_mean", Hyperparameters.NONE, Imputation.LINEAR, label));
        return ((TrainingResult.Trained) result).version();
    }
}
