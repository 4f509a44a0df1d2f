package forecast.domain.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.deployment.DeploymentService;
import forecast.domain.ensemble.EnsembleForecaster;
import forecast.domain.forecasting.Forecaster;
import forecast.domain.forecasting.HyperparameterSpec;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.Scope;
import forecast.domain.forecasting.TrainedModel;
import forecast.domain.memory.InMemoryModelRegistry;
import forecast.domain.memory.InMemoryObservationStore;
import forecast.domain.memory.InMemoryStudyStore;
import forecast.domain.preprocessing.Imputation;
import forecast.domain.series.SeriesId;
import forecast.domain.series.TimeSeries;
import forecast.domain.serving.LiveModels;
import forecast.domain.telemetry.Telemetry;
import forecast.domain.testing.MeanForecaster;
import forecast.domain.testing.SeasonalMeanForecaster;
import forecast.domain.testing.Series;
import forecast.domain.testing.UniformSampler;
import forecast.domain.tuning.IntDistribution;
import forecast.domain.tuning.Studies;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A hyperparameter a family does not have is refused before anything is trained, wherever it enters. */
class StrictHyperparametersTest {
    /** The seasonal-mean forecaster, counting what it is asked to do. */
    static final class Counting implements Forecaster {
        final SeasonalMeanForecaster inner = new SeasonalMeanForecaster();
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String algorithm() {
            return inner.algorithm();
        }

        @Override
        public Hyperparameters defaults() {
            return inner.defaults();
        }

        @Override
        public List<HyperparameterSpec> hyperparameters() {
            return inner.hyperparameters();
        }

        @Override
        public int minTrainingSize(TimeSeries series, Hyperparameters params) {
            calls.incrementAndGet();
            return inner.minTrainingSize(series, params);
        }

        @Override
        public TrainedModel fit(TimeSeries history, Hyperparameters params) {
            calls.incrementAndGet();
            return inner.fit(history, params);
        }

        @Override
        public TrainedModel restore(byte[] bytes) {
            return inner.restore(bytes);
        }

        @Override
        public Map<String, forecast.domain.tuning.Distribution> searchSpace(TimeSeries series) {
            return inner.searchSpace(series);
        }
    }

    final Counting counting = new Counting();
    final MeanForecaster mean = new MeanForecaster();
    final InMemoryModelRegistry registry = new InMemoryModelRegistry();
    final InMemoryStudyStore studyStore = new InMemoryStudyStore();
    final Studies studies = new Studies(studyStore, List.of(new UniformSampler()), Clock.systemUTC());
    final TrainingService training = new TrainingService(List.of(counting, mean, new EnsembleForecaster(List.of(counting, mean))), registry,
            Telemetry.NONE, studies);

    TrainingRequest request(String algorithm, Hyperparameters params) {
        return new TrainingRequest(SeriesId.DEFAULT, Series.hourly(600, 1, 1), algorithm, params, Imputation.LINEAR, null);
    }

    @Test
    void anUnknownHyperparameterIsRefusedNamingItWithoutTrainingOrRegisteringAnything() {
        var refused = assertInstanceOf(TrainingResult.InvalidHyperparameters.class,
                training.train(request("seasonal_mean", Hyperparameters.of("periodd", "24", "period", "24", "alpha", "1"))));
        assertEquals(List.of("hyperparameters.alpha", "hyperparameters.periodd"), refused.violations().stream().map(v -> v.field()).toList());
        assertEquals("unknown hyperparameter 'periodd' for seasonal_mean; accepted: period", refused.violations().get(1).message());
        assertEquals("unknown hyperparameters 'alpha', 'periodd' for seasonal_mean; accepted: period", refused.message());
        assertEquals(0, counting.calls.get(), "nothing was fitted or even sized");
        assertTrue(registry.list().isEmpty());
    }

    @Test
    void aFamilyWithoutHyperparametersAcceptsNoneButAVersionsRecordedNotesAreNotRefused() {
        var refused = assertInstanceOf(TrainingResult.InvalidHyperparameters.class, training.train(request("day_mean", Hyperparameters.of("window", "3"))));
        assertEquals("unknown hyperparameter 'window' for day_mean; it accepts none", refused.message());
        var first = assertInstanceOf(TrainingResult.Trained.class, training.train(request("seasonal_mean", Hyperparameters.of("period", "24"))));
        // a version's recorded settings, given again, train the same model
        var again = training.train(request("seasonal_mean", first.version().hyperparameters().with(Hyperparameters.of("tuned_by", "study s, trial 3"))));
        assertInstanceOf(TrainingResult.Trained.class, again);
    }

