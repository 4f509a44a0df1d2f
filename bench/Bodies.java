import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the benchmark's request bodies from test_data: the last {@code n} hours of the training
 * series with both features, asking for {@code horizon} steps; or a batch of {@code count} such
 * requests.
 * Usage: java bench/Bodies.java predict N HORIZON | batch COUNT N HORIZON
 */
public class Bodies {
    public static void main(String[] args) throws Exception {
        Path train = Path.of(System.getProperty("forecast.home", ".")).resolve("test_data/time_series_train.csv");
        List<String> lines = Files.readAllLines(train);
        if (args[0].equals("predict")) {
            System.out.print(predict(lines, Integer.parseInt(args[1]), Integer.parseInt(args[2])));
        } else {
            int count = Integer.parseInt(args[1]);
            var out = new StringBuilder("[");
            for (int i = 0; i < count; i++) {
                if (i > 0) out.append(',');
                out.append(predict(lines, Integer.parseInt(args[2]), Integer.parseInt(args[3])));
            }
            System.out.print(out.append(']'));
        }
    }

    static String predict(List<String> lines, int n, int horizon) {
        var rows = lines.subList(lines.size() - n, lines.size());
        var data = new StringBuilder("[");
        for (String line : rows) {
            String[] c = line.split(",", -1);
            if (data.length() > 1) data.append(',');
            data.append("[\"").append(c[0]).append("\",").append(c[1].isEmpty() ? "null" : c[1]).append(',').append(c[2]).append(',').append(c[3]).append(']');
        }
        return "{\"data\":" + data.append(']') + ",\"forecast_horizon\":" + horizon + "}";
    }
}
