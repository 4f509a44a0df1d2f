package forecast.domain.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AssignmentTest {
    static Experiment experiment(String name, double... weights) {
        var arms = new java.util.ArrayList<Arm>();
        for (int i = 0; i < weights.length; i++) arms.add(new Arm("v" + i, null, weights[i]));
        return new Experiment(name, arms, "mape", 10, true, Duration.ofHours(1), null, Experiment.State.RUNNING, Instant.now(), null, null, null, null);
    }

    @Test
    void aUnitAlwaysGetsTheSameArm() {
        var e = experiment("sticky", 0.5, 0.5);
        for (int u = 0; u < 100; u++) {
            int first = Assignment.arm(e, "unit-" + u);
            for (int k = 0; k < 5; k++) assertEquals(first, Assignment.arm(e, "unit-" + u));
        }
    }

    @Test
    void theHashIsFixedSoThatReplicasAndRestartsAgree() {
        // a fixed value: changing the hash would move every running unit to another arm
        assertEquals(0.2284021395332385, Assignment.uniform("exp", "unit-1"), 1e-15); // Python: int.from_bytes(sha256(b"exp:unit-1")[:8]) >> 11, times 2^-53
    }

    @Test
    void unitsFollowTheSplitWithinChiSquareTolerance() {
        var e = experiment("split", 0.7, 0.2, 0.1);
        long[] counts = new long[3];
        int n = 20_000;
        for (int u = 0; u < n; u++) counts[Assignment.arm(e, "u" + u)]++;
        double chi = 0;
        double[] p = {0.7, 0.2, 0.1};
        for (int i = 0; i < 3; i++) chi += Math.pow(counts[i] - n * p[i], 2) / (n * p[i]);
        assertTrue(chi < 13.8, "chi-square " + chi + " over 2 degrees of freedom (p < 0.001 beyond 13.8): " + List.of(counts[0], counts[1], counts[2]));
    }

    @Test
    void experimentsAssignUnitsIndependently() {
        var a = experiment("a", 0.5, 0.5);
        var b = experiment("b", 0.5, 0.5);
        int same = 0;
        for (int u = 0; u < 2_000; u++) if (Assignment.arm(a, "u" + u) == Assignment.arm(b, "u" + u)) same++;
        assertTrue(same > 850 && same < 1_150, "about half agree by chance: " + same);
    }

    @Test
    void anArmWithoutWeightGetsNothing() {
        var e = experiment("zero", 1.0, 0.0);
        for (int u = 0; u < 500; u++) assertEquals(0, Assignment.arm(e, "u" + u));
        assertEquals(0, Assignment.pick(e, 0.9999999999));
    }
}
