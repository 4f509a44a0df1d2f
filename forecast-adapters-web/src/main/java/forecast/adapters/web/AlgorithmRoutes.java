package forecast.adapters.web;

import forecast.domain.forecasting.HyperparameterSpec;
import forecast.domain.series.Frequency;
import forecast.domain.series.TimeSeries;
import forecast.domain.training.ModelFamily;
import forecast.domain.training.TrainingJobs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET /algorithms}: every algorithm a training request may name, with its scope, every
 * hyperparameter it accepts (type, default, range, description) and its default search space.
 */
final class AlgorithmRoutes {
    /**
     * Search spaces scale with a series (its seasons, length and sign), so they are shown for one
     * that stands for the usual case: four weeks of positive hourly values, long enough for both
     * of hourly data's seasons.
     */
    static final String SEARCH_SPACE_FOR = "hourly data: 4 weeks (672 observations) of positive values, seasons 24 and 168";
    private static final TimeSeries REPRESENTATIVE = hourly(24 * 7 * 4);

    private final TrainingJobs jobs;

    AlgorithmRoutes(TrainingJobs jobs) {
        this.jobs = jobs;
    }

    /** {@code {"algorithms": [{"name", "scope", "hyperparameters", "search_space"}], "search_space_for"}}. */
    Reply list() {
        var families = jobs.families(REPRESENTATIVE);
        var out = new JsonOut(2048 + 2048 * families.size());
        out.beginObject().name("algorithms").beginArray();
        for (var f : families) family(out, f);
        out.endArray().field("search_space_for", SEARCH_SPACE_FOR).endObject();
        return Reply.ok(out);
    }

    private static void family(JsonOut out, ModelFamily f) {
        out.beginObject()
                .field("name", f.algorithm())
                .field("scope", f.scope().name().toLowerCase(Locale.ROOT));
        out.name("hyperparameters").beginArray();
        for (HyperparameterSpec s : f.hyperparameters()) {
            out.beginObject()
                    .field("name", s.name())
                    .field("type", s.type())
                    .field("default", s.defaultValue())
                    .field("range", s.range())
                    .field("description", s.description())
                    .endObject();
        }
        out.endArray();
        // written as the tuning API writes a study's search space
        out.name("search_space").beginObject();
        for (var e : f.searchSpace().entrySet()) out.name(e.getKey()).raw(e.getValue().toJson());
        out.endObject().endObject();
    }

    /** {@code n} hours of a daily and weekly cycle around 100, all positive. */
    private static TimeSeries hourly(int n) {
        var start = Instant.parse("2024-01-01T00:00:00Z");
        var times = new ArrayList<Instant>(n);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            times.add(start.plusSeconds(3600L * i));
            values[i] = 100 + 10 * Math.sin(2 * Math.PI * i / 24) + 5 * Math.sin(2 * Math.PI * i / 168);
        }
        return TimeSeries.of(times, values, List.of(), null, Frequency.HOURLY);
    }
}
