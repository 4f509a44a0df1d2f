package forecast.domain.experiment;

import java.util.List;

/**
 * What an experiment has shown so far: per arm the traffic, the scored predictions, the metric's
 * estimates and latency; each challenger against the first arm (the control); whether the split
 * holds (sample-ratio mismatch); and the decision.
 */
public record ExperimentReport(Experiment experiment, List<ArmReport> arms, List<Comparison> comparisons, double sampleRatioPValue,
                               boolean sampleRatioMismatch, Decision decision) {
    public record ArmReport(Arm arm, long requests, long scored, Estimate mape, Estimate mae, double latencyP50Millis, double latencyP99Millis) {}

    /** {@code challenger} minus {@code control} in the experiment's metric, with Welch's and Mann-Whitney's p-values. */
    public record Comparison(String challenger, String control, String metric, Estimate difference, double welchPValue, double mannWhitneyPValue) {}

    /** {@code running} (not enough evidence yet, with why), {@code no_difference}, or {@code winner}. */
    public sealed interface Decision {
        record Running(String why) implements Decision {}

        record NoDifference(String why) implements Decision {}

        record Winner(String version, String why) implements Decision {}
    }
}
