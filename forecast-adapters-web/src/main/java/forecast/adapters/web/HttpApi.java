package forecast.adapters.web;

import forecast.domain.registry.ModelNames;
import io.helidon.common.Weighted;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.Method;
import io.helidon.http.RequestException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The routes. Every handler answers JSON (errors as {@code application/problem+json}), is timed
 * and counted, and turns anything unexpected into a logged 500 problem, never a stack trace.
 * Admin routes need an API key ({@link AdminAuth}); a refused call runs nothing and is counted
 * with its 401 or 403 status like any other answer.
 */
final class HttpApi {
    private static final System.Logger LOG = System.getLogger(HttpApi.class.getName());
    private static final Header JSON = HeaderValues.createCached(HeaderNames.CONTENT_TYPE, "application/json");
    private static final Header PROBLEM = HeaderValues.createCached(HeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE);
    private static final Header BEARER_CHALLENGE = HeaderValues.createCached(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"forecast\"");
    private static final HeaderName API_KEY = HeaderNames.create("X-API-Key");
    /** Paths this API serves, with the methods they allow (for 405 instead of 404). */
    private static final Map<String, String> ALLOWED = Map.of(
            "/predict", "POST", "/predict/batch", "POST", "/models", "GET", "/models/deployments", "GET",
            "/models/deploy", "POST", "/models/rollback", "POST", "/models/train", "POST", "/jobs", "GET", "/tuning/studies", "GET, POST",
            "/algorithms", "GET");
    /** A study's actions, each POST only, and the study itself, GET only. */
    private static final Pattern STUDY_ACTION = Pattern.compile("/tuning/studies/[^/]+/(ask|tell|enqueue)/?");
    private static final Pattern STUDY = Pattern.compile("/tuning/studies/[^/]+/?");
    private static final Pattern JOB = Pattern.compile("/jobs/[^/]+/?");
    private static final Pattern JOB_CANCEL = Pattern.compile("/jobs/[^/]+/cancel/?");
    private static final Pattern JOB_EVENTS = Pattern.compile("/jobs/[^/]+/events/?");
    /** How often {@code GET /jobs/{id}/events} looks at its job, and how long it may stay silent before a keep-alive comment. */
    private static final long EVENTS_POLL_MS = 200, EVENTS_KEEP_ALIVE_MS = 15_000;
    /** A model's actions, each POST only, and its listings, GET only. */
    private static final Pattern MODEL_ACTION = Pattern.compile("/models/[^/]+/(deploy|rollback|train)/?");
    private static final Pattern MODEL_LISTING = Pattern.compile("/models/[^/]+/(versions|deployments|versions/[^/]+)/?");

    private final WebSettings settings;
    private final PredictRoutes predict;
    private final ModelRoutes models;
    private final TrainingRoutes training;
    private final TuningRoutes tuning;
    private final AskAndTellRoutes studies;
    private final RequestMetrics metrics;
    private final AdminAuth auth;
    private final ExperimentRoutes experiments;
    private final MonitoringRoutes monitoring;
    private final PipelineRoutes pipeline;
    private final SeriesRoutes series;

    HttpApi(WebSettings settings, WebServices services, MeteredTelemetry telemetry, RequestMetrics metrics, ForecastGate gate) {
        this.settings = settings;
        this.predict = new PredictRoutes(services.prediction(), telemetry, settings, gate);
        this.models = new ModelRoutes(services.registry(), services.deployment(), services.training());
        this.training = new TrainingRoutes(services.training(), services.tuning(), services.deployment(), settings);
        this.studies = new AskAndTellRoutes(services.studies());
        this.experiments = new ExperimentRoutes(services.experiments());
        this.monitoring = new MonitoringRoutes(services.monitor(), services.actuals(), services.alerts(), settings);
        this.pipeline = new PipelineRoutes(services.pipeline());
        this.series = new SeriesRoutes(services.observations(), settings);
        this.tuning = new TuningRoutes(services.studies(), services.tuning(), studies, settings);
        this.metrics = metrics;
        this.auth = new AdminAuth(settings.adminKeys());
    }

    /**
     * One route: the method and path pattern it is registered with, and what it does: an action
     * that answers one {@link Reply} (checked for the admin key by {@link #route}), or a handler of
     * its own that writes a stream ({@code stream}, which checks the key itself).
     */
    private record Endpoint(Method method, String path, Function<ServerRequest, Reply> action, Handler stream) {
        Endpoint(Method method, String path, Function<ServerRequest, Reply> action) {
            this(method, path, action, null);
        }
    }

