package forecast.domain.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.deployment.DeploymentService;
import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.Level;
import forecast.domain.memory.InMemoryExperimentStore;
import forecast.domain.memory.InMemoryModelRegistry;
import forecast.domain.memory.InMemoryObservationStore;
import forecast.domain.memory.InMemoryPredictionLog;
import forecast.domain.recording.Actuals;
import forecast.domain.recording.PredictionRecorder;
import forecast.domain.registry.ModelVersion;
import forecast.domain.serving.LiveModels;
import forecast.domain.serving.PredictionRequest;
import forecast.domain.serving.PredictionResult;
import forecast.domain.serving.PredictionService;
import forecast.domain.telemetry.Telemetry;
import forecast.domain.testing.Models;
import forecast.domain.testing.NormalApproximation;
import forecast.domain.testing.SeasonalMeanForecaster;
import forecast.domain.testing.Series;
import forecast.domain.testing.Serving;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExperimentServiceTest {
    private final InMemoryModelRegistry registry = new InMemoryModelRegistry();
    private final LiveModels models = new LiveModels(registry, List.of(new SeasonalMeanForecaster()));
    private final DeploymentService deployment = new DeploymentService(registry, models, Clock.systemUTC(), Telemetry.NONE);
    private final InMemoryExperimentStore store = new InMemoryExperimentStore();
    private final InMemoryPredictionLog log = new InMemoryPredictionLog();
    private final PredictionRecorder recorder = new PredictionRecorder(log, PredictionRecorder.Settings.defaults(), null, Telemetry.NONE);
    private final ExperimentService experiments = new ExperimentService(store, log, recorder, models, deployment, new NormalApproximation(), Clock.systemUTC());
    private final InMemoryObservationStore observations = new InMemoryObservationStore();
    private final PredictionService prediction = new PredictionService(models, Telemetry.NONE, experiments, Serving.unwatched(models, observations, log),
            recorder, observations);
    private final ModelVersion good = Models.register(registry, "good", 1);
    private final ModelVersion other = Models.register(registry, "other", 2);

    @AfterEach
    void close() {
        recorder.close();
    }

    private StartRequest request(String name, List<String> arms, List<Double> split, double hours, Integer minSamples, String scope) {
        return new StartRequest(name, arms, split, hours, null, minSamples, null, scope, "ops");
    }

    private static Set<String> fields(ExperimentService.StartResult r) {
        var invalid = assertInstanceOf(ExperimentService.StartResult.Invalid.class, r);
        return Set.copyOf(invalid.violations().stream().map(forecast.domain.series.Violation::field).toList());
    }

    @Test
    void aStartNamesEveryBadFieldAndChangesNothing() {
        assertEquals(Set.of("models[1]"), fields(experiments.start(request("x", List.of("good", "nope"), List.of(0.5, 0.5), 1, null, null))));
        assertEquals(Set.of("traffic_split"), fields(experiments.start(request("x", List.of("good", "other"), List.of(0.5, 0.6), 1, null, null))));
        assertEquals(Set.of("traffic_split"), fields(experiments.start(request("x", List.of("good", "other"), List.of(1.0), 1, null, null))));
        assertEquals(Set.of("duration_hours"), fields(experiments.start(request("x", List.of("good", "other"), List.of(0.5, 0.5), 0, null, null))));
        assertEquals(Set.of("models[1]"), fields(experiments.start(request("x", List.of("good", good.id()), List.of(0.5, 0.5), 1, null, null))));
        assertEquals(Set.of("min_samples", "name"), fields(experiments.start(request("bad name", List.of("good", "other"), List.of(0.5, 0.5), 1, 0, null))));
        assertTrue(store.list().isEmpty());
        // a split that sums to 1 only within rounding is accepted
        assertInstanceOf(ExperimentService.StartResult.Started.class,
                experiments.start(request("ok", List.of("good", "other"), List.of(0.1 + 0.2, 0.7), 1, null, null)));
    }

    @Test
    void experimentsCompetingForTheSameTrafficAreRefusedUnlessScopedApart() {
        assertInstanceOf(ExperimentService.StartResult.Started.class, experiments.start(request("a", List.of("good", "other"), List.of(0.5, 0.5), 1, null, "meter-1")));
        assertInstanceOf(ExperimentService.StartResult.Started.class, experiments.start(request("b", List.of("good", "other"), List.of(0.5, 0.5), 1, null, "meter-2")));
        assertInstanceOf(ExperimentService.StartResult.Competing.class, experiments.start(request("c", List.of("good", "other"), List.of(0.5, 0.5), 1, null, "meter-1")));
        assertInstanceOf(ExperimentService.StartResult.Competing.class, experiments.start(request("d", List.of("good", "other"), List.of(0.5, 0.5), 1, null, null)));
        assertInstanceOf(ExperimentService.StartResult.NameTaken.class, experiments.start(request("a", List.of("good", "other"), List.of(0.5, 0.5), 1, null, "meter-9")));
        assertInstanceOf(ExperimentService.EndResult.Ended.class, experiments.stop("a", "ops"));
        assertInstanceOf(ExperimentService.EndResult.NotRunning.class, experiments.stop("a", "ops"));
        assertInstanceOf(ExperimentService.StartResult.Started.class, experiments.start(request("c", List.of("good", "other"), List.of(0.5, 0.5), 1, null, "meter-1")));
        assertEquals("b", experiments.route(forecast.domain.registry.ModelNames.DEFAULT, "meter-2", "u").orElseThrow().experiment().name());
        assertTrue(experiments.route(forecast.domain.registry.ModelNames.DEFAULT, "meter-3", "u").isEmpty(), "no experiment takes other series' traffic");
    }

    /** Serves {@code n} routed requests; actuals follow the good version's forecasts plus noise, so it wins by construction. */
    private List<String> serveAndScore(int n) throws InterruptedException {
        var random = new Random(4);
        var history = Series.hourly(48, 1, 7);
        var query = ForecastQuery.of(history, 3, Level.P95);
        var truth = ((PredictionResult.Predicted) prediction.predict(new PredictionRequest(query, "good"))).forecast().means();
        var arms = new ArrayList<String>();
        for (int i = 0; i < n; i++) {
            var p = assertInstanceOf(PredictionResult.Predicted.class, prediction.predict(new PredictionRequest(query, null, null, "unit-" + i)));
            assertEquals("ab", p.routing().experiment().name());
            arms.add(p.version().id());
            var values = new ArrayList<Actuals.Observed>();
            for (int s = 0; s < 3; s++) values.add(new Actuals.Observed(p.forecast().points().get(s).time(), truth[s] + random.nextGaussian() * 0.05));
            assertEquals(3, recorder.score(new Actuals(p.predictionId(), null, null, values)));
        }
        return arms;
    }

    @Test
    void routedPredictionsAreRecordedScoredAndTheBetterArmWinsAndIsPromoted() throws InterruptedException {
        assertInstanceOf(ExperimentService.StartResult.Started.class,
                experiments.start(request("ab", List.of("other", "good"), List.of(0.5, 0.5), 1e-6, 40, null)));
        var explicit = (PredictionResult.Predicted) prediction.predict(new PredictionRequest(ForecastQuery.of(Series.hourly(48, 1, 7), 3, Level.P95), "other"));
        assertEquals(null, explicit.routing(), "a request naming its version is not part of the experiment");
        var arms = serveAndScore(300);
        var report = experiments.report("ab").orElseThrow();
        assertEquals(300, report.arms().stream().mapToLong(ExperimentReport.ArmReport::requests).sum());
        assertEquals(arms.stream().filter(good.id()::equals).count(), report.arms().get(1).scored());
        assertFalse(report.sampleRatioMismatch(), "p = " + report.sampleRatioPValue());
        var winner = assertInstanceOf(ExperimentReport.Decision.Winner.class, report.decision());
        assertEquals(good.id(), winner.version());
        var difference = report.comparisons().get(0).difference();
        assertTrue(difference.value() < 0 && difference.high() < 0, "good minus other is clearly negative: " + difference);

        var promoted = assertInstanceOf(ExperimentService.EndResult.Ended.class, experiments.promote("ab", null, "ops"));
        assertEquals(Experiment.State.PROMOTED, promoted.experiment().state());
        assertEquals(good.id(), deployment.history().live().orElseThrow());
        assertTrue(experiments.route(forecast.domain.registry.ModelNames.DEFAULT, null, "unit-1").isEmpty(), "a promoted experiment takes no traffic");
        assertInstanceOf(ExperimentService.EndResult.NotRunning.class, experiments.promote("ab", null, "ops"));
        assertEquals(0, experiments.completePromotions(), "nothing left half done");
    }

    @Test
    void beforeItsSamplesAndDurationTheExperimentKeepsRunningAndCannotBePromotedWithoutAnArm() throws InterruptedException {
        experiments.start(request("ab", List.of("other", "good"), List.of(0.5, 0.5), 24, 40, null));
        serveAndScore(30);
        var decision = experiments.report("ab").orElseThrow().decision();
        assertInstanceOf(ExperimentReport.Decision.Running.class, decision);
        assertInstanceOf(ExperimentService.EndResult.NoWinner.class, experiments.promote("ab", null, "ops"));
        assertInstanceOf(ExperimentService.EndResult.UnknownArm.class, experiments.promote("ab", "nope", "ops"));
        var named = assertInstanceOf(ExperimentService.EndResult.Ended.class, experiments.promote("ab", "other", "ops"));
        assertEquals(other.id(), named.experiment().promoted());
        assertEquals(other.id(), deployment.history().live().orElseThrow());
    }

    @Test
    void aPromotionCutShortByACrashIsFinishedAtTheNextStart() {
        experiments.start(request("ab", List.of("other", "good"), List.of(0.5, 0.5), 1, null, null));
        store.end("ab", Experiment.State.PROMOTED, java.time.Instant.now(), "ops", good.id()); // marked, then the process died
        assertTrue(deployment.history().live().isEmpty());
        assertEquals(1, experiments.completePromotions());
        assertEquals(good.id(), deployment.history().live().orElseThrow());
        assertEquals(0, experiments.completePromotions());
    }
}
