package forecast.adapters.ml;

import static forecast.adapters.ml.Trials.complete;
import static forecast.adapters.ml.Trials.finished;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import forecast.domain.memory.InMemoryStudyStore;
import forecast.domain.tuning.Direction;
import forecast.domain.tuning.Distribution;
import forecast.domain.tuning.FloatDistribution;
import forecast.domain.tuning.FrozenTrial;
import forecast.domain.tuning.Sampler;
import forecast.domain.tuning.Studies;
import forecast.domain.tuning.Trial;
import forecast.domain.tuning.StudyDefinition;
import forecast.domain.tuning.TrialState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AutoSamplerTest {
    private static final FloatDistribution X = FloatDistribution.of(0, 1);

    /** Answers with a constant of its own, so that the test sees who answered. */
    private record Fixed(String name, double value) implements Sampler {
        @Override
        public double sample(Context context) {
            return value;
        }

        @Override
        public Map<String, Distribution> relativeSearchSpace(StudyDefinition study, List<FrozenTrial> trials) {
            return Map.of("x", X);
        }

        @Override
        public Map<String, Double> sampleRelative(RelativeContext context) {
            return Map.of("x", value);
        }
    }

    private final Fixed gp = new Fixed("gp", 0.25);
    private final Fixed tpe = new Fixed("tpe", 0.75);
    private final AutoSampler auto = new AutoSampler(gp, tpe, 3);

    private static List<FrozenTrial> trials(int complete, int others) {
        var out = new ArrayList<FrozenTrial>();
        for (int i = 0; i < complete; i++) out.add(complete(out.size(), i, "x", X, 0.5));
        for (int i = 0; i < others; i++) out.add(finished(out.size(), i % 2 == 0 ? TrialState.PRUNED : TrialState.FAILED, null, "x", X, 0.5));
        return out;
    }

    @Test
    void theGaussianProcessProposesUntilTheStudyHasEnoughCompleteTrialsThenTpe() {
        var study = Trials.study(Direction.MINIMIZE, 1);
        assertSame(gp, auto.chosen(trials(2, 5)), "pruned and failed trials do not count");
        assertSame(tpe, auto.chosen(trials(3, 0)));
        var early = trials(2, 0);
        var late = trials(3, 0);
        assertEquals(Map.of("x", 0.25), auto.sampleRelative(new Sampler.RelativeContext(study, early, Trials.running(2), Map.of("x", X))));
        assertEquals(Map.of("x", 0.75), auto.sampleRelative(new Sampler.RelativeContext(study, late, Trials.running(3), Map.of("x", X))));
    }

    @Test
    void aParameterOutsideTheJointSpaceIsLeftToTpe() {
        assertEquals(0.75, auto.sample(Trials.context(Trials.study(Direction.MINIMIZE, 1), trials(1, 0), "y", X)));
        assertEquals("auto", auto.name());
    }

    private static double objective(Trial t) {
        double x = t.suggestFloat("x", -5, 5);
        int n = t.suggestInt("n", 1, 64, true);
        String kind = t.suggestCategorical("kind", List.of("a", "b", "c"));
        return (x - 1) * (x - 1) + Math.abs(Math.log(n) - 2) + (kind.equals("b") ? 0 : 1);
    }

    @Test
    void theRegisteredDefaultRepeatsWithItsSeedAndResumesAcrossTheHandOverToTpe() {
        // a hand-over after 8 complete trials, so that a short study crosses it
        var tpe = new TpeSampler();
        var auto = new AutoSampler(new GpSampler(), tpe, 8);
        var store = new InMemoryStudyStore();
        var definition = new StudyDefinition("auto", Direction.MINIMIZE, "auto", 4, "none", Map.of(), null, Map.of(), Instant.now());
        var first = new Studies(store, List.of(auto), Clock.systemUTC()).create(definition);
        first.optimize(AutoSamplerTest::objective, 6, null, 1, t -> {});
        var resumed = new Studies(store, List.of(auto), Clock.systemUTC()).load("auto").orElseThrow();
        resumed.optimize(AutoSamplerTest::objective, 16, null, 1, t -> {});
        var straight = new Studies(new InMemoryStudyStore(), List.of(auto), Clock.systemUTC()).create(definition);
        straight.optimize(AutoSamplerTest::objective, 22, null, 1, t -> {});
        assertEquals(straight.trials().stream().map(FrozenTrial::params).toList(), resumed.trials().stream().map(FrozenTrial::params).toList());
        assertSame(tpe, auto.chosen(resumed.trials()), "handed over to TPE");
    }
}
