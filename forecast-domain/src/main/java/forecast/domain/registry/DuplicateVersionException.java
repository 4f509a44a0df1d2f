package forecast.domain.registry;

/** A label or id that another version already has; versions are immutable and never replaced. */
public final class DuplicateVersionException extends RuntimeException {
    public DuplicateVersionException(String name) {
        super("model version " + name + " already exists; versions are immutable, choose another label");
    }
}
