package forecast.adapters.ml;

import forecast.domain.forecasting.HyperparameterSpec;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.series.Frequency;
import java.util.List;

/**
 * The LSTM forecaster's hyperparameters, validated and with the frequency-dependent ones resolved.
 * Unknown keys are ignored here (settings for other algorithms travel in the same map within an
 * ensemble); a request's are refused against {@link #SPECS} before training.
 *
 * @param units        LSTM cells per layer, in [1, 512]
 * @param layers       stacked LSTM layers, in [1, 4]
 * @param window       input steps per forecast, in [2, 2000]; also the history a forecast needs
 * @param learningRate Adam's step size, in (0, 1]
 * @param dropout      probability of dropping an input of the layers after the first, in [0, 1)
 * @param epochs       the most passes over the training windows, in [1, 10000]
 * @param batchSize    windows per gradient step, in [1, 100000]
 * @param patience     epochs without a better validation error before training stops, in [1, 1000]
 * @param maxHorizon   steps one forward pass predicts (direct output), in [1, 1000]
 * @param seed         weight initialisation, shuffling and dropout
 */
record LstmSettings(int units, int layers, int window, double learningRate, double dropout, int epochs,
                    int batchSize, int patience, int maxHorizon, int seed) {

    static final Hyperparameters DEFAULTS = Hyperparameters.of(
            "units", "32",
            "layers", "1",
            "learning_rate", "0.005",
            "dropout", "0",
            "epochs", "30",
            "batch_size", "64",
            "patience", "5",
            "seed", "42");

    /** Every key {@link #of} reads, with {@link #DEFAULTS}' values and the constructor's ranges. */
    static final List<HyperparameterSpec> SPECS = List.of(
            new HyperparameterSpec("units", "int", "32", "1-512", "LSTM cells per layer"),
            new HyperparameterSpec("layers", "int", "1", "1-4", "stacked LSTM layers"),
            new HyperparameterSpec("window", "int", "twice the shortest season, at least 8 (48 for hourly data)", "2-2000",
                    "input steps per forecast; also the history a forecast needs"),
            new HyperparameterSpec("learning_rate", "float", "0.005", "(0, 1]", "Adam's step size"),
            new HyperparameterSpec("dropout", "float", "0", "[0, 1)", "the probability of dropping an input of the layers after the first"),
            new HyperparameterSpec("epochs", "int", "30", "1-10000", "the most passes over the training windows"),
            new HyperparameterSpec("batch_size", "int", "64", "1-100000", "windows per gradient step"),
            new HyperparameterSpec("patience", "int", "5", "1-1000", "epochs without a better validation error before training stops"),
            new HyperparameterSpec("max_horizon", "int", "the shortest season, at least 8 (24 for hourly data)", "1-1000",
                    "steps one forward pass predicts; longer horizons are forecast block by block"),
            new HyperparameterSpec("seed", "int", "42", null, "the seed of weight initialisation, shuffling and dropout"));

    /** The fewest training and validation windows beyond those that separate the two (see {@link #minTrainingSize()}). */
    static final int MIN_WINDOWS = 24;

    LstmSettings {
        require("units", units >= 1 && units <= 512, units, "in [1, 512]");
        require("layers", layers >= 1 && layers <= 4, layers, "in [1, 4]");
        require("window", window >= 2 && window <= 2_000, window, "in [2, 2000]");
        require("learning_rate", learningRate > 0 && learningRate <= 1, learningRate, "in (0, 1]");
        require("dropout", dropout >= 0 && dropout < 1, dropout, "in [0, 1)");
        require("epochs", epochs >= 1 && epochs <= 10_000, epochs, "in [1, 10000]");
        require("batch_size", batchSize >= 1 && batchSize <= 100_000, batchSize, "in [1, 100000]");
        require("patience", patience >= 1 && patience <= 1_000, patience, "in [1, 1000]");
        require("max_horizon", maxHorizon >= 1 && maxHorizon <= 1_000, maxHorizon, "in [1, 1000]");
    }

    /**
     * Reads {@code params} over {@link #DEFAULTS}. When absent, {@code window} is twice the
     * frequency's shortest seasonal period and {@code max_horizon} that period (48 and 24 for hourly
     * data, 24 and 12 for monthly), each at least 8; without a seasonal period both are 8.
     *
     * @throws IllegalArgumentException naming the key of an invalid value
     */
    static LstmSettings of(Hyperparameters params, Frequency frequency) {
        var p = DEFAULTS.with(params);
        int shortest = frequency == null ? 1 : frequency.shortestSeason();
        return new LstmSettings(
                p.intOr("units", 32),
                p.intOr("layers", 1),
                p.intOr("window", Math.clamp(2L * shortest, 8, 2_000)),
                p.doubleOr("learning_rate", 0.005),
                p.doubleOr("dropout", 0),
                p.intOr("epochs", 30),
                p.intOr("batch_size", 64),
                p.intOr("patience", 5),
                p.intOr("max_horizon", Math.clamp(shortest, 8, 1_000)),
                p.intOr("seed", 42));
    }

    /**
     * {@code window + 2 * max_horizon + MIN_WINDOWS - 2} observations (118 for hourly defaults):
     * they make {@code max_horizon + MIN_WINDOWS - 1} windows, of which the {@code max_horizon - 1}
     * before the validation windows are dropped so that no training target overlaps a validation
     * target, leaving {@code MIN_WINDOWS} (24) for training (20) and validation (4).
     */
    int minTrainingSize() {
        return window + 2 * maxHorizon + MIN_WINDOWS - 2;
    }

    /** As text, every key present. */
    Hyperparameters asHyperparameters() {
        return Hyperparameters.of(
                "units", Integer.toString(units),
                "layers", Integer.toString(layers),
                "window", Integer.toString(window),
                "learning_rate", Double.toString(learningRate),
                "dropout", Double.toString(dropout),
                "epochs", Integer.toString(epochs),
                "batch_size", Integer.toString(batchSize),
                "patience", Integer.toString(patience),
                "max_horizon", Integer.toString(maxHorizon),
                "seed", Integer.toString(seed));
    }

    private static void require(String key, boolean ok, Object value, String range) {
        if (!ok) throw new IllegalArgumentException("hyperparameter " + key + " must be " + range + ": " + value);
    }
}
