/**
 * Forecasters backed by machine-learning and statistics libraries: XGBoost4J gradient-boosted
 * trees, a DL4J LSTM and a seasonal naive baseline (commons-math3). Only the factory
 * {@link forecast.adapters.ml.MlAdapters} is exported; library types stay inside.
 */
module forecast.adapters.ml {
    requires transitive forecast.domain;  // MlAdapters hands out domain Forecasters
    requires ml.dmlc.xgboost4j;           // automatic: the Automatic-Module-Name of xgboost4j_2.12 3.4.0
    requires commons.math3;               // automatic, named after its jar (it declares no name)
    requires com.fasterxml.jackson.core;  // reads boosters' JSON models (BoosterTrees)
    // DL4J and ND4J (deeplearning4j-nn, nd4j-native) cannot be modules: nd4j-api's descriptor is
    // invalid and every DL4J jar splits the package org.eclipse. They stay on the class path and
    // this module reads the unnamed module: --add-reads forecast.adapters.ml=ALL-UNNAMED for javac
    // and java (see this module's pom, forecast-app's pom and the launcher).

    exports forecast.adapters.ml;
}
