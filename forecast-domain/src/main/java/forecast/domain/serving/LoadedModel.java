package forecast.domain.serving;

import forecast.domain.forecasting.CalibratedModel;
import forecast.domain.registry.ModelVersion;

/** A registered version and its model, loaded and ready to forecast. */
public record LoadedModel(ModelVersion version, CalibratedModel model) {}
