package forecast.adapters.ml;

import forecast.domain.tuning.Direction;
import forecast.domain.tuning.Distribution;
import forecast.domain.tuning.FrozenTrial;
import forecast.domain.tuning.Sampler;
import forecast.domain.tuning.StudyDefinition;
import forecast.domain.tuning.TrialState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/** Builds sampler contexts from hand-made trial histories, without a study. */
final class Trials {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private Trials() {}

    static StudyDefinition study(Direction direction, long seed) {
        return new StudyDefinition("s", direction, "tpe", seed, "none", Map.of(), null, Map.of(), T0);
    }

    static FrozenTrial running(int number) {
        return FrozenTrial.started(number, TrialState.RUNNING, T0, Map.of());
    }

    /** A finished trial with one parameter ({@code name} = {@code internal}) and {@code value}. */
    static FrozenTrial finished(int number, TrialState state, Double value, String name, Distribution d, double internal) {
        return running(number).withParam(name, d, d.toExternal(internal)).finished(state, value, T0);
    }

    static FrozenTrial complete(int number, double value, String name, Distribution d, double internal) {
        return finished(number, TrialState.COMPLETE, value, name, d, internal);
    }

    static Sampler.Context context(StudyDefinition study, List<FrozenTrial> history, String name, Distribution d) {
        return new Sampler.Context(study, history, running(history.size()), name, d);
    }

    /**
     * Runs {@code n} trials of a one-parameter objective by hand: each trial's value is sampled
     * with the history so far, then scored. Returns the sampled internal values in order.
     */
    static double[] optimize(Sampler sampler, Direction direction, long seed, Distribution d, int n, DoubleUnaryOperator objective) {
        var study = study(direction, seed);
        var history = new ArrayList<FrozenTrial>();
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = sampler.sample(context(study, history, "x", d));
            history.add(complete(i, objective.applyAsDouble(xs[i]), "x", d, xs[i]));
        }
        return xs;
    }

    static double median(double[] values) {
        double[] s = values.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
