package forecast.domain.registry;

/** A stored artifact whose bytes no longer match the checksum recorded at registration. */
public final class CorruptArtifactException extends RuntimeException {
    public CorruptArtifactException(String versionId, String expected, String actual) {
        super("artifact of model version " + versionId + " is corrupt: SHA-256 " + actual + " does not match the recorded " + expected + "; refusing to load it");
    }
}
