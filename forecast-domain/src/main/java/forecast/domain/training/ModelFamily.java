package forecast.domain.training;

import forecast.domain.forecasting.HyperparameterSpec;
import forecast.domain.forecasting.Scope;
import forecast.domain.tuning.Distribution;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An algorithm a training request may name, as a catalogue shows it: whether one model describes
 * one series or many, every hyperparameter it accepts (a name outside them is refused), and the
 * search space tuning starts from for a given series (empty when it cannot be tuned).
 */
public record ModelFamily(String algorithm, Scope scope, List<HyperparameterSpec> hyperparameters, Map<String, Distribution> searchSpace) {
    public ModelFamily {
        if (algorithm == null || scope == null) throw new IllegalArgumentException("a family needs its algorithm and scope");
        hyperparameters = List.copyOf(hyperparameters);
        searchSpace = Collections.unmodifiableMap(new LinkedHashMap<>(searchSpace));
    }
}
