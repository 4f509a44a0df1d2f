package forecast.domain.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.deployment.DeploymentResult;
import forecast.domain.deployment.DeploymentService;
import forecast.domain.experiment.ExperimentService;
import forecast.domain.experiment.StartRequest;
import forecast.domain.memory.InMemoryExperimentStore;
import forecast.domain.memory.InMemoryModelRegistry;
import forecast.domain.memory.InMemoryPredictionLog;
import forecast.domain.recording.PredictionRecorder;
import forecast.domain.registry.ModelVersion;
import forecast.domain.telemetry.Telemetry;
import forecast.domain.testing.Models;
import forecast.domain.testing.NormalApproximation;
import forecast.domain.testing.SeasonalMeanForecaster;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two replicas on one store: what one changes, the other's refresher picks up. */
class LiveRefresherTest {
    private final InMemoryModelRegistry registry = new InMemoryModelRegistry();
    private final InMemoryExperimentStore store = new InMemoryExperimentStore();
    private final InMemoryPredictionLog log = new InMemoryPredictionLog();
    private final PredictionRecorder recorder = new PredictionRecorder(log, PredictionRecorder.Settings.defaults(), null, Telemetry.NONE);

    /** One replica's in-memory state over the shared stores. */
    private final class Replica {
        final LiveModels models = new LiveModels(registry, List.of(new SeasonalMeanForecaster()));
        final DeploymentService deployment = new DeploymentService(registry, models, Clock.systemUTC(), Telemetry.NONE);
        final ExperimentService experiments = new ExperimentService(store, log, recorder, models, deployment, new NormalApproximation(), Clock.systemUTC());
        final LiveRefresher refresher = new LiveRefresher(registry, models, experiments);

        String live() {
            return models.live().map(l -> l.version().id()).orElse(null);
        }
    }

    private final ModelVersion v1 = Models.register(registry, "v1", 1);
    private final ModelVersion v2 = Models.register(registry, "v2", 2);
    private final Replica a = new Replica();
    private final Replica b = new Replica();

    @AfterEach
    void close() {
        recorder.close();
    }

    @Test
    void deploysAndRollbacksOnOneReplicaReachTheOtherOnItsNextRefresh() {
        assertEquals(0, b.refresher.refreshOnce(), "nothing deployed yet");
        assertInstanceOf(DeploymentResult.Changed.class, a.deployment.deploy("v1", "", "ops"));
        assertEquals(null, b.live());
        assertEquals(1, b.refresher.refreshOnce());
        assertEquals(v1.id(), b.live());
        assertEquals(0, b.refresher.refreshOnce(), "nothing changed since");

        assertInstanceOf(DeploymentResult.Changed.class, a.deployment.deploy("v2", "", "ops"));
        assertEquals(1, b.refresher.refreshOnce());
        assertEquals(v2.id(), b.live());
        assertInstanceOf(DeploymentResult.Changed.class, a.deployment.rollback(null, "", "ops"));
        assertEquals(1, b.refresher.refreshOnce());
        assertEquals(v1.id(), b.live());
        assertEquals(a.models.liveSequence("default"), b.models.liveSequence("default"));

        assertEquals(0, a.refresher.refreshOnce(), "the replica that deployed is up to date");
        // B deploys now, from its refreshed view of the history; A follows
        assertInstanceOf(DeploymentResult.Changed.class, b.deployment.deploy("v2", "", "ops"));
        assertEquals(1, a.refresher.refreshOnce());
        assertEquals(v2.id(), a.live());
    }

    @Test
    void anExperimentStartedOrStoppedOnOneReplicaRoutesOrStopsOnTheOtherAfterARefresh() {
        a.deployment.deploy("v1", "", "ops");
        b.refresher.refreshOnce();
        var started = a.experiments.start(new StartRequest("ab", List.of("v1", "v2"), List.of(0.5, 0.5), 1.0, null, null, null, null, "ops"));
        assertInstanceOf(ExperimentService.StartResult.Started.class, started);
        assertTrue(a.experiments.route("default", null, "u1").isPresent());
        assertTrue(b.experiments.route("default", null, "u1").isEmpty(), "not yet refreshed");
        b.refresher.refreshOnce();
        var routed = b.experiments.route("default", null, "u1").orElseThrow();
        assertEquals("ab", routed.experiment().name());
        assertEquals(a.experiments.route("default", null, "u1").orElseThrow().arm(), routed.arm(), "a sticky unit gets the same arm on both");

        a.experiments.stop("ab", "ops");
        assertTrue(b.experiments.route("default", null, "u1").isPresent());
        b.refresher.refreshOnce();
        assertTrue(b.experiments.route("default", null, "u1").isEmpty());
    }
}
