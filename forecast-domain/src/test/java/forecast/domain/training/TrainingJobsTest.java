package forecast.domain.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.series.TimeSeries;

import forecast.domain.deployment.DeploymentService;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.memory.InMemoryModelRegistry;
import forecast.domain.memory.InMemoryObservationStore;
import forecast.domain.preprocessing.Imputation;
import forecast.domain.serving.LiveModels;
import forecast.domain.series.SeriesId;
import forecast.domain.telemetry.Telemetry;
import forecast.domain.testing.Models;
import forecast.domain.testing.SeasonalMeanForecaster;
import forecast.domain.testing.Series;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import forecast.domain.jobs.JobWorkers;
import forecast.domain.memory.InMemoryJobQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrainingJobsTest {
    private final InMemoryModelRegistry registry = new InMemoryModelRegistry();
    private final InMemoryObservationStore observations = new InMemoryObservationStore();
    private final LiveModels models = new LiveModels(registry, List.of(new SeasonalMeanForecaster()));
    private final DeploymentService deployment = new DeploymentService(registry, models, Clock.systemUTC(), Telemetry.NONE);
    private final JobWorkers workers = new JobWorkers(new InMemoryJobQueue(), JobWorkers.Settings.DEFAULTS, Clock.systemUTC());
    private final TrainingJobs jobs = new TrainingJobs(Models.training(registry), observations, models, deployment, workers, Clock.systemUTC());

    @BeforeEach
    void start() {
        workers.start();
    }

    @AfterEach
    void stop() {
        workers.close();
    }

    private TrainingRequest request(SeriesId id, boolean withData) {
        return new TrainingRequest(id, withData ? Series.hourly(500, 1, 3) : null, "seasonal_mean", Hyperparameters.NONE, Imputation.LINEAR, null);
    }

    @Test
    void aJobTrainsInTheBackgroundKeepsTheModelInMemoryAndDeploysWhenAsked() throws InterruptedException {
        var accepted = assertInstanceOf(TrainingJobs.Submission.Accepted.class, jobs.submit(request(SeriesId.DEFAULT, true), true, "ops"));
        var job = jobs.await(accepted.job().id(), Duration.ofMinutes(1)).orElseThrow();
        assertEquals(TrainingJob.State.SUCCEEDED, job.state(), String.valueOf(job));
        var version = ((TrainingResult.Trained) job.result()).version();
        assertEquals(version.id(), job.deployedVersion());
        assertEquals(version.id(), models.live().orElseThrow().version().id());
        assertTrue(job.progress().stream().anyMatch(p -> p.startsWith("backtesting")), job.progress().toString());
    }

    @Test
    void withoutDataTheStoredHistoryIsTrainedOnAndWithoutOneTheSubmissionIsRefused() throws InterruptedException {
        assertInstanceOf(TrainingJobs.Submission.NoStoredHistory.class, jobs.submit(request(new SeriesId("empty"), false), false, "ops"));
        observations.append(new SeriesId("meter"), Series.hourly(500, 1, 4));
        var accepted = assertInstanceOf(TrainingJobs.Submission.Accepted.class, jobs.submit(request(new SeriesId("meter"), false), false, "ops"));
        var job = jobs.await(accepted.job().id(), Duration.ofMinutes(1)).orElseThrow();
        assertEquals(TrainingJob.State.SUCCEEDED, job.state());
        assertEquals(500, ((TrainingResult.Trained) job.result()).version().provenance().observations());
        assertTrue(models.live().isEmpty(), "not deployed unless asked");
    }

    @Test
    void aRefusedTrainingEndsAsAFailedJobWithItsReason() throws InterruptedException {
        var tooShort = new TrainingRequest(SeriesId.DEFAULT, Series.hourly(20, 1, 3), "seasonal_mean", Hyperparameters.NONE, Imputation.LINEAR, null);
        var accepted = assertInstanceOf(TrainingJobs.Submission.Accepted.class, jobs.submit(tooShort, false, "ops"));
        var job = jobs.await(accepted.job().id(), Duration.ofMinutes(1)).orElseThrow();
        assertEquals(TrainingJob.State.FAILED, job.state());
        assertInstanceOf(TrainingResult.InsufficientHistory.class, job.result());
        assertInstanceOf(TrainingJobs.Submission.UnknownAlgorithm.class, jobs.submit(
                new TrainingRequest(SeriesId.DEFAULT, Series.hourly(500, 1, 3), "prophet", null, null, null), false, "ops"));
    }

    @Test
    void inlineRowsAskedToBeStoredExtendTheSeriesSoThatALaterTrainingOfTheIdAloneFindsThem() throws InterruptedException {
        var shop = new SeriesId("shop-1");
        var accepted = assertInstanceOf(TrainingJobs.Submission.Accepted.class, jobs.submit(request(shop, true), false, "ops", true));
        assertEquals(500, observations.history(shop).orElseThrow().size(), "stored when the job is accepted");
        jobs.await(accepted.job().id(), Duration.ofMinutes(1)).orElseThrow();
        var again = assertInstanceOf(TrainingJobs.Submission.Accepted.class, jobs.submit(request(shop, false), false, "ops"));
        assertEquals(TrainingJob.State.SUCCEEDED, jobs.await(again.job().id(), Duration.ofMinutes(1)).orElseThrow().state());
        jobs.submit(request(new SeriesId("not-kept"), true), false, "ops");
        assertTrue(observations.history(new SeriesId("not-kept")).isEmpty(), "only when asked");
    }

    @Test
    void inlineRowsTheStoredSeriesRefusesQueueNothingAndChangeNothing() {
        var shop = new SeriesId("shop-2");
        var daily = Series.hourly(3, 0, 1);
        var stored = TimeSeries.of(List.of(daily.time(0).plusSeconds(1800)), new double[] {1}, List.of(), null, null);
        observations.append(shop, stored.withFrequency(forecast.domain.series.Frequency.HOURLY));
        int before = jobs.list().size();
        var refused = assertInstanceOf(TrainingJobs.Submission.HistoryRefused.class, jobs.submit(request(shop, true), false, "ops", true));
        assertEquals("shop-2", refused.seriesId());
        assertTrue(refused.reason().contains("grid"), refused.reason());
        assertEquals(1, observations.history(shop).orElseThrow().size());
        assertEquals(before, jobs.list().size());
    }
}
