package forecast.adapters.web;

import forecast.domain.evaluation.BacktestMetrics;
import forecast.domain.registry.DeploymentEvent;
import forecast.domain.registry.ModelVersion;
import forecast.domain.registry.SeriesMetrics;
import forecast.domain.training.TrainingJobs;
import java.util.List;
import java.util.function.ToDoubleFunction;
import forecast.domain.registry.Provenance;
import java.util.Locale;
import java.util.Map;

/** Model versions and deployment events as JSON. */
final class ModelJson {
    private ModelJson() {}

    /** {@code status} is {@code live}, {@code previous} (was live once) or {@code registered}. */
    static void version(JsonOut out, ModelVersion v, String status) {
        out.beginObject();
        members(out, v, status);
        out.endObject();
    }

    /**
     * One version in full: as {@link #version(JsonOut, ModelVersion, String)} with {@code "fitted"},
     * what its model fitted (ARIMA's orders and coefficients, the number of trees, a network's
     * shape) in the model's order, or {@code null} when the model could not be loaded; each series
     * of a local portfolio has its own {@code "fitted"} in {@code series_metrics}.
     */
    static void version(JsonOut out, ModelVersion v, String status, TrainingJobs.FittedDetails fitted) {
        out.beginObject();
        members(out, v, status);
        if (fitted == null) out.field("fitted", (String) null);
        else out.stringMap("fitted", fitted.model());
        if (v.portfolio()) {
            out.name("series_metrics").beginArray();
            for (var s : v.series()) {
                out.beginObject().field("series_id", s.seriesId()).field("observations", s.observations())
                        .field("data_from", s.dataFrom()).field("data_to", s.dataTo());
                metrics(out.name("metrics"), s.metrics());
                var own = fitted == null ? null : fitted.series().get(s.seriesId());
                if (own != null) out.stringMap("fitted", own);
                out.endObject();
            }
            out.endArray();
        }
        out.endObject();
    }

    private static void members(JsonOut out, ModelVersion v, String status) {
        out.field("model", v.model())
                .field("id", v.id())
                .field("label", v.label())
                .field("algorithm", v.algorithm())
                .stringMap("hyperparameters", shownAsHyperparameters(v));
        metrics(out.name("metrics"), v.metrics());
        if (v.portfolio()) portfolio(out.name("portfolio"), v.series());
        provenance(out.name("provenance"), v.provenance());
        out.field("sha256", v.sha256())
                .field("artifact_bytes", v.artifactBytes())
                .field("created_at", v.createdAt())
                .field("status", status);
    }

    /**
     * The version's hyperparameters with its provenance notes beside them, as versions showed them
     * before the notes were provenance: clients that read {@code hyperparameters.tuned_by} (or give
     * the whole object back to train again, which ignores the notes) keep working. The notes are
     * also under {@code provenance.notes}, where they belong.
     */
    private static Map<String, String> shownAsHyperparameters(ModelVersion v) {
        var shown = new java.util.TreeMap<>(v.provenance().notes());
        shown.putAll(v.hyperparameters().values());
        return shown;
    }

    /** A portfolio's backtest over its series: how many, and the mean and median of the figures that matter most. */
    private static void portfolio(JsonOut out, List<SeriesMetrics> series) {
        out.beginObject()
                .field("series", series.size())
                .field("mase_mean", mean(series, s -> s.metrics().mase()))
                .field("mase_median", median(series, s -> s.metrics().mase()))
                .field("mape_mean", mean(series, s -> s.metrics().mape()))
                .field("mape_median", median(series, s -> s.metrics().mape()))
                .field("coverage95_mean", mean(series, s -> s.metrics().coverage95()))
                .field("msis_mean", mean(series, s -> s.metrics().msis()))
                .endObject();
    }

    private static double mean(List<SeriesMetrics> series, ToDoubleFunction<SeriesMetrics> figure) {
        return series.stream().mapToDouble(figure).filter(Double::isFinite).average().orElse(Double.NaN);
    }

    private static double median(List<SeriesMetrics> series, ToDoubleFunction<SeriesMetrics> figure) {
        double[] v = series.stream().mapToDouble(figure).filter(Double::isFinite).sorted().toArray();
        if (v.length == 0) return Double.NaN;
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static void metrics(JsonOut out, BacktestMetrics m) {
        out.beginObject()
                .field("mape", m.mape())
                .field("smape", m.smape())
                .field("mase", m.mase())
                .field("rmse", m.rmse())
                .field("coverage_80", m.coverage80())
                .field("coverage_95", m.coverage95())
                .field("msis", m.msis())
                .field("width_80", m.width80())
                .field("width_95", m.width95())
                .field("folds", m.folds())
                .field("forecasts", m.forecasts())
                .field("horizon", m.horizon())
                .endObject();
    }

    private static void provenance(JsonOut out, Provenance p) {
        out.beginObject()
                .field("series_id", p.seriesId())
                .field("data_from", p.dataFrom())
                .field("data_to", p.dataTo())
                .field("observations", p.observations())
                .field("frequency", p.frequency())
                .strings("feature_names", p.featureNames())
                .stringMap("libraries", new java.util.TreeMap<>(p.libraries()))
                .stringMap("notes", new java.util.TreeMap<>(p.notes()))
                .endObject();
    }

    static void event(JsonOut out, DeploymentEvent e) {
        out.beginObject()
                .field("model", e.model())
                .field("sequence", e.sequence())
                .field("version", e.version())
                .field("action", e.action().name().toLowerCase(Locale.ROOT))
                .field("previous_version", e.previousVersion())
                .field("at", e.at())
                .field("reason", e.reason())
                .field("actor", e.actor())
                .endObject();
    }
}
