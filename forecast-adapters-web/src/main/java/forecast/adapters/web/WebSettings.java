package forecast.adapters.web;

/**
 * Where the server listens, what it accepts and who may call the admin routes. {@code port} 0
 * picks a free port. {@code maxBatch} is the most requests in one {@code /predict/batch};
 * {@code maxHorizon} the largest {@code forecast_horizon}; {@code maxHistory} the most rows in one
 * request's {@code data}; {@code maxBodyBytes} the largest request body in bytes.
 * {@code adminKeys} are the accepted API keys' hashes (none: every admin call is refused; see
 * {@link AdminKeys}). {@code serving} bounds the forecasts running and waiting at once.
 */
public record WebSettings(String host, int port, int maxBatch, int maxHorizon, int maxHistory, long maxBodyBytes, AdminKeys adminKeys,
                          ServingLimits serving) {
    public WebSettings {
        if (host == null || host.isBlank()) throw new IllegalArgumentException("host is required");
        if (port < 0 || port > 65_535) throw new IllegalArgumentException("port must be in [0, 65535]: " + port);
        if (maxBatch < 1 || maxHorizon < 1 || maxHistory < 1 || maxBodyBytes < 1)
            throw new IllegalArgumentException("limits must be positive: batch " + maxBatch + ", horizon " + maxHorizon
                    + ", history " + maxHistory + ", body " + maxBodyBytes);
        if (adminKeys == null) throw new IllegalArgumentException("adminKeys is required; AdminKeys.none() accepts no key");
        if (serving == null) throw new IllegalArgumentException("serving is required; ServingLimits.defaults() has one forecast per core");
    }

    /** These limits and keys, with the default serving limits. */
    public WebSettings(String host, int port, int maxBatch, int maxHorizon, int maxHistory, long maxBodyBytes, AdminKeys adminKeys) {
        this(host, port, maxBatch, maxHorizon, maxHistory, maxBodyBytes, adminKeys, ServingLimits.defaults());
    }

    /** These limits, and no admin key (admin calls refused until {@link #withAdminKeys} gives some). */
    public WebSettings(String host, int port, int maxBatch, int maxHorizon, int maxHistory, long maxBodyBytes) {
        this(host, port, maxBatch, maxHorizon, maxHistory, maxBodyBytes, AdminKeys.none());
    }

    /** All interfaces, port 8080, batches of 100, horizons up to 10,000, 100,000 rows, 10 MiB bodies, no admin key. */
    public static WebSettings defaults() {
        return new WebSettings("0.0.0.0", 8080, 100, 10_000, 100_000, 10L * 1024 * 1024);
    }

    /** The same settings on another port. */
    public WebSettings withPort(int otherPort) {
        return new WebSettings(host, otherPort, maxBatch, maxHorizon, maxHistory, maxBodyBytes, adminKeys, serving);
    }

    /** The same settings with other admin keys. */
    public WebSettings withAdminKeys(AdminKeys keys) {
        return new WebSettings(host, port, maxBatch, maxHorizon, maxHistory, maxBodyBytes, keys, serving);
    }

    /** The same settings with other serving limits. */
    public WebSettings withServing(ServingLimits limits) {
        return new WebSettings(host, port, maxBatch, maxHorizon, maxHistory, maxBodyBytes, adminKeys, limits);
    }
}
