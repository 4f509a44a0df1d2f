package forecast.adapters.web;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.staticcontent.ClasspathHandlerConfig;
import io.helidon.webserver.staticcontent.StaticContentFeature;

/**
 * The dashboard: static pages under {@code /ui} from this module's {@code dashboard-ui/} resources
 * (a folder whose name is no package name, so that the class loader finds it in a named module
 * without an {@code opens}), uPlot's JS and CSS under {@code /ui/vendor/uplot/} from its webjar, and
 * {@code /} redirecting to {@code /ui/}. The pages read the JSON API from the same origin; the files
 * themselves need no key ({@link AdminAuth} guards API routes only).
 */
final class Dashboard {
    /** Where the webjar {@code org.webjars.npm:uplot} keeps uPlot's built files. */
    static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist";

    /** The routes it serves: the two redirects, and every file under {@code /ui/} (a path that may hold slashes). */
    static final java.util.List<ForecastServer.Route> ROUTES = java.util.List.of(new ForecastServer.Route("GET", "/"),
            new ForecastServer.Route("GET", "/ui"), new ForecastServer.Route("GET", "/ui/{path}"));

    private Dashboard() {}

    static void register(HttpRouting.Builder routing) {
        ClassLoader loader = Dashboard.class.getClassLoader();
        // the pages' relative links need the trailing slash
        routing.get("/", (req, res) -> res.status(Status.FOUND_302).header(HeaderNames.LOCATION, "/ui/").send())
                .get("/ui", (req, res) -> res.status(Status.FOUND_302).header(HeaderNames.LOCATION, "/ui/").send())
                .register("/ui/vendor/uplot", StaticContentFeature.createService(ClasspathHandlerConfig.builder()
                        .location(UPLOT).classLoader(loader).build()))
                .register("/ui", StaticContentFeature.createService(ClasspathHandlerConfig.builder()
                        .location("dashboard-ui").welcome("index.html").classLoader(loader).build()));
    }
}
