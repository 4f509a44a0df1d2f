package forecast.adapters.web;

import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which requests need an admin API key, and whether one carries an accepted key. The rule goes by
 * method and path, so that routes added later are covered without being listed:
 * <ul>
 *   <li>every method but GET, HEAD and OPTIONS, except {@code POST /predict} and
 *       {@code /predict/batch}, which need a key only when {@link AdminKeys#predictRequiresKey()};</li>
 *   <li>GET, HEAD and OPTIONS under {@code /tuning}, {@code /ab-test}, {@code /jobs}, {@code /pipeline} and
 *       {@code /series} (the stored series are the users' data);</li>
 *   <li>everything else is open: {@code GET /models...}, {@code /observe/...}, and the read-only
 *       monitoring {@code GET /drift} and {@code GET /alerts...}.</li>
 * </ul>
 * The dashboard's files under {@code /ui} ({@link Dashboard}) are no API route and never pass here:
 * they are open, and the pages send the key the user gives them to the routes that need it.
 * A key comes as {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}: none is 401, one
 * that matches no configured hash 403. The presented key's SHA-256 is compared with every hash in
 * constant time, without stopping at a match, so the answer's timing tells nothing about the hashes.
 */
final class AdminAuth {
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> PREDICT = Set.of("/predict", "/predict/batch");
    private static final List<String> GUARDED_READS = List.of("/tuning", "/ab-test", "/jobs", "/pipeline", "/series");
    private static final String BEARER = "bearer ";

    private final List<byte[]> digests;
    private final boolean predictRequiresKey;

    AdminAuth(AdminKeys keys) {
        this.digests = keys.hashes().stream().map(AdminKeys::digestOf).toList();
        this.predictRequiresKey = keys.predictRequiresKey();
    }

    /** Whether {@code method} on {@code path} needs a key. */
    boolean guards(String method, String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (!SAFE_METHODS.contains(method)) return !PREDICT.contains(p) || predictRequiresKey;
        for (String prefix : GUARDED_READS)
            if (p.equals(prefix) || p.startsWith(prefix + "/")) return true;
        return false;
    }

    /**
     * Null when the request may go on: {@code route} (the matched route pattern, or a name for
     * none) and {@code path} are both open, or the key is accepted. Otherwise 401 (no key) or 403
     * (a key, not accepted).
     *
     * @param authorization the {@code Authorization} header, or null
     * @param apiKey        the {@code X-API-Key} header, or null
     */
    Problem refusal(String method, String route, String path, String authorization, String apiKey) {
        if (!guards(method, route) && !guards(method, path)) return null;
        String key = presented(authorization, apiKey);
        if (key == null)
            return Problem.of(401, "unauthorized", "API key required",
                    method + " " + Json.abbreviate(path) + " needs an admin API key: send Authorization: Bearer <key> or X-API-Key: <key>");
        if (!accepts(key))
            return Problem.of(403, "forbidden", "API key not accepted", "the API key sent is not one of the configured admin keys");
        return null;
    }

    /** The key a request presents: the bearer token, else the {@code X-API-Key} value; null when neither has one. */
    static String presented(String authorization, String apiKey) {
        if (authorization != null && authorization.strip().toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            String token = authorization.strip().substring(BEARER.length()).strip();
            if (!token.isEmpty()) return token;
        }
        if (apiKey != null && !apiKey.isBlank()) return apiKey.strip();
        return null;
    }

    /** Whether {@code key}'s SHA-256 is one of the configured hashes; looks at every one. */
    boolean accepts(String key) {
        byte[] digest = AdminKeys.digest(key);
        boolean found = false;
        for (byte[] d : digests) found |= MessageDigest.isEqual(d, digest);
        return found;
    }
}
