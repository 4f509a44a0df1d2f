package forecast.app;

import forecast.adapters.ml.MlAdapters;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.preprocessing.Imputation;
import forecast.domain.series.SeriesId;
import forecast.domain.series.TimeSeries;
import forecast.domain.training.ForecasterTuning;
import forecast.domain.training.TrialProgress;
import forecast.domain.training.TuningRequest;
import forecast.domain.tuning.Distribution;
import forecast.domain.tuning.Studies;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code forecast tune --algorithm A [--trials N] [--timeout SECONDS] [--study NAME] [--resume]
 * [--series-file FILE.csv] [--series-id ID] [--metric mase] [--sampler auto] [--pruner median] [--seed N]
 * [--parallelism P] [--set key=value ...] [--space name=JSON ...] [--data DIR]}: tunes a forecaster in this process,
 * printing each trial as it finishes (trial k of N, its value, the best so far), on the same
 * database as the server (H2 lets both open it), so the study shows in {@code GET /tuning/studies}.
 * Without {@code --series-file} it tunes on the stored history of the series, or else on the configured
 * training file. {@code --data DIR} is the data directory, as for {@code serve} (default: the
 * configured {@code data.directory}); the output says which database the study went to, and ends
 * with the {@code forecast train} command that trains the best settings on the series it tuned on.
 */
final class TuneCommand {
    static final String USAGE = "usage: forecast tune --algorithm xgboost|lstm|arima [--trials N] [--timeout SECONDS] [--study NAME] [--resume]\n"
            + "                      [--series-file FILE.csv] [--series-id ID] [--metric mase|mape|smape|rmse] [--sampler auto|gp|tpe|multivariate_tpe|random]\n"
            + "                      [--pruner median|successive_halving|none] [--seed N] [--parallelism P] [--data DIR]\n"
            + "                      [--set key=value ...]  fixed hyperparameters\n"
            + "                      [--space name=JSON ...] search-space entries, such as rounds={\"type\":\"int\",\"low\":50,\"high\":300}";

    private TuneCommand() {}

    static int run(ForecastConfig config, Map<String, String> options, Map<String, String> fixed, Map<String, Distribution> space, PrintStream out) throws IOException {
        String algorithm = options.get("--algorithm");
        if (algorithm == null) throw new IllegalArgumentException("--algorithm is required");
        Integer trials = options.containsKey("--trials") ? positive("--trials", options.get("--trials")) : null;
        Duration timeout = options.containsKey("--timeout") ? Duration.ofSeconds(positive("--timeout", options.get("--timeout"))) : null;
        if (trials == null && timeout == null) trials = 20;
        String study = options.getOrDefault("--study", algorithm + "-" + Long.toString(System.currentTimeMillis(), 36));
        var seriesId = new SeriesId(options.getOrDefault("--series-id", SeriesId.DEFAULT.value()));
        Long seed = options.containsKey("--seed") ? Long.parseLong(options.get("--seed")) : null;
        int parallelism = options.containsKey("--parallelism") ? positive("--parallelism", options.get("--parallelism")) : 1;

        try (var persistence = config.openDatabase()) {
            TimeSeries series;
            String source;
            String trainOn; // the options of `forecast train` that train on the same series
            if (options.containsKey("--series-file")) {
                Path file = Path.of(options.get("--series-file"));
                if (!java.nio.file.Files.isRegularFile(file)) throw new IllegalArgumentException("--series-file " + file + ": no such file");
                series = SeriesCsv.read(file);
                source = options.get("--series-file");
                trainOn = "--series-file " + quoted(file.toAbsolutePath().normalize().toString());
            } else if (persistence.observationStore().history(seriesId).isPresent()) {
                series = persistence.observationStore().history(seriesId).get();
                source = "the stored history of " + seriesId.value();
                trainOn = "--series-id " + quoted(seriesId.value());
            } else if (config.bootstrap() != null) {
                series = SeriesCsv.read(config.bootstrap().trainFile());
                source = config.bootstrap().trainFile().toString();
                trainOn = "--series-file " + quoted(config.bootstrap().trainFile().toAbsolutePath().normalize().toString());
            } else {
                throw new IllegalArgumentException("no data: give --series-file FILE.csv (no history is stored for " + seriesId.value() + ")");
            }
            out.println("database: " + persistence.jdbcUrl().replaceAll("(?i)password=[^&;]*", "password=***")
                    + (config.database().isDefault() ? " (data directory " + config.dataDir().toAbsolutePath().normalize() + ")" : ""));
            var studies = new Studies(persistence.studyStore(), MlAdapters.samplers(), Clock.systemUTC());
            var tuning = new ForecasterTuning(forecastersByName(), studies, Clock.systemUTC());
            var request = new TuningRequest(study, seriesId, series, algorithm, new Hyperparameters(fixed), Imputation.LINEAR, space,
                    options.get("--metric"), trials, timeout, parallelism, options.get("--sampler"), seed, options.get("--pruner"),
                    options.containsKey("--resume"));
            var prepared = tuning.prepare(request);
            var definition = prepared.study().definition();
            out.printf(Locale.ROOT, "study %s: %s on %s (%d observations), %s by %s sampler (seed %d), %s pruner, backtest %s%n",
                    study, algorithm, source, series.size(), request.metric(), definition.sampler(), definition.seed(), definition.pruner(), prepared.spec());
            out.println("search space: " + prepared.space().entrySet().stream().map(e -> e.getKey() + " " + e.getValue().toJson()).toList());
            var lines = new TrialProgress(trials);
            var outcome = tuning.run(prepared, t -> {
                out.println(lines.line(t, prepared.study().bestTrial().orElse(null)));
                out.flush();
            });
            var best = outcome.best();
            out.printf(Locale.ROOT, "best: trial #%d, %s %.4f (backtest MAPE %.2f%%, MASE %.3f)%n", best.number(), request.metric(), best.value(),
                    outcome.backtest().metrics().mape(), outcome.backtest().metrics().mase());
            var tuned = new TreeMap<String, String>();
            best.params().forEach((k, v) -> tuned.put(k, String.valueOf(v)));
            out.println("best hyperparameters: " + tuned);
            var train = new StringBuilder("./forecast train --algorithm ").append(algorithm).append(' ').append(trainOn);
            tuned.forEach((k, v) -> train.append(" --set ").append(quoted(k + "=" + v)));
            out.println("train it on the same series (with FORECAST_ADMIN_KEY set, against the running server): " + train);
            out.println("or over HTTP: POST /models/train {\"algorithm\": \"" + algorithm + "\", "
                    + (trainOn.startsWith("--series-id") ? "\"series_id\": \"" + seriesId.value() + "\", " : "\"data\": [rows of " + source + "], ")
                    + "\"hyperparameters\": " + json(tuned) + "}");
            return 0;
        }
    }

    private static Map<String, forecast.domain.forecasting.Forecaster> forecastersByName() {
        var byName = new LinkedHashMap<String, forecast.domain.forecasting.Forecaster>();
        for (var f : Application.forecasters()) byName.put(f.algorithm(), f);
        return byName;
    }

    private static String json(Map<String, String> m) {
        var sb = new StringBuilder("{");
        m.forEach((k, v) -> sb.append(sb.length() == 1 ? "" : ", ").append('"').append(k).append("\": \"").append(v).append('"'));
        return sb.append('}').toString();
    }

    /** A shell word: as it is when it needs no quoting, else in single quotes. */
    static String quoted(String word) {
        return word.matches("[A-Za-z0-9_./:=,+@%-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a whole number >= 1, not " + value);
    }
}
