package forecast.domain.training;

import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.preprocessing.Imputation;
import forecast.domain.series.Frequency;
import forecast.domain.series.SeriesId;
import forecast.domain.series.TimeSeries;
import forecast.domain.tuning.Distribution;
import forecast.domain.tuning.DistributionJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training job's payload: everything needed to run it again from its start after a restart, as
 * flat text the job queue stores. A series sent inline is kept in it (one line per row: epoch
 * nanoseconds, value, features; {@code NaN} for a gap), since it may not be a stored series.
 */
final class TrainingPayload {
    private TrainingPayload() {}

    static final String KIND = "training";
    private static final String HYPER = "hyperparameters.";
    private static final String SPACE = "tune.search_space.";

    /** One series' training, deployed when {@code deploy}. */
    static Map<String, String> of(TrainingRequest r, boolean deploy, String actor) {
        var p = common(r.model(), r.algorithm(), r.hyperparameters(), r.imputation(), r.label(), deploy, actor);
        p.put("series_id", r.seriesId().value());
        if (r.series() != null) p.put("series", SeriesText.write(r.series()));
        var t = r.tune();
        if (t != null) {
            put(p, "tune.n_trials", t.nTrials());
            put(p, "tune.timeout_ms", t.timeout() == null ? null : t.timeout().toMillis());
            put(p, "tune.study", t.study());
            put(p, "tune.metric", t.metric());
            put(p, "tune.seed", t.seed());
            t.searchSpace().forEach((name, d) -> p.put(SPACE + name, DistributionJson.write(d)));
        }
        return p;
    }

    /** A portfolio's training. */
    static Map<String, String> of(PortfolioRequest r, boolean deploy, String actor) {
        var p = common(r.model(), r.algorithm(), r.hyperparameters(), r.imputation(), r.label(), deploy, actor);
        p.put("portfolio.series", String.join(",", r.series().stream().map(SeriesId::value).toList()));
        p.put("portfolio.parallelism", String.valueOf(r.parallelism()));
        put(p, "portfolio.selection", r.selection());
        return p;
    }

    private static Map<String, String> common(String model, String algorithm, Hyperparameters h, Imputation imputation, String label,
                                              boolean deploy, String actor) {
        var p = new LinkedHashMap<String, String>();
        p.put("model", model);
        p.put("algorithm", algorithm);
        h.values().forEach((k, v) -> p.put(HYPER + k, v));
        p.put("imputation", imputation.id());
        put(p, "label", label);
        p.put("deploy", String.valueOf(deploy));
        put(p, "actor", actor);
        return p;
    }

    private static void put(Map<String, String> p, String key, Object value) {
        if (value != null) p.put(key, value.toString());
    }

    static boolean portfolio(Map<String, String> p) {
        return p.containsKey("portfolio.series");
    }

    static boolean deploy(Map<String, String> p) {
        return Boolean.parseBoolean(p.get("deploy"));
    }

    static String actor(Map<String, String> p) {
        return p.get("actor");
    }

    /** What the job trains on, as its listing shows it: the series id, or how many series a portfolio covers. */
    static String seriesLabel(Map<String, String> p) {
        if (!portfolio(p)) return p.get("series_id");
        var ids = p.get("portfolio.series").split(",");
        return ids.length == 1 ? ids[0] : ids.length + " series";
    }

    private static Hyperparameters hyperparameters(Map<String, String> p) {
        var h = new LinkedHashMap<String, String>();
        p.forEach((k, v) -> {
            if (k.startsWith(HYPER)) h.put(k.substring(HYPER.length()), v);
        });
        return new Hyperparameters(h);
    }

    static TrainingRequest request(Map<String, String> p) {
        TrainingRequest.TuningBudget tune = null;
        if (p.containsKey("tune.n_trials") || p.containsKey("tune.timeout_ms")) {
            var space = new LinkedHashMap<String, Distribution>();
            p.forEach((k, v) -> {
                if (k.startsWith(SPACE)) space.put(k.substring(SPACE.length()), DistributionJson.read(v));
            });
            tune = new TrainingRequest.TuningBudget(p.containsKey("tune.n_trials") ? Integer.valueOf(p.get("tune.n_trials")) : null,
                    p.containsKey("tune.timeout_ms") ? Duration.ofMillis(Long.parseLong(p.get("tune.timeout_ms"))) : null, p.get("tune.study"),
                    space, p.get("tune.metric"), p.containsKey("tune.seed") ? Long.valueOf(p.get("tune.seed")) : null);
        }
        TimeSeries series = p.containsKey("series") ? SeriesText.read(p.get("series")) : null;
        return new TrainingRequest(p.get("model"), new SeriesId(p.get("series_id")), series, p.get("algorithm"), hyperparameters(p),
                Imputation.parse(p.get("imputation")), p.get("label"), tune);
    }

    static PortfolioRequest portfolioRequest(Map<String, String> p) {
        var ids = new ArrayList<SeriesId>();
        for (var id : p.get("portfolio.series").split(",")) ids.add(new SeriesId(id));
        return new PortfolioRequest(p.get("model"), ids, p.get("algorithm"), hyperparameters(p), Imputation.parse(p.get("imputation")),
                p.get("label"), Integer.parseInt(p.get("portfolio.parallelism")), p.get("portfolio.selection"));
    }

    /** A series as text: a header line (frequency, then the feature names) and a line per row. */
    static final class SeriesText {
        private SeriesText() {}

        static String write(TimeSeries s) {
            var sb = new StringBuilder(s.size() * 24);
            sb.append(s.frequency());
            for (var name : s.featureNames()) sb.append('\t').append(name);
            for (int i = 0; i < s.size(); i++) {
                Instant t = s.time(i);
                sb.append('\n').append(t.getEpochSecond()).append('.').append(t.getNano()).append('\t').append(s.value(i));
                for (int f = 0; f < s.featureCount(); f++) sb.append('\t').append(s.feature(i, f));
            }
            return sb.toString();
        }

        static TimeSeries read(String text) {
            var lines = text.split("\n");
            var header = lines[0].split("\t", -1);
            var names = List.of(header).subList(1, header.length);
            var times = new ArrayList<Instant>(lines.length - 1);
            var values = new double[lines.length - 1];
            var features = names.isEmpty() ? null : new double[lines.length - 1][];
            for (int i = 1; i < lines.length; i++) {
                var cells = lines[i].split("\t", -1);
                int dot = cells[0].indexOf('.');
                times.add(Instant.ofEpochSecond(Long.parseLong(cells[0].substring(0, dot)), Long.parseLong(cells[0].substring(dot + 1))));
                values[i - 1] = Double.parseDouble(cells[1]);
                if (features != null) {
                    features[i - 1] = new double[names.size()];
                    for (int f = 0; f < names.size(); f++) features[i - 1][f] = Double.parseDouble(cells[2 + f]);
                }
            }
            return TimeSeries.of(times, values, names, features, Frequency.parse(header[0]));
        }
    }
}
