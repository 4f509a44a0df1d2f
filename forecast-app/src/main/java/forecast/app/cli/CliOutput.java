package forecast.app.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The client commands' output as text, without a server: for tests. */
public final class CliOutput {
    private CliOutput() {}

    /** What a job's progress {@code lines} draw, on a terminal or not. */
    public static String progress(boolean terminal, List<String> lines) {
        var bytes = new ByteArrayOutputStream();
        var progress = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), terminal);
        lines.forEach(progress::line);
        progress.done();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** {@code json} read and written back compactly. */
    public static String compact(String json) {
        return JsonText.write(JsonText.parse(json));
    }

    /** {@code json} read and written back pretty-printed. */
    public static String pretty(String json) {
        return JsonText.pretty(JsonText.parse(json));
    }

    /** {@code rows} (numbers as JSON numbers) as a table of {@code columns}. */
    public static String table(List<Map<String, Object>> rows, List<String> columns) {
        var bytes = new ByteArrayOutputStream();
        var json = rows.stream().map(r -> {
            var m = new LinkedHashMap<String, Object>();
            r.forEach((k, v) -> m.put(k, v instanceof Number n ? new BigDecimal(n.toString()) : v));
            return m;
        }).toList();
        Render.table(new PrintStream(bytes, true, StandardCharsets.UTF_8), json, columns);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