    /**
     * Every route of the API, in the order Helidon tries them (the first match wins). The one list
     * both registers the routes and tells them ({@link #routes()}), so that the OpenAPI document's
     * test compares the document with what is served.
     */
    private List<Endpoint> endpoints() {
        return List.of(
                new Endpoint(Method.POST, "/predict", req -> predict.predict(jsonBody(req))),
                new Endpoint(Method.POST, "/predict/batch", req -> predict.batch(jsonBody(req))),
                new Endpoint(Method.GET, "/models", req -> models.list()),
                new Endpoint(Method.GET, "/models/deployments", req -> models.deployments(ModelNames.DEFAULT, query(req, "at"))),
                new Endpoint(Method.POST, "/models/deploy", req -> models.deploy(ModelNames.DEFAULT, body(req))),
                new Endpoint(Method.POST, "/models/rollback", req -> models.rollback(ModelNames.DEFAULT, body(req))),
                new Endpoint(Method.POST, "/models/train", req -> train(ModelNames.DEFAULT, req)),
                new Endpoint(Method.GET, "/models/{model}/versions", req -> models.versions(model(req))),
                new Endpoint(Method.GET, "/models/{model}/versions/{version}", req -> models.version(model(req), req.path().pathParameters().get("version"))),
                new Endpoint(Method.GET, "/models/{model}/deployments", req -> models.deployments(model(req), query(req, "at"))),
                new Endpoint(Method.POST, "/models/{model}/deploy", req -> models.deploy(model(req), body(req))),
                new Endpoint(Method.POST, "/models/{model}/rollback", req -> models.rollback(model(req), body(req))),
                new Endpoint(Method.POST, "/models/{model}/train", req -> train(model(req), req)),
                new Endpoint(Method.GET, "/jobs", req -> training.list()),
                new Endpoint(Method.GET, "/algorithms", req -> training.algorithms()),
                new Endpoint(Method.GET, "/jobs/{id}/events", null, this::jobEvents),
                new Endpoint(Method.GET, "/jobs/{id}", req -> training.one(req.path().pathParameters().get("id"))),
                new Endpoint(Method.POST, "/jobs/{id}/cancel", req -> {
                    body(req); // nothing in it is needed; read so that the connection can carry the next request
                    return training.cancel(req.path().pathParameters().get("id"));
                }),
                new Endpoint(Method.GET, "/models/{model}", this::modelOrVersion),
                new Endpoint(Method.POST, "/tuning/studies", req -> tuning.create(body(req))),
                new Endpoint(Method.GET, "/tuning/studies", req -> tuning.list()),
                new Endpoint(Method.GET, "/tuning/studies/{name}", req -> tuning.one(study(req))),
                new Endpoint(Method.POST, "/tuning/studies/{name}/ask", req -> {
                    body(req); // nothing in it is needed; read so that the connection can carry the next request
                    return studies.ask(study(req));
                }),
                new Endpoint(Method.POST, "/tuning/studies/{name}/tell", req -> studies.tell(study(req), body(req))),
                new Endpoint(Method.POST, "/tuning/studies/{name}/enqueue", req -> studies.enqueue(study(req), body(req))),
                new Endpoint(Method.POST, "/ab-test/start", req -> experiments.start(body(req))),
                new Endpoint(Method.GET, "/ab-test", req -> experiments.list()),
                new Endpoint(Method.GET, "/ab-test/{name}", this::experiment),
                new Endpoint(Method.POST, "/ab-test/{name}/stop", req -> experiments.stop(study(req), body(req))),
                new Endpoint(Method.POST, "/ab-test/{name}/promote", req -> experiments.promote(study(req), body(req))),
                new Endpoint(Method.POST, "/actuals", req -> monitoring.actuals(jsonBody(req))),
                new Endpoint(Method.GET, "/drift", req -> monitoring.drift()),
                new Endpoint(Method.GET, "/alerts", req -> monitoring.list(query(req, "state"), query(req, "limit"))),
                new Endpoint(Method.GET, "/alerts/{id}", req -> monitoring.one(id(req))),
                new Endpoint(Method.POST, "/alerts/{id}/resolve", req -> {
                    body(req); // nothing in it is needed; read so that the connection can carry the next request
                    return monitoring.resolve(id(req));
                }),
                new Endpoint(Method.POST, "/pipeline/run", req -> pipeline.run(body(req))),
                new Endpoint(Method.GET, "/pipeline/runs", req -> pipeline.list(query(req, "limit"))),
                new Endpoint(Method.GET, "/pipeline/runs/{id}", req -> pipeline.one(id(req))),
                new Endpoint(Method.PUT, "/series/{id}", req -> series.put(id(req), contentType(req), queries(req), body(req))),
                new Endpoint(Method.GET, "/series/{id}", req -> series.one(id(req), queries(req))),
                new Endpoint(Method.POST, "/series", req -> series.post(contentType(req), queries(req), body(req))),
                new Endpoint(Method.GET, "/series", req -> series.list(queries(req))));
    }

