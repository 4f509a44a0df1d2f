import java.io.InputStreamReader;
import java.io.BufferedReader;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/** Reads a finished training job (JSON on stdin) and prints: version, fit seconds, backtest MAPE and MASE. */
public class JobSummary {
    public static void main(String[] args) throws Exception {
        String json = new BufferedReader(new InputStreamReader(System.in)).lines().reduce("", String::concat);
        if (!json.contains("\"status\":\"succeeded\"")) {
            System.err.println(json);
            System.exit(1);
        }
        String version = find(json, "\"model_version\":\"([^\"]+)\"");
        var fit = Duration.between(Instant.parse(find(json, "\"started_at\":\"([^\"]+)\"")), Instant.parse(find(json, "\"finished_at\":\"([^\"]+)\"")));
        String mape = find(json, "\"mape\":([-0-9.eE]+|null)");
        String mase = find(json, "\"mase\":([-0-9.eE]+|null)");
        System.out.printf(java.util.Locale.ROOT, "%s %.1f %s %s%n", version, fit.toMillis() / 1000.0, round(mape), round(mase));
    }

    static String find(String json, String regex) {
        var m = Pattern.compile(regex).matcher(json);
        return m.find() ? m.group(1) : "null";
    }

    static String round(String number) {
        return number.equals("null") ? "-" : String.format(java.util.Locale.ROOT, "%.3f", Double.parseDouble(number));
    }
}
