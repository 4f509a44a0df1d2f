/**
 * The HTTP adapter: the predict, model and deployment use cases as JSON over Helidon SE, with
 * health and Prometheus metrics under {@code /observe}. Helidon and JSON-P types stay inside, so
 * the composition root needs nothing but {@link forecast.adapters.web.ForecastServer}, its
 * settings and the domain services.
 */
module forecast.adapters.web {
    requires transitive forecast.domain; // its types are in this module's API
    requires io.helidon.common;
    requires io.helidon.webserver;
    requires io.helidon.webserver.observe;
    requires io.helidon.webserver.observe.metrics;
    requires io.helidon.webserver.observe.health;
    requires io.helidon.health;
    requires io.helidon.metrics.api;
    requires io.helidon.service.registry;
    requires io.helidon.http;
    requires io.helidon.openapi; // GET /openapi serves META-INF/openapi.yaml (Swagger UI's webjar is read as class-path resources)
    requires io.helidon.webserver.staticcontent; // the dashboard's pages under /ui
    requires java.net.http; // the webhook alert sink
    requires jakarta.json;
    requires com.fasterxml.jackson.core; // streaming reads of request bodies

    exports forecast.adapters.web;
}