    @Test
    void notesGivenBackAsHyperparametersAreIgnoredNotRecordedAgain() {
        // a client of the time when the notes were shown, and stored, among the hyperparameters
        var given = Hyperparameters.of("period", "24", "tuned_by", "study s, trial 3", "selection", "old ranking", "imputation", "seasonal",
                "trained_by", "pipeline run-1", "weights", "a=1", "selected_by", "auto", "portfolio", "local, 3 series", "skipped", "x");
        var trained = assertInstanceOf(TrainingResult.Trained.class, training.train(request("seasonal_mean", given)));
        assertEquals(Hyperparameters.of("period", "24"), trained.version().hyperparameters(), "only what the algorithm accepts");
        assertEquals(Map.of("imputation", "linear", "intervals", "conformal"), trained.version().provenance().notes(),
                "stale notes are not recorded; the imputation is the request's own field, as before; a model without intervals of its own has conformal ones");
    }

    @Test
    void compositesAcceptTheirMembersSettingsScopedOrBare() {
        assertInstanceOf(TrainingResult.Trained.class,
                training.train(request("ensemble", Hyperparameters.of("members", "seasonal_mean,day_mean", "seasonal_mean.period", "24"))));
        assertInstanceOf(TrainingResult.Trained.class, training.train(request("auto", Hyperparameters.of("period", "24"))));
        var refused = assertInstanceOf(TrainingResult.InvalidHyperparameters.class,
                training.train(request("auto", Hyperparameters.of("seasonal_mean.periodd", "24", "members", "day_mean"))));
        assertEquals(List.of("hyperparameters.members", "hyperparameters.seasonal_mean.periodd"), refused.violations().stream().map(v -> v.field()).toList());
        assertTrue(refused.message().contains("accepted: families, seasonal_mean.period"), refused.message());
        assertInstanceOf(TrainingResult.InvalidHyperparameters.class, training.train(request("ensemble", Hyperparameters.of("day_mean.period", "24"))));
    }

    @Test
    void aJobIsRefusedAtSubmissionSoThatNoneStarts() {
        var models = new LiveModels(registry, List.of(counting, mean));
        try (var workers = new forecast.domain.jobs.JobWorkers(new forecast.domain.memory.InMemoryJobQueue(), forecast.domain.jobs.JobWorkers.Settings.DEFAULTS, Clock.systemUTC())) {
            var jobs = new TrainingJobs(training, new InMemoryObservationStore(), models,
                    new DeploymentService(registry, models, Clock.systemUTC(), Telemetry.NONE), workers, Clock.systemUTC());
            workers.start();
            var refused = assertInstanceOf(TrainingJobs.Submission.UnknownHyperparameters.class,
                    jobs.submit(request("seasonal_mean", Hyperparameters.of("periodd", "24")), false, "ops"));
            assertEquals("hyperparameters.periodd", refused.refusal().violations().get(0).field());
            assertTrue(jobs.list().isEmpty());
        }
        assertEquals(0, counting.calls.get());
    }

    @Test
    void tuningRefusesUnknownFixedSettingsAndSearchSpaceEntriesBeforeCreatingItsStudy() {
        var tuning = training.tuning().orElseThrow();
        var fixed = assertThrows(ForecasterTuning.TuningException.class, () -> tuning.prepare(new TuningRequest("typo", SeriesId.DEFAULT,
                Series.hourly(600, 1, 5), "seasonal_mean", Hyperparameters.of("periodd", "3"), null, null, null, 2, null, 1, null, 1L, null, false)));
        assertEquals("hyperparameters.periodd", fixed.field());
        var searched = assertThrows(ForecasterTuning.TuningException.class, () -> tuning.prepare(new TuningRequest("typo", SeriesId.DEFAULT,
                Series.hourly(600, 1, 5), "seasonal_mean", null, null, Map.of("periodd", IntDistribution.of(2, 30)), null, 2, null, 1, null, 1L, null, false)));
        assertEquals("search_space.periodd", searched.field());
        assertTrue(searched.getMessage().startsWith("unknown hyperparameter 'periodd' for seasonal_mean"), searched.getMessage());
        assertTrue(studyStore.find("typo").isEmpty(), "no study was created");
        assertEquals(0, counting.calls.get());
    }

    @Test
    void theCatalogueListsEveryFamilyAndAutoWithWhatTheyAccept() {
        var families = training.families(Series.hourly(600, 1, 5));
        assertEquals(List.of("seasonal_mean", "day_mean", "ensemble", "auto"), families.stream().map(ModelFamily::algorithm).toList());
        var seasonal = families.get(0);
        assertEquals(Scope.LOCAL, seasonal.scope());
        assertEquals(List.of("period"), seasonal.hyperparameters().stream().map(HyperparameterSpec::name).toList());
        assertEquals(List.of("period"), List.copyOf(seasonal.searchSpace().keySet()));
        assertEquals(List.of("members", "combination", "best", "seasonal_mean.period"), families.get(2).hyperparameters().stream().map(HyperparameterSpec::name).toList());
        assertEquals(List.of("families", "seasonal_mean.period"), families.get(3).hyperparameters().stream().map(HyperparameterSpec::name).toList());
        assertTrue(families.get(3).searchSpace().isEmpty());
    }
}
