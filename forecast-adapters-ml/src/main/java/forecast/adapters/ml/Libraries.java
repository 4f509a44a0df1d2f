package forecast.adapters.ml;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Versions of the libraries behind the forecasters, for model provenance. */
final class Libraries {
    private Libraries() {}

    /**
     * The {@code Implementation-Version} of {@code type}'s package, else the {@code Version} (or {@code version}) key of
     * the properties resource {@code resource} next to it (null to skip), else {@code fallback}.
     */
    static String version(Class<?> type, String resource, String fallback) {
        String v = type.getPackage().getImplementationVersion();
        if (v != null && !v.isBlank()) return v;
        if (resource != null) {
            try (InputStream in = type.getResourceAsStream(resource)) {
                if (in != null) {
                    var p = new Properties();
                    p.load(in);
                    String found = p.getProperty("Version", p.getProperty("version"));
                    if (found != null && !found.isBlank()) return found.trim();
                }
            } catch (IOException e) {
                // unreadable resource: the fallback below is the version this module was built with
            }
        }
        return fallback;
    }
}
