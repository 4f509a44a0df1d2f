package forecast.domain.registry;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A model's serialized bytes with the SHA-256 checksum recorded when it was registered. The bytes
 * are only handed out after {@link #verified()} has checked them against that checksum.
 */
public record Artifact(String versionId, byte[] bytes, String recordedSha256) {
    public Artifact {
        bytes = bytes.clone();
    }

    /** Hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * The bytes, when they still match their recorded checksum.
     *
     * @throws CorruptArtifactException when they do not: the stored model was altered or damaged
     */
    public byte[] verified() {
        var actual = sha256(bytes);
        if (!actual.equalsIgnoreCase(recordedSha256)) throw new CorruptArtifactException(versionId, recordedSha256, actual);
        return bytes.clone();
    }
}
