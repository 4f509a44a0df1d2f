package forecast.adapters.web;

import forecast.domain.evaluation.BacktestMetrics;
import forecast.domain.pipeline.Contender;
import forecast.domain.pipeline.PipelineRun;
import forecast.domain.pipeline.PipelineStep;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Retraining pipeline runs as JSON: what triggered a run and why, its state and outcome, its steps
 * in order and the contenders' backtests on the same folds. Durations are {@code null} until the
 * run or step has finished; enum values are lower-case.
 */
final class PipelineJson {
    private PipelineJson() {}

    static String href(PipelineRun run) {
        return "/pipeline/runs/" + run.id();
    }

    static void run(JsonOut out, PipelineRun r) {
        out.beginObject()
                .field("model", r.model())
                .field("id", r.id())
                .field("href", href(r))
                .field("trigger", lower(r.trigger()))
                .field("reason", r.reason())
                .field("state", lower(r.state()))
                .field("outcome", lower(r.outcome()))
                .field("series_id", r.seriesId())
                .field("live_version", r.liveVersion())
                .field("candidate_version", r.candidateVersion())
                .field("experiment", r.experiment())
                .field("started_at", r.startedAt())
                .field("finished_at", r.finishedAt());
        millis(out.name("duration_ms"), r.startedAt(), r.finishedAt());
        out.field("detail", r.detail()).name("steps").beginArray();
        for (var s : r.steps()) step(out, s);
        out.endArray().name("contenders").beginArray();
        for (var c : r.contenders()) contender(out, c);
        out.endArray().endObject();
    }

    private static void step(JsonOut out, PipelineStep s) {
        out.beginObject()
                .field("position", s.position())
                .field("name", s.name())
                .field("state", lower(s.state()))
                .field("started_at", s.startedAt())
                .field("finished_at", s.finishedAt());
        millis(out.name("duration_ms"), s.startedAt(), s.finishedAt());
        out.field("detail", s.detail()).endObject();
    }

    private static void contender(JsonOut out, Contender c) {
        var m = c.metrics() == null ? BacktestMetrics.NONE : c.metrics();
        out.beginObject()
                .field("role", c.role())
                .field("version", c.version())
                .field("algorithm", c.algorithm())
                .field("mape", m.mape())
                .field("smape", m.smape())
                .field("mase", m.mase())
                .field("rmse", m.rmse())
                .field("coverage80", m.coverage80())
                .field("coverage95", m.coverage95())
                .field("msis", m.msis())
                .endObject();
    }

    private static void millis(JsonOut out, Instant from, Instant to) {
        if (from == null || to == null) out.nullValue();
        else out.value(Duration.between(from, to).toMillis());
    }

    private static String lower(Enum<?> e) {
        return e == null ? null : e.name().toLowerCase(Locale.ROOT);
    }
}
