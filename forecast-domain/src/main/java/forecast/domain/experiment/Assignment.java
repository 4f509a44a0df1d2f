package forecast.domain.experiment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which arm a request gets. A unit (a user, a meter) is placed by a hash of the experiment's name
 * and the unit's id, so the same unit always gets the same arm, across restarts and replicas, and
 * units are independent between experiments; other requests are placed at random by weight.
 */
public final class Assignment {
    private Assignment() {}

    /** The arm index for {@code unitId} (sticky), or a random one by weight when it is null. */
    public static int arm(Experiment experiment, String unitId) {
        double u = unitId == null ? ThreadLocalRandom.current().nextDouble() : uniform(experiment.name(), unitId);
        return pick(experiment, u);
    }

    /** The arm whose share of [0, 1) holds {@code u}, arms laid end to end in their order. */
    static int pick(Experiment experiment, double u) {
        double total = 0;
        for (var a : experiment.arms()) total += a.weight();
        double at = u * total;
        double cumulative = 0;
        var arms = experiment.arms();
        for (int i = 0; i < arms.size(); i++) {
            cumulative += arms.get(i).weight();
            if (at < cumulative) return i;
        }
        for (int i = arms.size() - 1; i >= 0; i--) if (arms.get(i).weight() > 0) return i; // rounding at the top end
        return arms.size() - 1;
    }

    /** A uniform number in [0, 1) from SHA-256 of {@code experiment:unit}: the same on every machine. */
    static double uniform(String experiment, String unitId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((experiment + ":" + unitId).getBytes(StandardCharsets.UTF_8));
            long bits = 0;
            for (int i = 0; i < 8; i++) bits = (bits << 8) | (h[i] & 0xff);
            return (bits >>> 11) * 0x1.0p-53;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
