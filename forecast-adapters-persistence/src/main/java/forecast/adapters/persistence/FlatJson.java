package forecast.adapters.persistence;

import forecast.domain.tuning.DistributionJson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A flat JSON object of strings ({@code {"algorithm":"arima","deploy":"true"}}): how the job queue
 * stores a job's payload and result, readable in SQL (H2's and PostgreSQL's JSON functions read it).
 * Keys are written sorted. The writing and reading are the domain's small JSON reader's, which this
 * module has no library of its own for.
 */
final class FlatJson {
    private FlatJson() {}

    static String write(Map<String, String> map) {
        var sb = new StringBuilder("{");
        for (var e : new TreeMap<>(map).entrySet()) {
            if (sb.length() > 1) sb.append(',');
            sb.append(DistributionJson.value(e.getKey())).append(':').append(DistributionJson.value(e.getValue()));
        }
        return sb.append('}').toString();
    }

    /** Reads what {@link #write} wrote. */
    static Map<String, String> read(String json) {
        if (!(DistributionJson.parse(json) instanceof Map<?, ?> parsed)) throw new IllegalArgumentException("not a JSON object: " + json);
        var out = new LinkedHashMap<String, String>();
        parsed.forEach((k, v) -> out.put((String) k, v == null ? null : v.toString()));
        return out;
    }
}
