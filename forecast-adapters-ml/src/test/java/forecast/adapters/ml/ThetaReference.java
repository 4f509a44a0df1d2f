package forecast.adapters.ml;

import static org.junit.jupiter.api.Assertions.fail;

import forecast.domain.series.TimeSeries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * One of R's {@code thetaf} fixtures ({@code src/test/resources/reference/theta}, written by
 * {@code make_ets_theta.R}; see the README there): the series, read as {@link ArimaReference}
 * reads it from {@code series/}, and the JSON. A missing fixture skips the test, except under
 * {@code CI=true}, where it fails: CI must never pass by not comparing.
 */
record ThetaReference(String name, TimeSeries series, Map<String, Object> json) {
    private static final Path ROOT = Path.of("src", "test", "resources", "reference");

    static ThetaReference load(String name) {
        Path file = ROOT.resolve("theta").resolve(name + ".json");
        if (!Files.isRegularFile(file)) {
            String why = "R thetaf fixture " + file.toAbsolutePath() + " is missing (copy it from the reference folder, see its README)";
            if ("true".equals(System.getenv("CI"))) fail("CI=true: " + why);
            Assumptions.abort(why);
        }
        try {
            var json = ArimaJson.object(ArimaJson.parse(Files.readString(file)));
            return new ThetaReference(name, ArimaReference.load(name).series(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** R's frequency as the seasonal period: 1 for frequencies up to 1 (uspop's is 0.1). */
    int period() {
        return Math.max(1, ((Double) json.get("period")).intValue());
    }

    int horizon() {
        return ((Double) json.get("h")).intValue();
    }

    double[] forecast(String key) {
        return ArimaJson.doubles(ArimaJson.object(json.get("forecast")).get(key));
    }
}
