/**
 * Forecasters backed by machine-learning and statistics libraries: XGBoost4J gradient-boosted
 * trees and a seasonal naive baseline (commons-math3). Only the factory
 * {@link forecast.adapters.ml.MlAdapters} is exported; library types stay inside.
 */
module forecast.adapters.ml {
    requires transitive forecast.domain;  // MlAdapters hands out domain Forecasters
    requires ml.dmlc.xgboost4j;           // automatic: the Automatic-Module-Name of xgboost4j_2.12 3.4.0
    requires commons.math3;               // automatic, named after its jar (it declares no name)

    exports forecast.adapters.ml;
}
