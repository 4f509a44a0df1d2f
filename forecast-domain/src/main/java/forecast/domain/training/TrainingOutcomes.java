package forecast.domain.training;

import forecast.domain.registry.ModelRegistry;
import forecast.domain.series.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A training job's {@link TrainingResult} as the flat result the job queue stores, and back: a
 * trained version by its id (read again from the registry), a refusal with what it needs to be
 * answered as the same problem after a restart.
 */
final class TrainingOutcomes {
    private TrainingOutcomes() {}

    static Map<String, String> write(TrainingResult result, String deployed) {
        var out = new LinkedHashMap<String, String>();
        switch (result) {
            case TrainingResult.Trained t -> {
                out.put("outcome", "trained");
                out.put("version", t.version().id());
                t.skipped().forEach((id, why) -> out.put("skipped." + id, why));
            }
            case TrainingResult.NoSeriesTrained n -> {
                out.put("outcome", "no_series_trained");
                n.reasons().forEach((id, why) -> out.put("reason." + id, why));
            }
            case TrainingResult.UnknownAlgorithm u -> {
                out.put("outcome", "unknown_algorithm");
                out.put("algorithm", u.algorithm());
                out.put("known", String.join(",", new TreeSet<>(u.known())));
            }
            case TrainingResult.InsufficientHistory i -> {
                out.put("outcome", "insufficient_history");
                out.put("required", String.valueOf(i.required()));
                out.put("actual", String.valueOf(i.actual()));
            }
            case TrainingResult.LabelTaken l -> {
                out.put("outcome", "label_taken");
                out.put("label", l.label());
            }
            case TrainingResult.TuningFailed t -> {
                out.put("outcome", "tuning_failed");
                out.put("field", t.field());
                out.put("message", t.message());
            }
            case TrainingResult.InvalidHyperparameters h -> {
                out.put("outcome", "invalid_hyperparameters");
                out.put("message", h.message());
                for (int i = 0; i < h.violations().size(); i++) {
                    out.put("violation." + i + ".field", h.violations().get(i).field());
                    out.put("violation." + i + ".message", h.violations().get(i).message());
                }
            }
        }
        if (deployed != null) out.put("deployed", deployed);
        return out;
    }

    /** The result {@link #write} stored, or null when none was (the job failed outright, or has not ended). */
    static TrainingResult read(Map<String, String> r, ModelRegistry registry) {
        String outcome = r.get("outcome");
        if (outcome == null) return null;
        return switch (outcome) {
            case "trained" -> registry.find(r.get("version"))
                    .<TrainingResult>map(v -> new TrainingResult.Trained(v, null, null, prefixed(r, "skipped.")))
                    .orElse(null);
            case "no_series_trained" -> new TrainingResult.NoSeriesTrained(prefixed(r, "reason."));
            case "unknown_algorithm" -> new TrainingResult.UnknownAlgorithm(r.get("algorithm"), Set.of(r.get("known").split(",")));
            case "insufficient_history" -> new TrainingResult.InsufficientHistory(Integer.parseInt(r.get("required")), Integer.parseInt(r.get("actual")));
            case "label_taken" -> new TrainingResult.LabelTaken(r.get("label"));
            case "tuning_failed" -> new TrainingResult.TuningFailed(r.get("field"), r.get("message"));
            case "invalid_hyperparameters" -> {
                var violations = new ArrayList<Violation>();
                for (int i = 0; r.containsKey("violation." + i + ".field"); i++)
                    violations.add(new Violation(r.get("violation." + i + ".field"), r.get("violation." + i + ".message")));
                yield new TrainingResult.InvalidHyperparameters(r.get("message"), List.copyOf(violations));
            }
            default -> null;
        };
    }

    private static Map<String, String> prefixed(Map<String, String> r, String prefix) {
        var out = new TreeMap<String, String>();
        r.forEach((k, v) -> {
            if (k.startsWith(prefix)) out.put(k.substring(prefix.length()), v);
        });
        return out;
    }
}
