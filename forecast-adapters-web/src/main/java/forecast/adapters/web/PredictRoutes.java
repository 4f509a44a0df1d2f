package forecast.adapters.web;

import forecast.domain.forecasting.Forecast;
import forecast.domain.forecasting.ForecastPoint;
import forecast.domain.registry.ModelNames;
import forecast.domain.series.Violation;
import forecast.domain.serving.PredictionResult;
import forecast.domain.serving.PredictionService;
import forecast.domain.telemetry.Telemetry;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;

/** {@code POST /predict} and {@code POST /predict/batch}. */
final class PredictRoutes {
    private static final System.Logger LOG = System.getLogger(PredictRoutes.class.getName());

    private final PredictionService service;
    private final Telemetry telemetry;
    private final PredictInput input;
    private final WebSettings settings;
    private final ForecastGate gate;

    /** Requests are read and forecast on {@code gate}'s workers, in arrival order. */
    PredictRoutes(PredictionService service, Telemetry telemetry, WebSettings settings, ForecastGate gate) {
        this.service = service;
        this.telemetry = telemetry;
        this.input = new PredictInput(settings);
        this.settings = settings;
        this.gate = gate;
    }

    /** One request: the forecast, or the problem with its status. */
    Reply predict(byte[] body) {
        long started = System.nanoTime();
        try {
            return gate.run(() -> predict(RequestBody.read(body, settings), started, false));
        } catch (ProblemException e) {
            refused(e);
            throw e;
        }
    }

    /** Input refused here never reaches the use case, which counts its own refusals. */
    private void refused(ProblemException e) {
        int status = e.problem().status();
        telemetry.predictionRefused(status == 413 ? "too_large" : status == 503 ? "overloaded" : "invalid_input", null);
    }

    /**
     * A JSON array of predict requests or {@code {"requests": [...]}}: 200 with one result per item,
     * in order, each a forecast or a problem carrying its own status.
     */
    Reply batch(byte[] body) {
        try {
            return gate.run(() -> batchInSlot(body));
        } catch (ProblemException e) {
            if (e.problem().status() == 503) refused(e);
            throw e;
        }
    }

    private Reply batchInSlot(byte[] body) {
        var items = StreamedJson.read(body, this::items);
        if (items == null) throw new ProblemException(Problem.invalid("requests", SHAPE));
        if (items.count() == 0) throw new ProblemException(Problem.invalid("requests", "must contain at least one predict request"));
        if (items.count() > settings.maxBatch())
            throw new ProblemException(Problem.tooLarge("requests", "has " + items.count() + " requests; at most " + settings.maxBatch() + " are accepted in one batch"));

        Reply[] results = run(items.requests());
        var out = new JsonOut(results.length * 512 + 16);
        out.beginObject().name("results").beginArray();
        String version = null;
        boolean mixed = false;
        for (Reply r : results) {
            out.raw(r.json());
            if (r.modelVersion() != null) {
                mixed |= version != null && !version.equals(r.modelVersion());
                version = r.modelVersion();
            }
        }
        out.endArray().endObject();
        return Reply.ok(out, mixed ? "mixed" : version);
    }

    /** A batch's requests (the first {@code maxBatch} kept, all counted). */
    private record Items(List<RequestBody> requests, int count) {}

    /**
     * The requests of a batch body, or null when it is neither an array nor an object with a
     * {@code requests} array; members of the object other than {@code requests} are refused.
     */
    private Items items(JsonParser p) throws IOException {
        var unknown = new ArrayList<String>();
        var items = itemsOf(p, unknown);
        if (!unknown.isEmpty()) {
            var errors = new ArrayList<Violation>();
            if (items == null) errors.add(new Violation("requests", SHAPE));
            RequestFields.unknown(unknown, java.util.Set.of("requests"), "", errors);
            throw new ProblemException(Problem.invalid(errors));
        }
        return items;
    }

    private static final String SHAPE = "send a JSON array of predict requests, or an object {\"requests\": [...]}";

