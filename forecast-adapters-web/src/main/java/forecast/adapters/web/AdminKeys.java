package forecast.adapters.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may call the admin routes: the SHA-256 hashes of the accepted API keys, each written
 * {@code sha256:<64 lowercase hex digits>} (the keys themselves are never held), and whether
 * {@code /predict} and {@code /predict/batch} need a key too. With no hashes every admin call is
 * refused. Which routes are admin routes is the web adapter's rule, not a setting.
 */
public record AdminKeys(Set<String> hashes, boolean predictRequiresKey) {
    /** How a hash is written: the algorithm, then the digest in hex. */
    public static final String PREFIX = "sha256:";
    private static final Pattern HASH = Pattern.compile(PREFIX + "[0-9a-f]{64}");
    private static final HexFormat HEX = HexFormat.of();

    /** @throws IllegalArgumentException when a hash is not {@code sha256:} and 64 hex digits (upper case is accepted) */
    public AdminKeys {
        if (hashes == null) throw new IllegalArgumentException("hashes are required (an empty set accepts no key)");
        var normal = new LinkedHashSet<String>();
        for (String h : hashes) {
            String lower = h == null ? "" : h.strip().toLowerCase(Locale.ROOT);
            // what is not even prefixed may be a key put in the wrong place: it is not repeated
            if (!HASH.matcher(lower).matches())
                throw new IllegalArgumentException("an admin key hash must be sha256: followed by 64 hex digits, got "
                        + (lower.startsWith(PREFIX) ? Json.abbreviate(h) : "a value without the sha256: prefix"));
            normal.add(lower);
        }
        hashes = Set.copyOf(normal);
    }

    /** No key accepted; {@code /predict} open. */
    public static AdminKeys none() {
        return new AdminKeys(Set.of(), false);
    }

    /** These hashes; {@code /predict} open. */
    public static AdminKeys of(String... hashes) {
        return new AdminKeys(new LinkedHashSet<>(Arrays.asList(hashes)), false);
    }

    /** The hash of {@code key} (its UTF-8 bytes, as given): {@code sha256:} and 64 hex digits. */
    public static String hash(String key) {
        return PREFIX + HEX.formatHex(digest(key));
    }

    /** The same keys, plus {@code hash}. */
    public AdminKeys withHash(String hash) {
        var more = new LinkedHashSet<>(hashes);
        more.add(hash);
        return new AdminKeys(more, predictRequiresKey);
    }

    /** The same keys, with {@code /predict} open or not. */
    public AdminKeys withPredictRequiresKey(boolean required) {
        return new AdminKeys(hashes, required);
    }

    /** The SHA-256 digest of the UTF-8 bytes of {@code key}. */
    static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The digest a hash names. */
    static byte[] digestOf(String hash) {
        return HEX.parseHex(hash, PREFIX.length(), hash.length());
    }

    @Override
    public String toString() {
        return "AdminKeys[" + hashes.size() + " hash(es), predictRequiresKey=" + predictRequiresKey + "]";
    }
}
