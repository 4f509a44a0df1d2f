package forecast.domain.monitoring;

/**
 * A token bucket: up to {@code perSecond} takes a second, in bursts of at most that many. Cheap
 * enough for the prediction path (one lock, no allocation).
 */
final class RateLimit {
    private final double perSecond;
    private double tokens;
    private long last = System.nanoTime();

    RateLimit(int perSecond) {
        if (perSecond < 1) throw new IllegalArgumentException("a rate limit needs at least 1 a second");
        this.perSecond = perSecond;
        this.tokens = perSecond;
    }

    synchronized boolean tryTake() {
        long now = System.nanoTime();
        tokens = Math.min(perSecond, tokens + (now - last) * perSecond / 1e9);
        last = now;
        if (tokens < 1) return false;
        tokens--;
        return true;
    }
}
