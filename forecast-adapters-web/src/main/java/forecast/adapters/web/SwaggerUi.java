package forecast.adapters.web;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * {@code GET /openapi/ui}: Swagger UI on the API's own OpenAPI document ({@code /openapi}), its
 * files served from the {@code org.webjars:swagger-ui} jar on the class path, so that the page
 * loads nothing from anywhere else. The webjar's own {@code swagger-initializer.js} (which points
 * at a demo API elsewhere) is not used: the index page starts the UI itself, on {@code /openapi},
 * with the online validator badge off (it would send the document to a third party).
 */
final class SwaggerUi {
    static final String PATH = ForecastServer.OPENAPI + "/ui";
    /** The routes this class registers, as {@link ForecastServer#routes()} tells them. */
    static final List<ForecastServer.Route> ROUTES = List.of(new ForecastServer.Route("GET", PATH), new ForecastServer.Route("GET", PATH + "/{file}"));
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*\\.(js|css|png|html)");
    private static final Map<String, String> TYPES = Map.of("js", "text/javascript; charset=UTF-8", "css", "text/css; charset=UTF-8",
            "png", "image/png", "html", "text/html; charset=UTF-8");
    private static final String INDEX = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="UTF-8">
              <title>Forecast API</title>
              <link rel="stylesheet" type="text/css" href="%1$s/swagger-ui.css">
              <link rel="icon" type="image/png" href="%1$s/favicon-32x32.png" sizes="32x32">
              <link rel="icon" type="image/png" href="%1$s/favicon-16x16.png" sizes="16x16">
            </head>
            <body>
              <div id="swagger-ui"></div>
              <script src="%1$s/swagger-ui-bundle.js" charset="UTF-8"></script>
              <script src="%1$s/swagger-ui-standalone-preset.js" charset="UTF-8"></script>
              <script>
                window.onload = function () {
                  window.ui = SwaggerUIBundle({
                    url: "%2$s",
                    dom_id: "#swagger-ui",
                    deepLinking: true,
                    validatorUrl: null,
                    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
                    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
                    layout: "StandaloneLayout"
                  });
                };
              </script>
            </body>
            </html>
            """.formatted(PATH, ForecastServer.OPENAPI);

    /** The webjar's version, from its Maven properties: its files are under a folder of that name. */
    private final String root;

    SwaggerUi() {
        this.root = WEBJAR + version() + "/";
    }

    void register(HttpRouting.Builder routing) {
        routing.route(Method.GET, PATH, (req, res) -> send(res, 200, TYPES.get("html"), INDEX.getBytes(StandardCharsets.UTF_8)));
        routing.route(Method.GET, PATH + "/{file}", this::file);
    }

    private void file(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("file");
        // the webjar's initializer would load a demo API from elsewhere; the index page does its work
        if (!FILE.matcher(name).matches() || name.equals("swagger-initializer.js") || name.equals("index.html")) {
            res.next();
            return;
        }
        try (InputStream in = loader().getResourceAsStream(root + name)) {
            if (in == null) {
                res.next(); // the API's 404 problem
                return;
            }
            res.header(HeaderNames.CACHE_CONTROL, "max-age=86400");
            send(res, 200, TYPES.get(name.substring(name.lastIndexOf('.') + 1)), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void send(ServerResponse res, int status, String type, byte[] body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, type);
        res.send(body);
    }

    private static ClassLoader loader() {
        return SwaggerUi.class.getClassLoader();
    }

    private static String version() {
        try (InputStream in = loader().getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) throw new IllegalStateException("the org.webjars:swagger-ui jar is not on the class path or module path");
            var p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
