package forecast.adapters.web;

import java.time.Duration;

/**
 * How many forecast requests run at once ({@code concurrency}, normally the number of cores: a
 * forecast is CPU-bound, so more at once only share the cores), how many may wait for a turn
 * ({@code maxQueue}) and for how long ({@code maxWait}); beyond either, a request is refused with
 * 503 and {@code Retry-After}. See {@link ForecastGate}.
 */
public record ServingLimits(int concurrency, int maxQueue, Duration maxWait) {
    public ServingLimits {
        if (concurrency < 1 || concurrency > 1024) throw new IllegalArgumentException("concurrency must be in [1, 1024]: " + concurrency);
        if (maxQueue < 0) throw new IllegalArgumentException("maxQueue must be at least 0: " + maxQueue);
        if (maxWait == null || maxWait.isNegative() || maxWait.isZero()) throw new IllegalArgumentException("maxWait must be positive: " + maxWait);
    }

    /** One forecast per core at once, up to 2,000 waiting, at most one second each. */
    public static ServingLimits defaults() {
        return new ServingLimits(Runtime.getRuntime().availableProcessors(), 2_000, Duration.ofSeconds(1));
    }
}
