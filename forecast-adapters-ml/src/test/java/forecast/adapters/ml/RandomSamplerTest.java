package forecast.adapters.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.tuning.CategoricalDistribution;
import forecast.domain.tuning.Direction;
import forecast.domain.tuning.Distribution;
import forecast.domain.tuning.FloatDistribution;
import forecast.domain.tuning.IntDistribution;
import forecast.domain.tuning.Sampler;
import java.util.List;
import org.junit.jupiter.api.Test;

class RandomSamplerTest {
    static final List<Distribution> EVERY_KIND = List.of(
            FloatDistribution.of(-5, 10),
            FloatDistribution.logScale(1e-5, 1),
            FloatDistribution.stepped(0.1, 1.0, 0.1),
            FloatDistribution.stepped(-1, 1, 0.3),
            IntDistribution.of(-3, 3),
            IntDistribution.stepped(2, 13, 3),
            IntDistribution.logScale(1, 1000),
            CategoricalDistribution.of("gbtree", 2, 0.5, true, null));

    private final Sampler sampler = new RandomSampler();

    private double draw(long seed, int trial, String name, Distribution d) {
        var study = Trials.study(Direction.MINIMIZE, seed);
        return sampler.sample(new Sampler.Context(study, List.of(), Trials.running(trial), name, d));
    }

    @Test
    void isNamedRandom() {
        assertEquals("random", sampler.name());
    }

    @Test
    void valuesAlwaysLieInTheirDistribution() {
        for (var d : EVERY_KIND)
            for (int trial = 0; trial < 3000; trial++) {
                double v = draw(1, trial, "p", d);
                assertTrue(d.contains(v), v + " outside " + d.toJson());
            }
    }

    @Test
    void everyGridPointIsEquallyLikelyIncludingTheEnds() {
        // uniform on [low - step/2, high + step/2] then rounded: the ends get a whole cell each
        var d = IntDistribution.stepped(2, 13, 3); // 2, 5, 8, 11
        int[] counts = new int[4];
        for (int trial = 0; trial < 8000; trial++) counts[((int) draw(3, trial, "n", d) - 2) / 3]++;
        for (int c : counts) assertEquals(2000, c, 150, "counts " + java.util.Arrays.toString(counts));
    }

    @Test
    void steppedFloatsReachBothEnds() {
        var d = FloatDistribution.stepped(0.1, 1.0, 0.1);
        int low = 0, high = 0;
        for (int trial = 0; trial < 2000; trial++) {
            double v = draw(4, trial, "lr", d);
            if (v == 0.1) low++;
            if (v == 1.0) high++;
        }
        assertEquals(200, low, 60);
        assertEquals(200, high, 60);
    }

    @Test
    void categoricalIndicesAreUniform() {
        var d = CategoricalDistribution.of("a", "b", "c", "d");
        int[] counts = new int[4];
        for (int trial = 0; trial < 8000; trial++) counts[(int) draw(5, trial, "kind", d)]++;
        for (int c : counts) assertEquals(2000, c, 150);
    }

    @Test
    void logScalesAreUniformInLogSpace() {
        var f = FloatDistribution.logScale(1e-4, 1);
        var i = IntDistribution.logScale(1, 10000);
        int smallFloats = 0, smallInts = 0;
        for (int trial = 0; trial < 4000; trial++) {
            if (draw(6, trial, "lr", f) < 1e-2) smallFloats++;
            if (draw(6, trial, "n", i) <= 100) smallInts++;
        }
        assertEquals(2000, smallFloats, 150);
        // integers: uniform on [log 0.5, log 10000.5], so <= 100 below log 100.5
        assertEquals(4000 * Math.log(100.5 / 0.5) / Math.log(10000.5 / 0.5), smallInts, 150);
    }

    @Test
    void aSeedRepeatsItsDrawsAndAnotherSeedDoesNot() {
        for (var d : EVERY_KIND) {
            var a = java.util.stream.IntStream.range(0, 20).mapToDouble(t -> draw(42, t, "p", d)).boxed().toList();
            var b = java.util.stream.IntStream.range(0, 20).mapToDouble(t -> draw(42, t, "p", d)).boxed().toList();
            var c = java.util.stream.IntStream.range(0, 20).mapToDouble(t -> draw(43, t, "p", d)).boxed().toList();
            assertEquals(a, b);
            assertNotEquals(a, c);
        }
    }

    @Test
    void parametersOfOneTrialAreDrawnIndependently() {
        var d = FloatDistribution.of(0, 1);
        assertNotEquals(draw(1, 0, "x", d), draw(1, 0, "y", d));
    }

    @Test
    void aRangeOfOneValueGivesThatValue() {
        assertEquals(2.5, draw(1, 0, "x", FloatDistribution.of(2.5, 2.5)));
        assertEquals(7, draw(1, 0, "x", IntDistribution.of(7, 7)));
        assertEquals(0.5, draw(1, 0, "x", FloatDistribution.stepped(0.5, 0.6, 0.2)));
    }
}