    /** The method and path pattern of every route registered, in registration order. */
    List<ForecastServer.Route> routes() {
        return endpoints().stream().map(e -> new ForecastServer.Route(e.method().text(), e.path())).toList();
    }

    void register(HttpRouting.Builder routing) {
        for (var e : endpoints()) routing.route(e.method(), e.path(), e.stream() != null ? e.stream() : route(e.path(), e.action()));
        routing
                .addFeature(new Fallback(route("unmatched", HttpApi::unmatched)))
                .error(HttpException.class, (req, res, e) -> {
                    // what Helidon signals by throwing: the dashboard's static content answers a matching
                    // If-None-Match with 304 this way, which is no failure and has no body
                    if (res.isSent()) return;
                    if (e.status().code() == 304) {
                        res.status(e.status()).send();
                        return;
                    }
                    if (e.status().code() >= 500) LOG.log(System.Logger.Level.ERROR, "failure on " + req.prologue().method() + " " + req.path().path(), e);
                    send(res, Reply.of(Problem.of(e.status().code(), e.status().reasonPhrase().toLowerCase(java.util.Locale.ROOT).replace(' ', '-'),
                            e.status().reasonPhrase(), e.getMessage() == null || e.getMessage().isBlank() ? e.status().reasonPhrase() : Json.abbreviate(e.getMessage()))));
                })
                .error(Throwable.class, (req, res, t) -> {
                    LOG.log(System.Logger.Level.ERROR, "unhandled failure on " + req.prologue().method() + " " + req.path().path(), t);
                    if (!res.isSent()) send(res, Reply.of(Problem.internal()));
                });
    }

    /** One model, or a version; {@code GET /models/deploy} is a wrong method rather than an unknown model. */
    private Reply modelOrVersion(ServerRequest req) {
        String name = req.path().pathParameters().get("model");
        return ALLOWED.containsKey("/models/" + name) ? unmatched(req) : models.modelOrVersion(name);
    }

    /** The {@code {model}} of a model's path, checked: 400 naming {@code model} when it cannot name one. */
    private static String model(ServerRequest req) {
        String name = req.path().pathParameters().get("model");
        String problem = ModelNames.problem(name);
        if (problem != null) throw new ProblemException(Problem.invalid("model", problem));
        return name;
    }

    /** One experiment's report; {@code GET /ab-test/start} is a wrong method rather than an experiment. */
    private Reply experiment(ServerRequest req) {
        String name = study(req);
        return ExperimentInput.RESERVED_NAME.equals(name) ? unmatched(req) : experiments.one(name);
    }

