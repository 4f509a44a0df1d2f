package forecast.app;

import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.preprocessing.Imputation;
import forecast.domain.series.Frequency;
import forecast.domain.series.SeriesId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** {@code model_config.json}: which model to train on first start, and under which label. */
record ModelConfig(SeriesId seriesId, String label, String algorithm, Frequency frequency, Imputation imputation,
                   Hyperparameters hyperparameters) {

    static ModelConfig read(Path file) throws IOException {
        Map<String, Object> json;
        try (var in = Files.newBufferedReader(file)) {
            // JSON is YAML, so the YAML parser we already have reads it
            json = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }
        var params = new TreeMap<String, String>();
        if (json.get("hyperparameters") instanceof Map<?, ?> m) m.forEach((k, v) -> params.put(String.valueOf(k), String.valueOf(v)));
        Object frequency = json.get("frequency");
        return new ModelConfig(
                new SeriesId(String.valueOf(json.getOrDefault("series_id", "default"))),
                json.get("version") == null ? null : String.valueOf(json.get("version")),
                String.valueOf(json.getOrDefault("algorithm", "xgboost")),
                frequency == null ? null : Frequency.parse(String.valueOf(frequency)),
                Imputation.parse(String.valueOf(json.getOrDefault("imputation", "linear"))),
                new Hyperparameters(params));
    }
}
