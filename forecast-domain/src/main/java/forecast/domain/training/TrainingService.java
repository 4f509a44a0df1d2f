package forecast.domain.training;

import forecast.domain.evaluation.Backtest;
import forecast.domain.evaluation.BacktestSpec;
import forecast.domain.forecasting.CalibratedModel;
import forecast.domain.forecasting.Forecaster;
import forecast.domain.forecasting.ModelArtifact;
import forecast.domain.registry.DuplicateVersionException;
import forecast.domain.registry.ModelRegistry;
import forecast.domain.registry.NewModelVersion;
import forecast.domain.registry.Provenance;
import forecast.domain.series.TimeSeries;
import forecast.domain.telemetry.Telemetry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Train-and-register: impute the series, backtest the algorithm on it (rolling origin), fit the
 * final model on all of it, calibrate its intervals on the backtest's residuals, and register the
 * version with its metrics, provenance and checksummed artifact.
 */
public final class TrainingService {
    /** Observations of the training series kept inside the model as context for short requests. */
    private static final int MAX_CONTEXT = 1_000;

    private final Map<String, Forecaster> forecasters;
    private final ModelRegistry registry;
    private final Telemetry telemetry;

    public TrainingService(List<Forecaster> forecasters, ModelRegistry registry, Telemetry telemetry) {
        var byName = new LinkedHashMap<String, Forecaster>();
        for (var f : forecasters) byName.put(f.algorithm(), f);
        this.forecasters = Map.copyOf(byName);
        this.registry = registry;
        this.telemetry = telemetry;
    }

    /** The forecasters by algorithm name. */
    public Map<String, Forecaster> forecasters() {
        return forecasters;
    }

    public TrainingResult train(TrainingRequest request) {
        return train(request, message -> {});
    }

    /** As {@link #train(TrainingRequest)}, telling {@code progress} what it is doing. */
    public TrainingResult train(TrainingRequest request, Consumer<String> progress) {
        Forecaster forecaster = forecasters.get(request.algorithm());
        if (forecaster == null) return new TrainingResult.UnknownAlgorithm(request.algorithm(), new TreeSet<>(forecasters.keySet()));
        if (request.label() != null && registry.find(request.label()).isPresent()) return new TrainingResult.LabelTaken(request.label());
        if (request.series().size() < 2) return new TrainingResult.InsufficientHistory(2, request.series().size());
        long started = System.nanoTime();
        try {
            var params = forecaster.defaults().with(request.hyperparameters());
            TimeSeries series = request.imputation().apply(request.series(), shortestSeason(request.series()));
            int minTrain = forecaster.minTrainingSize(series, params);
            var spec = BacktestSpec.defaultsFor(series.size(), series.frequency(), minTrain);
            if (spec.isEmpty()) return new TrainingResult.InsufficientHistory(BacktestSpec.minimumLength(minTrain), series.size());
            progress.accept("backtesting " + forecaster.algorithm() + " on " + series.size() + " observations: " + spec.get());
            var backtest = Backtest.run(forecaster, series, params, spec.get());
            progress.accept(String.format("backtest MAPE %.2f%%, MASE %.3f, 95%% coverage %.2f; fitting on all data",
                    backtest.metrics().mape(), backtest.metrics().mase(), backtest.metrics().coverage95()));
            var model = forecaster.fit(series, params);
            var calibrated = new CalibratedModel(model, backtest.calibration(), request.imputation(), series.tail(Math.min(MAX_CONTEXT, Math.max(2 * model.minHistory(), series.frequency().longestSeason() * 2))));
            byte[] artifact = ModelArtifact.write(calibrated);
            var hyperparameters = new TreeMap<>(params.values());
            hyperparameters.put("imputation", request.imputation().id());
            var version = registry.register(new NewModelVersion(request.label(), forecaster.algorithm(),
                    new forecast.domain.forecasting.Hyperparameters(hyperparameters), backtest.metrics(), provenance(request, series, forecaster)), artifact);
            telemetry.trainingFinished(forecaster.algorithm(), true, System.nanoTime() - started);
            progress.accept("registered " + version.id() + (version.label() == null ? "" : " (" + version.label() + ")"));
            return new TrainingResult.Trained(version, calibrated);
        } catch (DuplicateVersionException e) {
            telemetry.trainingFinished(forecaster.algorithm(), false, System.nanoTime() - started);
            return new TrainingResult.LabelTaken(request.label());
        } catch (forecast.domain.series.InvalidInputException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            telemetry.trainingFinished(forecaster.algorithm(), false, System.nanoTime() - started);
            return new TrainingResult.InvalidHyperparameters(e.getMessage());
        }
    }

    private static Provenance provenance(TrainingRequest request, TimeSeries series, Forecaster forecaster) {
        var libraries = new TreeMap<>(forecaster.libraries());
        libraries.put("java", Runtime.version().toString());
        return new Provenance(request.seriesId().value(), series.firstTime(), series.lastTime(), series.size(),
                String.valueOf(series.frequency()), series.featureNames(), libraries);
    }

    private static int shortestSeason(TimeSeries s) {
        if (s.frequency() == null || s.frequency().seasonalPeriods().isEmpty()) return 1;
        return s.frequency().seasonalPeriods().get(0);
    }
}