    /** The {@code {id}} of an alert's or a run's path. */
    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }

    /** The first value of a query parameter, or null. */
    private static String query(ServerRequest req, String name) {
        return req.query().first(name).asOptional().orElse(null);
    }

    /** The request's {@code Content-Type}, or null. */
    private static String contentType(ServerRequest req) {
        return req.headers().first(HeaderNames.CONTENT_TYPE).orElse(null);
    }

    /** Each query parameter's first value. */
    private static Map<String, String> queries(ServerRequest req) {
        var out = new LinkedHashMap<String, String>();
        for (String name : req.query().names()) out.put(name, req.query().first(name).asOptional().orElse(""));
        return out;
    }

    /** The body of a route that reads only JSON; a CSV one is 415, saying where CSV is accepted. */
    private byte[] jsonBody(ServerRequest req) {
        byte[] body = body(req);
        String type = contentType(req);
        if (CsvRows.isCsv(type)) throw new ProblemException(SeriesRoutes.csvNotHere(type, req.path().path()));
        return body;
    }

    /** A training: JSON, or a long CSV whose series are stored and trained on (settings in the query). */
    private Reply train(String model, ServerRequest req) {
        String type = contentType(req);
        if (CsvRows.isCsv(type)) return training.trainCsv(model, type, queries(req), body(req), series);
        return training.train(model, jsonBody(req));
    }

    /** The {@code {name}} of a study's or an experiment's path. */
    private static String study(ServerRequest req) {
        return req.path().pathParameters().get("name");
    }

    /**
     * Answers what no other route matched with a problem. A feature of the lowest weight, because
     * Helidon sets heavier features up first and {@code /observe} (weight 80) must come before it.
     */
    private record Fallback(Handler handler) implements HttpFeature, Weighted {
        @Override
        public void setup(HttpRouting.Builder routing) {
            routing.any(handler);
        }

        @Override
        public double weight() {
            return 1;
        }
    }

    private Handler route(String name, Function<ServerRequest, Reply> action) {
        return (req, res) -> {
            long started = System.nanoTime();
            Reply reply;
            Problem refusal = auth.refusal(req.prologue().method().text(), name, req.path().path(),
                    req.headers().first(HeaderNames.AUTHORIZATION).orElse(null), req.headers().first(API_KEY).orElse(null));
            try {
                if (refusal != null) {
                    if (refusal.status() == 401) res.header(BEARER_CHALLENGE);
                    if (!discarded(req)) res.header(HeaderValues.CONNECTION_CLOSE);
                    reply = Reply.of(refusal);
                } else {
                    reply = action.apply(req);
                }
            } catch (ProblemException e) {
                reply = Reply.of(e.problem());
                if (e.closeConnection()) res.header(HeaderValues.CONNECTION_CLOSE);
                if (e.retryAfterSeconds() > 0) res.header(HeaderNames.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "failed to handle " + req.prologue().method() + " " + req.path().path(), e);
                reply = Reply.of(Problem.internal());
            }
            send(res, reply);
            metrics.record(name, reply.modelVersion(), reply.status(), System.nanoTime() - started);
        };
    }

    /**
     * {@code GET /jobs/{id}/events}: the job's progress as server-sent events ({@code text/event-stream}),
     * one {@code event: progress} per progress line (those so far first, then each as it comes) and
     * a last {@code event: end} whose data is the job as {@code GET /jobs/{id}} answers it; then the
     * stream ends. The admin key is needed as for {@code /jobs}; an unknown job is a 404 problem.
     * Written by hand on the response's output stream (Helidon sends each flush as a chunk).
     */
    private void jobEvents(ServerRequest req, ServerResponse res) {
        String name = "/jobs/{id}/events";
        long started = System.nanoTime();
        Problem refusal = auth.refusal(req.prologue().method().text(), name, req.path().path(),
                req.headers().first(HeaderNames.AUTHORIZATION).orElse(null), req.headers().first(API_KEY).orElse(null));
        String id = req.path().pathParameters().get("id");
        var snapshot = refusal == null ? training.snapshot(id) : java.util.Optional.<TrainingRoutes.Snapshot>empty();
        if (refusal != null || snapshot.isEmpty()) {
            if (refusal != null && refusal.status() == 401) res.header(BEARER_CHALLENGE);
            Reply reply = refusal != null ? Reply.of(refusal) : TrainingRoutes.unknown(id);
            send(res, reply);
            metrics.record(name, null, reply.status(), System.nanoTime() - started);
            return;
        }
        res.status(200);
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=UTF-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        try (var out = res.outputStream()) {
            int sent = 0;
            long lastWrite = System.nanoTime();
            var now = snapshot.get();
            while (true) {
                var lines = now.progress();
                if (lines.size() < sent) sent = 0; // not expected: progress only grows
                for (int i = sent; i < lines.size(); i++) event(out, "progress", lines.get(i));
                if (lines.size() > sent) lastWrite = System.nanoTime();
                sent = lines.size();
                if (now.done()) {
                    event(out, "end", now.job().json());
                    break;
                }
                if (System.nanoTime() - lastWrite > EVENTS_KEEP_ALIVE_MS * 1_000_000) { // also finds out when the client has gone
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    lastWrite = System.nanoTime();
                }
                Thread.sleep(EVENTS_POLL_MS);
                now = training.snapshot(id).orElse(now);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.DEBUG, "events of job " + id + " ended early: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        metrics.record(name, null, 200, System.nanoTime() - started);
    }

    /** One server-sent event; each line of {@code data} gets its own {@code data:} field. */
    private static void event(java.io.OutputStream out, String event, String data) throws IOException {
        var text = new StringBuilder("event: ").append(event).append('\n');
        for (String line : data.split("\r?\n|\r", -1)) text.append("data: ").append(line).append('\n');
        out.write(text.append('\n').toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void send(ServerResponse res, Reply reply) {
        res.status(reply.status());
        res.header(reply.problem() ? PROBLEM : JSON);
        res.send(reply.json().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The request body, at most {@code maxBodyBytes}; beyond, 413 naming {@code body}. The excess of
     * a body up to {@link ForecastServer#drainLimit} is read and dropped so that the client, still
     * sending, reads the 413 rather than a reset connection, and can keep using it.
     */
    private byte[] body(ServerRequest req) {
        long max = settings.maxBodyBytes();
        if (!req.content().hasEntity()) return new byte[0];
        try (var in = req.content().inputStream()) {
            var declared = req.headers().contentLength();
            if (declared.isPresent() && declared.getAsLong() > max) throw tooLarge(max, drained(in));
            if (declared.isPresent()) { // the usual case: one array of the declared size, no chunks to join
                byte[] bytes = new byte[(int) declared.getAsLong()];
                int read = in.readNBytes(bytes, 0, bytes.length);
                if (read < bytes.length) throw new ProblemException(Problem.invalid("body", "ended after " + read + " of the "
                        + bytes.length + " bytes its Content-Length declared"), true);
                return bytes;
            }
            byte[] bytes = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 16));
            if (bytes.length > max) throw tooLarge(max, drained(in));
            return bytes;
        } catch (RequestException e) {
            if (e.status().code() == 413) throw tooLarge(max, false);
            throw new ProblemException(Problem.invalid("body", "could not be read: " + Json.abbreviate(e.getMessage())), true);
        } catch (IOException | UncheckedIOException e) {
            throw new ProblemException(Problem.invalid("body", "could not be read: " + Json.abbreviate(e.getMessage())), true);
        }
    }

    /**
     * Reads and drops the body of a refused request (within the drain limit), so that the client
     * reads the refusal and can keep the connection; false when it could not be read to its end.
     */
    private static boolean discarded(ServerRequest req) {
        if (!req.content().hasEntity()) return true;
        try (var in = req.content().inputStream()) {
            return drained(in);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether the rest of the body was read (within the drain limit, which Helidon enforces). */
    private static boolean drained(InputStream in) {
        try {
            byte[] sink = new byte[64 * 1024];
            while (in.read(sink) >= 0) {
                // dropped
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static ProblemException tooLarge(long max, boolean drained) {
        return new ProblemException(Problem.tooLarge("body", "is larger than the " + max + " bytes accepted"), !drained);
    }

    private static Reply unmatched(ServerRequest req) {
        String path = req.path().path();
        String allowed = ALLOWED.get(path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
        if (allowed == null && STUDY_ACTION.matcher(path).matches()) allowed = "POST";
        if (allowed == null && STUDY.matcher(path).matches()) allowed = "GET";
        if (allowed == null && MODEL_ACTION.matcher(path).matches()) allowed = "POST";
        if (allowed == null && MODEL_LISTING.matcher(path).matches()) allowed = "GET";
        if (allowed == null && JOB_CANCEL.matcher(path).matches()) allowed = "POST";
        if (allowed == null && JOB_EVENTS.matcher(path).matches()) allowed = "GET";
        if (allowed == null && JOB.matcher(path).matches()) allowed = "GET";
        if (allowed == null) allowed = ExperimentRoutes.allowed(path);
        if (allowed == null) allowed = MonitoringRoutes.allowed(path);
        if (allowed == null) allowed = PipelineRoutes.allowed(path);
        if (allowed == null) allowed = SeriesRoutes.allowed(path);
        if (allowed != null)
            return Reply.of(Problem.of(405, "method-not-allowed", "Method not allowed", req.prologue().method().text() + " " + path + " is not supported; use " + allowed));
        return Reply.of(Problem.of(404, "not-found", "Not found", "no resource at " + Json.abbreviate(path)));
    }
}
