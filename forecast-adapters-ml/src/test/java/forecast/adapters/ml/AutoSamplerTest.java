package forecast.adapters.ml;

import static forecast.adapters.ml.Trials.complete;
import static forecast.adapters.ml.Trials.finished;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import forecast.domain.tuning.Direction;
import forecast.domain.tuning.Distribution;
import forecast.domain.tuning.FloatDistribution;
import forecast.domain.tuning.FrozenTrial;
import forecast.domain.tuning.Sampler;
import forecast.domain.tuning.StudyDefinition;
import forecast.domain.tuning.TrialState;
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
}
