package forecast.domain.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.memory.InMemoryModelRegistry;
import forecast.domain.registry.Artifact;
import forecast.domain.registry.DeploymentAction;
import forecast.domain.registry.DeploymentEvent;
import forecast.domain.registry.ModelRegistry;
import forecast.domain.registry.ModelVersion;
import forecast.domain.registry.NewModelVersion;
import forecast.domain.serving.LiveModels;
import forecast.domain.testing.Models;
import forecast.domain.telemetry.Telemetry;
import forecast.domain.testing.SeasonalMeanForecaster;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class DeploymentServiceTest {
    private final InMemoryModelRegistry registry = new InMemoryModelRegistry();
    private final LiveModels models = new LiveModels(registry, List.of(new SeasonalMeanForecaster()));
    private final DeploymentService deployment = new DeploymentService(registry, models, Clock.systemUTC(), Telemetry.NONE);
    private final ModelVersion a = Models.register(registry, "a", 1);
    private final ModelVersion b = Models.register(registry, "b", 2);
    private final ModelVersion c = Models.register(registry, "c", 3);

    private String live() {
        return models.live().orElseThrow().version().id();
    }

    @Test
    void deployMakesAVersionLiveAndRecordsWhoWhenAndWhy() {
        var changed = assertInstanceOf(DeploymentResult.Changed.class, deployment.deploy("a", "first", "ops"));
        assertEquals(new DeploymentEvent(1, a.id(), DeploymentAction.DEPLOY, null, changed.event().at(), "first", "ops"), changed.event());
        assertEquals(a.id(), live());
        assertInstanceOf(DeploymentResult.AlreadyLive.class, deployment.deploy(a.id(), "again", "ops"));
        assertInstanceOf(DeploymentResult.UnknownVersion.class, deployment.deploy("nope", "", "ops"));
        assertEquals(1, registry.deployments(forecast.domain.registry.ModelNames.DEFAULT).size());
    }

    @Test
    void rollbackWalksBackLikeUndoAndARollbackOfARollbackGoesFurther() {
        deployment.deploy("a", "", "ops");
        deployment.deploy("b", "", "ops");
        deployment.deploy("c", "", "ops");
        var first = assertInstanceOf(DeploymentResult.Changed.class, deployment.rollback(null, "c is bad", "ops"));
        assertEquals(b.id(), first.event().version());
        assertEquals(c.id(), first.event().previousVersion());
        assertEquals(DeploymentAction.ROLLBACK, first.event().action());
        deployment.rollback(null, "b is bad too", "ops");
        assertEquals(a.id(), live());
        assertInstanceOf(DeploymentResult.NothingToRollBack.class, deployment.rollback(null, "", "ops"));
        assertEquals(5, registry.deployments(forecast.domain.registry.ModelNames.DEFAULT).size(), "history is append-only");
    }

    @Test
    void rollbackToANamedVersionNeedsOneThatWasLive() {
        deployment.deploy("a", "", "ops");
        deployment.deploy("b", "", "ops");
        assertInstanceOf(DeploymentResult.NeverLive.class, deployment.rollback("c", "", "ops"));
        assertInstanceOf(DeploymentResult.Changed.class, deployment.rollback("a", "", "ops"));
        assertEquals(a.id(), live());
        deployment.deploy("c", "", "ops");
        deployment.rollback(null, "", "ops");
        assertEquals(a.id(), live(), "after a named rollback, undo returns to it");
    }

    @Test
    void aCorruptArtifactIsRefusedAndTheLiveVersionStays() {
        deployment.deploy("a", "", "ops");
        var tampering = new TamperingRegistry(registry, b.id());
        var guarded = new DeploymentService(tampering, new LiveModels(tampering, List.of(new SeasonalMeanForecaster())), Clock.systemUTC(), Telemetry.NONE);
        var result = assertInstanceOf(DeploymentResult.Unloadable.class, guarded.deploy("b", "", "ops"));
        assertTrue(result.reason().contains("corrupt"), result.reason());
        assertEquals(1, registry.deployments(forecast.domain.registry.ModelNames.DEFAULT).size());
    }

    @Test
    void racingDeploysLeaveAConsistentHistoryAndLiveVersion() throws Exception {
        var pool = Executors.newFixedThreadPool(8);
        var futures = new ArrayList<Future<DeploymentResult>>();
        for (int i = 0; i < 40; i++) {
            String target = List.of("a", "b", "c").get(i % 3);
            futures.add(pool.submit(() -> deployment.deploy(target, "race", "ops")));
        }
        for (var f : futures) f.get();
        pool.shutdown();
        var events = registry.deployments(forecast.domain.registry.ModelNames.DEFAULT);
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1, events.get(i).sequence());
            if (i > 0) assertEquals(events.get(i - 1).version(), events.get(i).previousVersion());
        }
        assertEquals(events.get(events.size() - 1).version(), live(), "memory agrees with the history");
    }

    @Test
    void historyAnswersWhichVersionWasLiveWhen() {
        deployment.deploy("a", "", "ops");
        var second = ((DeploymentResult.Changed) deployment.deploy("b", "", "ops")).event();
        var history = deployment.history();
        assertEquals(Optional.of(b.id()), history.liveAt(second.at()));
        assertEquals(Optional.empty(), history.liveAt(second.at().minusSeconds(3600)));
    }

    /** A registry whose artifact for one version has been altered on disk. */
    private record TamperingRegistry(ModelRegistry delegate, String tampered) implements ModelRegistry {
        @Override public ModelVersion register(NewModelVersion v, byte[] artifact) { return delegate.register(v, artifact); }
        @Override public ModelVersion register(NewModelVersion v, byte[] artifact, String job) { return delegate.register(v, artifact, job); }
        @Override public Optional<ModelVersion> registeredBy(String job) { return delegate.registeredBy(job); }
        @Override public Optional<ModelVersion> find(String reference) { return delegate.find(reference); }
        @Override public Optional<ModelVersion> find(String model, String reference) { return delegate.find(model, reference); }
        @Override public List<ModelVersion> list() { return delegate.list(); }
        @Override public List<DeploymentEvent> deployments(String model) { return delegate.deployments(model); }
        @Override public boolean appendDeployment(DeploymentEvent event) { return delegate.appendDeployment(event); }

        @Override
        public Optional<Artifact> artifact(String id) {
            var a = delegate.artifact(id).orElseThrow();
            if (!id.equals(tampered)) return Optional.of(a);
            byte[] bytes = a.verified();
            bytes[bytes.length / 2] ^= 1;
            return Optional.of(new Artifact(id, bytes, a.recordedSha256()));
        }
    }
}
