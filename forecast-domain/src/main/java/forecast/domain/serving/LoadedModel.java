package forecast.domain.serving;

import forecast.domain.forecasting.CalibratedModel;
import forecast.domain.forecasting.Portfolio;
import forecast.domain.registry.ModelVersion;

/**
 * A registered version and its model, loaded and ready to forecast. A version covering several
 * series has its {@code portfolio}, and {@code model} is one of its models (for what they share:
 * frequency, feature columns); for one series {@code portfolio} is null.
 */
public record LoadedModel(ModelVersion version, CalibratedModel model, Portfolio portfolio) {
    /** A version of one series. */
    public LoadedModel(ModelVersion version, CalibratedModel model) {
        this(version, model, null);
    }
}
