package forecast.domain.experiment;

import java.util.List;

/**
 * Start an experiment, as {@code POST /ab-test/start} writes it: {@code models} (ids or labels)
 * and their {@code trafficSplit}, {@code durationHours}; {@code metric} (null: MAPE),
 * {@code minSamples} (null: 100 scored predictions per arm), {@code sticky} (null: true),
 * {@code scope} (a series id, or null for all traffic); {@code model} the model whose versions
 * the arms are and whose traffic it takes (null: {@code default}).
 */
public record StartRequest(String model, String name, List<String> models, List<Double> trafficSplit, Double durationHours, String metric,
                           Integer minSamples, Boolean sticky, String scope, String actor) {
    /** A test of the model {@code default}. */
    public StartRequest(String name, List<String> models, List<Double> trafficSplit, Double durationHours, String metric,
                        Integer minSamples, Boolean sticky, String scope, String actor) {
        this(null, name, models, trafficSplit, durationHours, metric, minSamples, sticky, scope, actor);
    }
}
