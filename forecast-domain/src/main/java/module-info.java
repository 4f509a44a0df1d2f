/**
 * The model of the forecasting problem, its rules and use cases, and the ports that adapters
 * implement. Pure Java: nothing but {@code java.base}.
 */
module forecast.domain {
    exports forecast.domain.naming;         // NameRule: the one rule for user-chosen names and ids
    exports forecast.domain.series;         // TimeSeries, Frequency, Violation
    exports forecast.domain.preprocessing;  // imputation, normalization, windowing, features
    exports forecast.domain.forecasting;    // Forecaster, TrainedModel, Forecast, Horizon, Level
    exports forecast.domain.evaluation;     // Accuracy, Backtest, BacktestMetrics
    exports forecast.domain.ensemble;       // EnsembleForecaster, weights by backtest error
    exports forecast.domain.registry;       // ModelRegistry, ModelVersion, deployment history
    exports forecast.domain.observation;    // ObservationStore
    exports forecast.domain.telemetry;      // Telemetry
    exports forecast.domain.training;       // train-and-register use case
    exports forecast.domain.deployment;     // deploy and rollback use cases
    exports forecast.domain.serving;        // predict use case, live models in memory
    exports forecast.domain.statistics;     // percentiles shared by tuning and experiments
    exports forecast.domain.tuning;         // studies, trials, samplers and pruners, in the manner of Optuna
    exports forecast.domain.recording;      // served forecasts recorded, actuals taken in and scored against them
    exports forecast.domain.experiment;     // A/B tests on live traffic: arms, assignment, analysis
    exports forecast.domain.monitoring;     // live accuracy, drift detection, alerts
    exports forecast.domain.pipeline;       // the automated retraining pipeline
    exports forecast.domain.jobs;           // the durable job queue and the one worker pool
    exports forecast.domain.access;         // the admin API keys the service stores (hashes), shared by replicas
    // The in-memory adapters of every port (forecast.domain.memory) are test fixtures: they live in
    // src/memory/java and are compiled into each module's tests, never into this module.
}
