package forecast.adapters.web;

import forecast.domain.registry.ModelNames;
import forecast.domain.serving.LiveModels;
import forecast.domain.serving.ModelHealth;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.metrics.api.MetricsFactory;
import io.helidon.openapi.OpenApiFeature;
import io.helidon.service.registry.Services;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP server: the forecast API, plus {@code /observe/health} (UP when a live model is loaded)
 * and {@code /observe/metrics} (Prometheus text), the API's OpenAPI document at {@code /openapi}
 * ({@code META-INF/openapi.yaml} of this module; JSON with {@code Accept: application/json} or
 * {@code ?format=json}), Swagger UI on it at {@code /openapi/ui}, and the dashboard under
 * {@code /ui} ({@link Dashboard}). Requests run on virtual threads.
 */
public final class ForecastServer implements AutoCloseable {
    /** Where the OpenAPI document is served. */
    static final String OPENAPI = "/openapi";
    /** The OpenAPI document: a class-path resource outside any package, so that it is not encapsulated in this module. */
    static final String OPENAPI_FILE = "META-INF/openapi.yaml";
    /** Where the observers are served (Helidon's default), and the two this server has. */
    static final String OBSERVE = "/observe";
    /**
     * The routes Helidon's features serve rather than {@link HttpApi}: the document, health and
     * metrics (each observer also answers below its path, as Helidon's documentation tells).
     */
    private static final List<Route> FEATURE_ROUTES = List.of(new Route("GET", OPENAPI), new Route("GET", OBSERVE + "/health"),
            new Route("GET", OBSERVE + "/metrics"));

    /** A route the server answers: an HTTP method and a path pattern ({@code {name}} for a path parameter). */
    record Route(String method, String path) {}

    private final WebServer server;
    private final ForecastGate gate;
    private final List<Route> routes;

    private ForecastServer(WebServer server, ForecastGate gate, List<Route> routes) {
        this.server = server;
        this.gate = gate;
        this.routes = routes;
    }

    /** Every route served, in the order they are tried: the features' ({@link #FEATURE_ROUTES}), Swagger UI's, and {@link HttpApi}'s as it registers them. */
    List<Route> routes() {
        return routes;
    }

    /** Starts listening; returns once the port is bound ({@code settings.port()} 0 picks a free one). */
    public static ForecastServer start(WebSettings settings, WebServices services) {
        return start(settings, services, null);
    }

    /**
     * The same, {@code /observe/health} naming the replica that answers ({@code replica}, null: not
     * named), so that behind a load balancer one can tell the replicas apart.
     */
    public static ForecastServer start(WebSettings settings, WebServices services, String replica) {
        return start(settings, services, replica, null);
    }

    /**
     * The same, {@code /observe/health} also telling whether this replica is the leader that runs
     * the monitoring loop and the pipeline's schedule ({@code leader}; null leadership: not told).
     */
    public static ForecastServer start(WebSettings settings, WebServices services, String replica, forecast.domain.serving.Leadership leadership) {
        var telemetry = MeteredTelemetry.INSTANCE;
        for (var m : services.models().liveModels()) telemetry.markLive(m.version().model(), m.version().id());
        telemetry.watchModels(services.models());
        telemetry.openAlerts(services.alerts());
        var registry = MetricsFactory.getInstance().globalRegistry();
        var gate = new ForecastGate(settings.serving(), registry);
        var api = new HttpApi(settings, services, telemetry, new RequestMetrics(registry), gate);
        var ui = new SwaggerUi();
        var observe = ObserveFeature.builder()
                .endpoint(OBSERVE)
                .observersDiscoverServices(false)
                .addObserver(MetricsObserver.builder().metricsConfig(MeteredTelemetry.METRICS).build())
                .addObserver(HealthObserver.builder()
                        .useSystemServices(false)
                        .details(true)
                        .addCheck(liveModels(services.health(), replica, leadership))
                        .build())
                .build();
        var server = WebServer.builder()
                .host(settings.host())
                .port(settings.port())
                .maxPayloadSize(drainLimit(settings))
                // without TCP_NODELAY a response written in two segments waits for the client's
                // delayed ACK: 40 ms per horizon-100 forecast on a keep-alive connection
                .connectionOptions(options -> options.tcpNoDelay(true))
                .featuresDiscoverServices(false)
                .addFeature(observe)
                .addFeature(OpenApiFeature.builder().webContext(OPENAPI).staticFile(OPENAPI_FILE).servicesDiscoverServices(false).build())
                .directHandlers(problems(settings))
                .routing(routing -> {
                    ui.register(routing);
                    Dashboard.register(routing); // the pages under /ui, before the API's fallback
                    api.register(routing);
                })
                .build();
        try {
            server.start();
        } catch (RuntimeException e) {
            gate.close();
            throw new BindException(settings.host(), settings.port(), e);
        }
        if (!server.isRunning() || server.port() <= 0) { // Helidon logs a listener that cannot bind and starts without it
            server.stop();
            gate.close();
            throw new BindException(settings.host(), settings.port(), null);
        }
        // in the order Helidon tries them: the features' (heavier than the routing), Swagger UI's, the dashboard's, the API's
        var routes = new ArrayList<Route>(FEATURE_ROUTES);
        routes.addAll(SwaggerUi.ROUTES);
        routes.addAll(Dashboard.ROUTES);
        routes.addAll(api.routes());
        return new ForecastServer(server, gate, List.copyOf(routes));
    }

