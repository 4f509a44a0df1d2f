package forecast.domain.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.memory.InMemoryModelRegistry;
import forecast.domain.memory.InMemoryObservationStore;
import forecast.domain.memory.InMemoryStudyStore;
import forecast.domain.preprocessing.Imputation;
import forecast.domain.series.SeriesId;
import forecast.domain.telemetry.Telemetry;
import forecast.domain.testing.SeasonalMeanForecaster;
import forecast.domain.testing.Series;
import forecast.domain.testing.UniformSampler;
import forecast.domain.tuning.IntDistribution;
import forecast.domain.tuning.Studies;
import forecast.domain.tuning.TrialState;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForecasterTuningTest {
    private final InMemoryStudyStore store = new InMemoryStudyStore();
    private final Studies studies = new Studies(store, List.of(new UniformSampler()), Clock.systemUTC());
    private final InMemoryModelRegistry registry = new InMemoryModelRegistry();
    private final TrainingService training = new TrainingService(List.of(new SeasonalMeanForecaster()), registry, Telemetry.NONE, studies);
    private final ForecasterTuning tuning = training.tuning().orElseThrow();

    private TuningRequest request(String study, int trials, String pruner, boolean resume) {
        return new TuningRequest(study, SeriesId.DEFAULT, Series.hourly(600, 1, 5), "seasonal_mean", Hyperparameters.NONE, Imputation.LINEAR,
                Map.of(), null, trials, null, 1, null, 17L, pruner, resume);
    }

    @Test
    void theBestTrialIsTheBestBacktestAndEveryFoldIsReported() {
        var outcome = tuning.tune(request("period", 12, "none", false), t -> {});
        assertEquals("24", outcome.hyperparameters().values().get("period"));
        assertEquals(24, ((Number) outcome.best().params().get("period")).intValue());
        assertEquals(outcome.best().value(), outcome.backtest().metrics().mase(), 1e-12);
        var trials = outcome.study().trials();
        assertEquals(12, trials.size());
        int folds = outcome.backtest().spec().folds();
        for (var t : trials) assertEquals(folds, t.intermediateValues().size(), "one report per fold");
        assertEquals("mase", outcome.study().definition().attributes().get("metric"));
        assertEquals("seasonal_mean", outcome.study().definition().algorithm());
    }

    @Test
    void aFixedSettingIsNotTunedUnlessTheSearchSpaceNamesItToo() {
        var fixed = new TuningRequest("fixed", SeriesId.DEFAULT, Series.hourly(600, 1, 5), "seasonal_mean", Hyperparameters.of("period", "24"),
                Imputation.LINEAR, Map.of(), null, 3, null, 1, null, 17L, "none", false);
        var e = assertThrows(ForecasterTuning.TuningException.class, () -> tuning.tune(fixed, t -> {}));
        assertEquals("algorithm", e.field(), "period was the one setting to tune, and it is fixed: " + e.getMessage());
        var both = new TuningRequest("both", SeriesId.DEFAULT, Series.hourly(600, 1, 5), "seasonal_mean", Hyperparameters.of("period", "24"),
                Imputation.LINEAR, Map.of("period", new IntDistribution(2, 48, false, 1)), null, 3, null, 1, null, 17L, "none", false);
        var searched = tuning.tune(both, t -> {});
        assertEquals(3, searched.study().trials().size(), "named in search_space too: searched, as asked");
        assertTrue(searched.study().trials().stream().allMatch(t -> t.params().containsKey("period")));
    }

    @Test
    void theMedianPrunerStopsPoorPeriodsBeforeTheirLastFold() {
        var outcome = tuning.tune(request("pruned", 30, "median", false), t -> {});
        var pruned = outcome.study().trials().stream().filter(t -> t.state() == TrialState.PRUNED).toList();
        assertTrue(!pruned.isEmpty(), "some poor periods are pruned");
        for (var t : pruned) {
            assertTrue(t.intermediateValues().size() < outcome.backtest().spec().folds());
            assertTrue(!List.of(24).contains(((Number) t.params().get("period")).intValue()), "the best period is never pruned");
        }
    }

    @Test
    void aStudyNameIsTakenUnlessResumedAndResumingAddsTrials() {
        tuning.tune(request("again", 3, "none", false), t -> {});
        var e = assertThrows(ForecasterTuning.TuningException.class, () -> tuning.tune(request("again", 3, "none", false), t -> {}));
        assertEquals("name", e.field());
        var outcome = tuning.tune(request("again", 4, "none", true), t -> {});
        assertEquals(7, outcome.study().trials().size());
        assertEquals(4, outcome.trialsRun());
    }

    @Test
    void aResumedStudyFailsTrialsAStoppedProcessLeftRunning() {
        tuning.tune(request("stale", 2, "none", false), t -> {});
        store.startTrial("stale", java.time.Instant.now()); // as if the process died mid-trial
        var outcome = tuning.tune(request("stale", 1, "none", true), t -> {});
        var trials = outcome.study().trials();
        assertEquals(TrialState.FAILED, trials.get(2).state());
        assertTrue(trials.get(2).failReason().orElseThrow().startsWith("abandoned"));
        assertEquals(TrialState.COMPLETE, trials.get(3).state());
    }

    @Test
    void theSearchSpaceCanBeOverriddenAndNothingToTuneIsRefused() {
        var narrowed = new TuningRequest("narrow", SeriesId.DEFAULT, Series.hourly(600, 1, 5), "seasonal_mean", Hyperparameters.NONE,
                Imputation.LINEAR, Map.of("period", IntDistribution.of(23, 25)), null, 3, null, 1, null, 1L, null, false);
        var outcome = tuning.tune(narrowed, t -> {});
        for (var t : outcome.study().trials()) assertTrue(List.of(23, 24, 25).contains(t.params().get("period")));
        var unknown = assertThrows(ForecasterTuning.TuningException.class, () -> tuning.tune(new TuningRequest("x", SeriesId.DEFAULT,
                Series.hourly(600, 1, 5), "nope", null, null, null, null, 1, null, 1, null, null, null, false), t -> {}));
        assertEquals("algorithm", unknown.field());
    }

    @Test
    void trainingWithTuneRegistersTheBestSettings() {
        var request = new TrainingRequest(SeriesId.DEFAULT, Series.hourly(600, 1, 5), "seasonal_mean", Hyperparameters.NONE, Imputation.LINEAR, "tuned",
                new TrainingRequest.TuningBudget(10, null, "train-tuned", Map.of(), null, 3L));
        var progress = new java.util.ArrayList<String>();
        var trained = assertInstanceOf(TrainingResult.Trained.class, training.train(request, progress::add));
        assertEquals("24", trained.version().hyperparameters().values().get("period"));
        assertTrue(trained.version().provenance().notes().get("tuned_by").startsWith("study train-tuned, trial "));
        assertNull(trained.version().hyperparameters().values().get("tuned_by"), "provenance, not a setting");
        assertTrue(progress.stream().anyMatch(p -> p.startsWith("trial 10 of 10: ")), progress.toString());
        assertTrue(store.find("train-tuned").isPresent(), "the study is kept for inspection");
    }

    @Test
    void tuningJobsCreateTheStudyAtOnceAndRunItInTheBackground() throws InterruptedException {
        try (var workers = new forecast.domain.jobs.JobWorkers(new forecast.domain.memory.InMemoryJobQueue(), forecast.domain.jobs.JobWorkers.Settings.DEFAULTS, Clock.systemUTC())) {
            var jobs = new TuningJobs(tuning, new InMemoryObservationStore(), workers, Clock.systemUTC());
            workers.start();
            var accepted = assertInstanceOf(TuningJobs.Submission.Accepted.class, jobs.submit(request("job", 6, "none", false)));
            assertTrue(store.find("job").isPresent());
            assertEquals("job", accepted.job().study());
            var job = jobs.await("job", Duration.ofMinutes(1)).orElseThrow();
            assertEquals(TuningJob.State.SUCCEEDED, job.state(), String.valueOf(job));
            assertEquals(6, job.progress().size());
            assertEquals("24", job.bestHyperparameters().get("period"));
            var refused = assertInstanceOf(TuningJobs.Submission.Refused.class, jobs.submit(request("job", 6, "none", false)));
            assertEquals("name", refused.field());
            assertInstanceOf(TuningJobs.Submission.NoStoredHistory.class, jobs.submit(request("nohistory", 1, "none", false).withSeries(null)));
        }
    }
}