    private Items itemsOf(JsonParser p, List<String> unknown) throws IOException {
        if (p.currentToken() == JsonToken.START_ARRAY) return requests(p);
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        Items items = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            boolean requests = p.currentName().equals("requests");
            if (!requests) unknown.add(p.currentName());
            p.nextToken();
            if (requests && p.currentToken() == JsonToken.START_ARRAY) {
                items = requests(p);
            } else {
                if (requests) items = null; // a member given twice counts as the last one
                p.skipChildren();
            }
        }
        return items;
    }

    private Items requests(JsonParser p) throws IOException {
        var requests = new ArrayList<RequestBody>();
        int count = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (count++ < settings.maxBatch()) requests.add(RequestBody.read(p, settings, 256));
            else p.skipChildren();
        }
        return new Items(requests, count);
    }

    /** The items' results, in order; on the caller's worker, one after another. */
    private Reply[] run(List<RequestBody> items) {
        Reply[] results = new Reply[items.size()];
        for (int i = 0; i < results.length; i++) results[i] = item(items.get(i), i);
        return results;
    }

    private Reply item(RequestBody request, int index) {
        try {
            return predict(request, System.nanoTime(), true);
        } catch (ProblemException e) {
            refused(e);
            return Reply.of(e.problem());
        } catch (RuntimeException e) {
            // a bug: this item fails, the others still get their forecasts
            LOG.log(System.Logger.Level.ERROR, "predict batch item " + index + " failed", e);
            return Reply.of(Problem.internal());
        }
    }

    private Reply predict(RequestBody body, long started, boolean withStatus) {
        var valid = input.read(body);
        PredictionResult result;
        try {
            result = service.predict(valid.request());
        } catch (ArithmeticException | DateTimeException e) {
            // only reachable with extreme timestamps: the domain's calendar arithmetic overflows
            throw new ProblemException(Problem.unprocessable("unusable-timestamps", "Timestamps out of range",
                    List.of(new Violation("data", "the timestamps cannot be continued: " + e.getMessage()))));
        }
        return switch (result) {
            case PredictionResult.Predicted p -> Reply.ok(forecast(p, valid, started, withStatus), p.version().id());
            case PredictionResult.UnknownVersion u -> Reply.of(Problem.unknownVersion("model_version", u.reference()));
            case PredictionResult.NoLiveModel n -> n.model().equals(ModelNames.DEFAULT)
                    ? Reply.of(Problem.of(503, "no-live-model", "No live model",
                            "no model version is deployed; deploy one through POST /models/deploy, or name one in model_version"))
                    : Reply.of(Problem.of(404, "no-live-model", "No live version",
                            "the model " + n.model() + " has no live version; train one through POST /models/" + n.model()
                                    + "/train or deploy one through POST /models/" + n.model() + "/deploy"));
            case PredictionResult.UnknownSeries u -> Reply.of(new Problem(404, "/problems/unknown-series", "Unknown series", u.detail(),
                    List.of(new Violation("series_id", u.detail()))), u.version());
            case PredictionResult.InsufficientHistory i -> Reply.of(Problem.unprocessable("insufficient-history", "Insufficient history",
                    List.of(new Violation("data", "model version " + i.version() + " needs at least " + i.required()
                            + " observations on a regular grid; the request has " + i.actual()))), i.version());
            case PredictionResult.Incompatible i -> Reply.of(Problem.unprocessable("incompatible-series",
                    "Series does not fit the model", i.violations()), i.version());
        };
    }

    private static JsonOut forecast(PredictionResult.Predicted p, PredictInput.Valid valid, long started, boolean withStatus) {
        Forecast f = p.forecast();
        List<ForecastPoint> points = f.points();
        var out = new JsonOut(64 + points.size() * 80);
        out.beginObject();
        if (withStatus) out.field("status", 200);
        out.name("predictions").beginArray();
        for (var point : points) out.value(point.mean());
        out.endArray().name("confidence_intervals").beginArray();
        for (var point : points) {
            var interval = point.interval(valid.level());
            if (interval.isEmpty()) out.nullValue();
            else out.beginArray().value(interval.get().lo()).value(interval.get().hi()).endArray();
        }
        out.endArray().name("timestamps").beginArray();
        for (var point : points) out.value(point.time());
        out.endArray()
                .field("model_version", p.version().id())
                .field("model_label", p.version().label())
                .field("confidence_level", valid.confidence());
        if (p.routing() != null) // an A/B test chose the version: say which
            out.field("experiment", p.routing().experiment().name()).field("arm", p.routing().index());
        if (p.predictionId() != null) out.field("prediction_id", p.predictionId()); // recorded: the id to send actuals for
        out.name("execution_time_ms").millis(System.nanoTime() - started).endObject();
        return out;
    }
}
