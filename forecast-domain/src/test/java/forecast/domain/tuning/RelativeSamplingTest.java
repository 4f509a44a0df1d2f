package forecast.domain.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.memory.InMemoryStudyStore;
import forecast.domain.testing.UniformSampler;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a trial uses a sampler's joint proposal, and the search spaces a relative sampler infers. */
class RelativeSamplingTest {
    private static final double PROPOSED = 0.123;

    /** Proposes {@link #PROPOSED} for every float of the intersection, and counts its calls. */
    static final class Proposing implements Sampler {
        final List<Map<String, Distribution>> spaces = new ArrayList<>();
        private final UniformSampler alone = new UniformSampler();

        @Override
        public String name() {
            return "proposing";
        }

        @Override
        public double sample(Context context) {
            return alone.sample(context);
        }

        @Override
        public Map<String, Distribution> relativeSearchSpace(StudyDefinition study, List<FrozenTrial> trials) {
            return RelativeSearchSpace.intersection(trials, false);
        }

        @Override
        public Map<String, Double> sampleRelative(RelativeContext context) {
            spaces.add(context.searchSpace());
            var out = new LinkedHashMap<String, Double>();
            context.searchSpace().forEach((name, d) -> {
                if (d instanceof FloatDistribution) out.put(name, PROPOSED);
            });
            return out;
        }
    }

    private final InMemoryStudyStore store = new InMemoryStudyStore();
    private final Proposing sampler = new Proposing();
    private final Studies studies = new Studies(store, List.of(sampler), Clock.systemUTC());

    private Study study(String name) {
        return studies.create(new StudyDefinition(name, Direction.MINIMIZE, "proposing", 3, "none", Map.of(), null, Map.of(), Instant.now()));
    }

    @Test
    void aTrialTakesTheJointProposalForParametersOfTheSameDistributionAndSamplesTheRestAlone() {
        var study = study("joint");
        study.optimize(t -> t.suggestFloat("x", 0, 1) + t.suggestInt("n", 0, 9), 1, null, 1, t -> {});
        assertTrue(sampler.spaces.isEmpty(), "nothing finished yet: nothing to propose jointly");

        var trial = study.ask();
        assertEquals(PROPOSED, trial.suggestFloat("x", 0, 1));
        trial.suggestInt("n", 0, 9);
        assertEquals(List.of(Map.of("x", FloatDistribution.of(0, 1), "n", IntDistribution.of(0, 9))), sampler.spaces,
                "asked once, at the first sampled parameter, with the finished trials' intersection");

        var other = study.ask();
        assertNotEquals(PROPOSED, other.suggestFloat("x", 0, 2), "another range of x is sampled alone");
        assertEquals(2, sampler.spaces.size());
    }

    @Test
    void anEnqueuedValueWinsOverTheProposal() {
        var study = study("fixed");
        study.optimize(t -> t.suggestFloat("x", 0, 1), 1, null, 1, t -> {});
        study.enqueue(Map.of("x", 0.9));
        assertEquals(0.9, study.ask().suggestFloat("x", 0, 1));
    }

    private static FrozenTrial trial(int number, TrialState state, Map<String, Distribution> space) {
        var t = FrozenTrial.started(number, TrialState.RUNNING, Instant.EPOCH, Map.of());
        for (var e : space.entrySet()) t = t.withParam(e.getKey(), e.getValue(), e.getValue().toExternal(e.getValue() instanceof FloatDistribution f ? f.low() : 0));
        return state == TrialState.RUNNING ? t : t.finished(state, 1.0, Instant.EPOCH);
    }

    @Test
    void theIntersectionKeepsWhatEveryFinishedTrialHasAlikeAndLeavesSingleValuesOut() {
        var x = FloatDistribution.of(0, 1);
        var trials = List.of(
                trial(0, TrialState.COMPLETE, Map.of("x", x, "y", x, "k", IntDistribution.of(3, 3))),
                trial(1, TrialState.COMPLETE, Map.of("x", x, "y", FloatDistribution.of(0, 2), "k", IntDistribution.of(3, 3))),
                trial(2, TrialState.PRUNED, Map.of("z", x)),
                trial(3, TrialState.RUNNING, Map.of()));
        assertEquals(Map.of("x", x), RelativeSearchSpace.intersection(trials, false));
        assertEquals(Map.of(), RelativeSearchSpace.intersection(trials, true));
        assertEquals(Map.of(), RelativeSearchSpace.intersection(List.of(), false));
    }

    @Test
    void groupsSplitTheParametersOfBranchesThatAreAlwaysSuggestedTogether() {
        var d = FloatDistribution.of(0, 1);
        var trials = List.of(
                trial(0, TrialState.COMPLETE, Map.of("model", d, "depth", d, "eta", d)),
                trial(1, TrialState.COMPLETE, Map.of("model", d, "alpha", d)),
                trial(2, TrialState.COMPLETE, Map.of("model", d, "depth", d, "eta", d)));
        var groups = RelativeSearchSpace.groups(trials, false);
        assertEquals(List.of(Map.of("model", d), Map.of("depth", d, "eta", d), Map.of("alpha", d)), groups);
    }
}
