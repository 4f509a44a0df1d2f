package forecast.domain.experiment;

import java.util.List;

/**
 * Start an experiment, as {@code POST /ab-test/start} writes it: {@code models} (ids or labels)
 * and their {@code trafficSplit}, {@code durationHours}; {@code metric} (null: MAPE),
 * {@code minSamples} (null: 100 scored predictions per arm), {@code sticky} (null: true),
 * {@code scope} (a series id, or null for all traffic).
 */
public record StartRequest(String name, List<String> models, List<Double> trafficSplit, Double durationHours, String metric,
                           Integer minSamples, Boolean sticky, String scope, String actor) {}
