package forecast.domain.experiment;

/**
 * One arm of an experiment: the model version it serves (its id), the reference the user gave
 * for it (an id or a label such as {@code v1.2}), and its share of the traffic.
 */
public record Arm(String version, String reference, double weight) {
    public Arm {
        if (version == null || version.isBlank()) throw new IllegalArgumentException("an arm needs a version");
        reference = reference == null ? version : reference;
        if (!(weight >= 0 && weight <= 1)) throw new IllegalArgumentException("an arm's weight is in [0, 1], not " + weight);
    }
}
