package forecast.adapters.ml;

import forecast.domain.series.TimeSeries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One of the R reference fixtures in {@code src/test/resources/reference} (see its README): the
 * series as a {@link TimeSeries} and the JSON results (ARIMA; ETS through {@link #ets()}). Timestamps are read as dates at midnight
 * UTC; for lh, WWWusage and BJsales the year is the observation number, which still gives a
 * regular (yearly) series.
 */
record ArimaReference(String name, TimeSeries series, Map<String, Object> json) {
    static final List<String> NAMES = List.of("lh", "WWWusage", "JohnsonJohnson", "austres", "BJsales",
            "Seatbelts_front", "sunspot_month_1900_1979", "uspop");
    private static final Path ROOT = Path.of("src", "test", "resources", "reference");

    static ArimaReference load(String name) {
        try {
            var json = ArimaJson.object(ArimaJson.parse(Files.readString(ROOT.resolve("arima").resolve(name + ".json"))));
            var lines = Files.readAllLines(ROOT.resolve("series").resolve(name + ".csv"));
            var times = new ArrayList<Instant>();
            double[] values = new double[lines.size() - 1];
            for (int i = 1; i < lines.size(); i++) {
                String[] cells = lines.get(i).split(",");
                times.add(LocalDate.parse(cells[0]).atStartOfDay(ZoneOffset.UTC).toInstant());
                values[i - 1] = Double.parseDouble(cells[1]);
            }
            return new ArimaReference(name, TimeSeries.of(times, values), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The series' {@code ets/NAME.json}: R's {@code ets()} fits (see the README's last section). */
    Map<String, Object> ets() {
        try {
            return ArimaJson.object(ArimaJson.parse(Files.readString(ROOT.resolve("ets").resolve(name + ".json"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int period() {
        return ((Double) json.get("period")).intValue();
    }

    boolean logged() {
        return "log".equals(json.get("transform"));
    }

    /** The modelled values: logged where the fixture says so. */
    double[] modelled() {
        double[] v = series.values();
        if (logged()) for (int i = 0; i < v.length; i++) v[i] = Math.log(v[i]);
        return v;
    }

    List<Map<String, Object>> models() {
        return ArimaJson.array(json.get("models")).stream().map(ArimaJson::object).toList();
    }

    Map<String, Object> auto() {
        return ArimaJson.object(json.get("auto_arima"));
    }

    /** The fixture's model as a spec. */
    static ArimaSpec spec(Map<String, Object> model) {
        int[] o = ArimaJson.ints(model.get("order"));
        int[] s = ArimaJson.ints(model.get("seasonal_order"));
        int m = ((Double) model.get("period")).intValue();
        boolean constant = Boolean.TRUE.equals(model.get("include_mean")) || Boolean.TRUE.equals(model.get("include_drift"));
        return new ArimaSpec(o[0], o[1], o[2], m == 1 ? 0 : s[0], m == 1 ? 0 : s[1], m == 1 ? 0 : s[2], m, constant);
    }

    static double number(Map<String, Object> model, String key) {
        return (Double) model.get(key);
    }

    static Map<String, Object> block(Map<String, Object> model, String key) {
        return ArimaJson.object(model.get(key));
    }
}
