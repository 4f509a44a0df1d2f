package forecast.adapters.web;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI document as the server serves it, and a check of real responses against it: the
 * status must be one the operation documents, the media type one that status documents, and a
 * JSON body must validate against that schema (JSON Schema 2020-12, as OpenAPI 3.1 has it; its
 * {@code $ref}s to {@code #/components/...} resolve in the document's components). Each response
 * checked is counted by route and status, so that a test can tell which routes it covered.
 */
final class ApiContract {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private final JsonNode document;
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();
    /** {@code "METHOD /path/{pattern}"} to the statuses checked. */
    private final Map<String, Set<Integer>> covered = new TreeMap<>();

    ApiContract(String documentJson) {
        this.document = JSON.readTree(documentJson);
    }

    JsonNode document() {
        return document;
    }

    /** Every operation of the document, as {@code "METHOD /path"}. */
    Set<String> operations() {
        var out = new TreeSet<String>();
        for (var path : document.get("paths").properties())
            for (var method : path.getValue().properties())
                if (Set.of("get", "put", "post", "delete", "patch", "head", "options").contains(method.getKey()))
                    out.add(method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
        return out;
    }

    JsonNode operation(String method, String path) {
        var op = document.path("paths").path(path).get(method.toLowerCase(Locale.ROOT));
        assertNotNull(op, method + " " + path + " is not in the OpenAPI document");
        return op;
    }

    /** {@code node} itself, or what its {@code $ref} names. */
    JsonNode resolve(JsonNode node) {
        var ref = node.get("$ref");
        if (ref == null) return node;
        String pointer = ref.asString();
        assertTrue(pointer.startsWith("#/"), pointer);
        var target = document.at(pointer.substring(1));
        assertTrue(!target.isMissingNode(), "unresolved " + pointer);
        return resolve(target);
    }

    /** Checks {@code r}, the answer to {@code method} on the route {@code path} (its pattern), against the document; returns it. */
    Http.Response check(String method, String path, Http.Response r) {
        String route = method + " " + path;
        var responses = operation(method, path).path("responses");
        var documented = responses.get(Integer.toString(r.status()));
        if (documented == null) documented = responses.get("default");
        if (documented == null) fail(route + " answered " + r.status() + ", which the document does not list (" + names(responses) + "): " + r.body());
        documented = resolve(documented);
        String type = r.contentType().split(";")[0].strip().toLowerCase(Locale.ROOT);
        var content = documented.path("content");
        if (content.isMissingNode() || content.isEmpty()) { // a response without a body: a redirect, 304
            if (!r.body().isEmpty()) fail(route + " answered " + r.status() + " with a body, which the document does not describe: " + abbreviate(r.body()));
            synchronized (covered) {
                covered.computeIfAbsent(route, k -> new TreeSet<>()).add(r.status());
            }
            return r;
        }
        var media = content.get(type);
        if (media == null) fail(route + " answered " + r.status() + " as " + type + ", which the document does not list (" + names(content) + ")");
        if (type.endsWith("json") && media.has("schema")) {
            JsonNode body;
            try {
                body = JSON.readTree(r.body());
            } catch (RuntimeException e) {
                throw new AssertionError(route + " answered " + r.status() + " with a body that is not JSON: " + r.body(), e);
            }
            var errors = schema(route + " " + r.status() + " " + type, media.get("schema")).validate(body);
            if (!errors.isEmpty())
                fail(route + " answered " + r.status() + " with a body the document's schema refuses:\n  "
                        + String.join("\n  ", errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList())
                        + "\nbody: " + abbreviate(r.body()));
        }
        synchronized (covered) {
            covered.computeIfAbsent(route, k -> new TreeSet<>()).add(r.status());
        }
        return r;
    }

    /**
     * Checks {@code r}, the answer to {@code method} on {@code path} (as sent), against the operation
     * of the first of {@code routes} (in the order Helidon tries them) that matches; an answer to
     * anything else (an unknown path, a method a path does not have) is no operation's and is let be.
     */
    Http.Response checkServed(List<ForecastServer.Route> routes, String method, String path, Http.Response r) {
        for (var route : routes) {
            if (!route.method().equals(method)) continue;
            var pattern = patterns.computeIfAbsent(route.path(), p -> Pattern.compile(p.replaceAll("\\{[^/}]+}", "[^/]+")));
            if (pattern.matcher(path).matches()) return check(method, route.path(), r);
        }
        return r;
    }

    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    /** The statuses checked, by route. */
    Map<String, Set<Integer>> covered() {
        synchronized (covered) {
            return new TreeMap<>(covered);
        }
    }

    /** The schema, standing in a document of its own beside the OpenAPI document's components, so that its {@code $ref}s resolve. */
    private Schema schema(String key, JsonNode schema) {
        return compiled.computeIfAbsent(key, k -> {
            ObjectNode root = JSON.createObjectNode();
            root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            root.set("components", document.get("components"));
            root.putArray("allOf").add(schema);
            return SCHEMAS.getSchema(root);
        });
    }

    private static String names(JsonNode object) {
        return String.join(", ", object.propertyNames());
    }

    private static String abbreviate(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) + "..." : s;
    }
}