    /**
     * Fails with a {@link BindException} naming the port when {@code host:port} cannot be listened on
     * (in use, or not allowed), before anything slow starts; port 0 (any free port) always passes.
     */
    public static void checkPort(String host, int port) {
        if (port == 0) return;
        try (var probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true); // as the server's own socket: a port in TIME_WAIT is free
            probe.bind(new java.net.InetSocketAddress(host, port));
        } catch (java.io.IOException | RuntimeException e) {
            throw new BindException(host, port, e);
        }
    }

    /** The server could not listen on its port: the message names it and says why, in one line. */
    public static final class BindException extends RuntimeException {
        private final int port;

        BindException(String host, int port, Throwable cause) {
            super("cannot listen on port " + port + " (" + host + "): " + reason(cause)
                    + "; stop what uses it or choose another port with --port N", cause);
            this.port = port;
        }

        /** The port that could not be listened on. */
        public int port() {
            return port;
        }

        private static String reason(Throwable cause) {
            for (Throwable t = cause; t != null; t = t.getCause()) {
                if (t instanceof java.net.BindException) return "it is already in use";
                if (t instanceof SecurityException || t instanceof java.net.SocketException && String.valueOf(t.getMessage()).contains("ermission"))
                    return "permission denied";
            }
            return cause == null || cause.getMessage() == null ? "it is already in use or not allowed" : cause.getMessage();
        }
    }

    /**
     * Bodies up to this size are read to the end even when over {@code maxBodyBytes}, so that
     * their senders get the 413; Helidon refuses larger ones outright and closes the connection.
     */
    static long drainLimit(WebSettings settings) {
        long max = settings.maxBodyBytes();
        return max > Long.MAX_VALUE / 8 ? Long.MAX_VALUE : Math.max(4 * max, max + 1024 * 1024);
    }

    /** The port listened on. */
    public int port() {
        return server.port();
    }

    /** Stops the server; requests in progress are given a moment to finish. */
    @Override
    public void close() {
        server.stop();
        gate.close();
    }

    /**
     * UP when some model has a live version and every live version can serve its model's series;
     * the details name each model's live version ({@code model_version} for the model
     * {@code default}, as before named models) and why one is down.
     */
    private static HealthCheck liveModels(ModelHealth health, String replica, forecast.domain.serving.Leadership leadership) {
        return new HealthCheck() {
            @Override
            public HealthCheckType type() {
                return HealthCheckType.READINESS;
            }

            @Override
            public String name() {
                return "live_model";
            }

            @Override
            public HealthCheckResponse call() {
                var statuses = health.check();
                boolean up = !statuses.isEmpty() && statuses.stream().allMatch(ModelHealth.Status::healthy);
                var response = HealthCheckResponse.builder().status(up);
                if (replica != null) response.detail("replica", replica);
                if (leadership != null) response.detail("leader", leadership.isLeader());
                if (statuses.isEmpty()) response.detail("reason", "no model version is deployed");
                for (var s : statuses) {
                    if (s.model().equals(ModelNames.DEFAULT)) response.detail("model_version", s.version());
                    response.detail("model." + s.model(), (s.healthy() ? "UP: " : "DOWN: ") + s.detail());
                }
                return response.build();
            }
        };
    }

    /** Errors Helidon answers before routing (malformed HTTP, a body over the limit) as problems too. */
    private static DirectHandlers problems(WebSettings settings) {
        DirectHandler handler = (request, event, status, headers, message) -> {
            var problem = status.code() == 413
                    ? Problem.tooLarge("body", "is larger than the " + settings.maxBodyBytes() + " bytes accepted")
                    : Problem.of(status.code(), event.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), status.reasonPhrase(),
                            message == null || message.isBlank() ? status.reasonPhrase() : message);
            return DirectHandler.TransportResponse.builder()
                    .status(status)
                    .headers(headers)
                    .header(HeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .entity(problem.toJson())
                    .build();
        };
        var builder = DirectHandlers.builder();
        for (var event : DirectHandler.EventType.values()) builder.addHandler(event, handler);
        return builder.build();
    }
}
