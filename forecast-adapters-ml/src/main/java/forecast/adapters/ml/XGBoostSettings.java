package forecast.adapters.ml;

import forecast.domain.forecasting.HyperparameterSpec;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.series.Frequency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The XGBoost forecaster's hyperparameters, validated and with the frequency-dependent ones
 * resolved. Unknown keys are ignored here (settings for other algorithms travel in the same map
 * within an ensemble); a request's are refused against {@link #SPECS} before training.
 */
record XGBoostSettings(int maxDepth, double eta, int rounds, double subsample, double colsampleBytree,
                       double minChildWeight, int lags, int levelWindow, int maxHorizon, int maxRows, int seed) {

    static final Hyperparameters DEFAULTS = Hyperparameters.of(
            "max_depth", "6",
            "eta", "0.05",
            "rounds", "300",
            "subsample", "0.8",
            "colsample_bytree", "0.8",
            "min_child_weight", "1",
            "max_rows", "40000",
            "seed", "42");

    /** Every key {@link #of} reads, with {@link #DEFAULTS}' values and the constructor's ranges. */
    static final List<HyperparameterSpec> SPECS = List.of(
            new HyperparameterSpec("max_depth", "int", "6", "1-16", "the deepest a tree may split"),
            new HyperparameterSpec("eta", "float", "0.05", "(0, 1]", "the learning rate: each tree's contribution is shrunk by it"),
            new HyperparameterSpec("rounds", "int", "300", "1-10000", "boosting rounds, one tree each"),
            new HyperparameterSpec("subsample", "float", "0.8", "(0, 1]", "the share of training rows each tree is grown on"),
            new HyperparameterSpec("colsample_bytree", "float", "0.8", "(0, 1]", "the share of feature columns each tree may split on"),
            new HyperparameterSpec("min_child_weight", "float", "1", ">= 0", "the least weight (rows, for squared error) a leaf must hold"),
            new HyperparameterSpec("lags", "int", "the shortest season kept within 12-48 (24 for hourly data)", "1-1000",
                    "recent values used as features, relative to the level; also the history a forecast needs"),
            new HyperparameterSpec("level_window", "int", "the shortest season (24 for hourly data)", "1-10000",
                    "observations averaged into the level that features and targets are taken relative to"),
            new HyperparameterSpec("max_horizon", "int", "the longest season kept within 24-1008 (168 for hourly data)", "1-10000",
                    "the furthest step trained directly (capped at half the training origins); steps beyond reuse its trees"),
            new HyperparameterSpec("max_rows", "int", "40000", "100-10000000", "training rows sampled from all (origin, step) pairs, bounding time and memory"),
            new HyperparameterSpec("seed", "int", "42", null, "the seed of the row sample and of the booster's subsampling"));

    XGBoostSettings {
        require("max_depth", maxDepth >= 1 && maxDepth <= 16, maxDepth, "in [1, 16]");
        require("eta", eta > 0 && eta <= 1, eta, "in (0, 1]");
        require("rounds", rounds >= 1 && rounds <= 10_000, rounds, "in [1, 10000]");
        require("subsample", subsample > 0 && subsample <= 1, subsample, "in (0, 1]");
        require("colsample_bytree", colsampleBytree > 0 && colsampleBytree <= 1, colsampleBytree, "in (0, 1]");
        require("min_child_weight", minChildWeight >= 0, minChildWeight, ">= 0");
        require("lags", lags >= 1 && lags <= 1_000, lags, "in [1, 1000]");
        require("level_window", levelWindow >= 1 && levelWindow <= 10_000, levelWindow, "in [1, 10000]");
        require("max_horizon", maxHorizon >= 1 && maxHorizon <= 10_000, maxHorizon, "in [1, 10000]");
        require("max_rows", maxRows >= 100 && maxRows <= 10_000_000, maxRows, "in [100, 10000000]");
    }

    /**
     * Reads {@code params} over {@link #DEFAULTS}. When absent, {@code lags} is the shortest seasonal
     * period kept within [12, 48], {@code level_window} the shortest seasonal period (at least 1)
     * and {@code max_horizon} the longest seasonal period kept within [24, 1008] (a week of
     * 10-minute steps).
     *
     * @throws IllegalArgumentException naming the key of an invalid value
     */
    static XGBoostSettings of(Hyperparameters params, Frequency frequency) {
        var p = DEFAULTS.with(params);
        int shortest = frequency.shortestSeason();
        return new XGBoostSettings(
                p.intOr("max_depth", 6),
                p.doubleOr("eta", 0.05),
                p.intOr("rounds", 300),
                p.doubleOr("subsample", 0.8),
                p.doubleOr("colsample_bytree", 0.8),
                p.doubleOr("min_child_weight", 1),
                p.intOr("lags", Math.clamp(shortest, 12, 48)),
                p.intOr("level_window", Math.min(shortest, 10_000)),
                p.intOr("max_horizon", Math.clamp(frequency.longestSeason(), 24, 1_008)),
                p.intOr("max_rows", 40_000),
                p.intOr("seed", 42));
    }

    /** The same settings with another {@code max_horizon}. */
    XGBoostSettings withMaxHorizon(int h) {
        return new XGBoostSettings(maxDepth, eta, rounds, subsample, colsampleBytree, minChildWeight, lags, levelWindow, h, maxRows, seed);
    }

    /** As text, every key present. */
    Hyperparameters asHyperparameters() {
        return Hyperparameters.of(
                "max_depth", Integer.toString(maxDepth),
                "eta", Double.toString(eta),
                "rounds", Integer.toString(rounds),
                "subsample", Double.toString(subsample),
                "colsample_bytree", Double.toString(colsampleBytree),
                "min_child_weight", Double.toString(minChildWeight),
                "lags", Integer.toString(lags),
                "level_window", Integer.toString(levelWindow),
                "max_horizon", Integer.toString(maxHorizon),
                "max_rows", Integer.toString(maxRows),
                "seed", Integer.toString(seed));
    }

    /** The booster's training parameters: single-threaded, so that serving threads do not compete. */
    Map<String, Object> boosterParams() {
        var m = new HashMap<String, Object>();
        m.put("objective", "reg:squarederror");
        m.put("tree_method", "hist");
        m.put("max_depth", maxDepth);
        m.put("eta", eta);
        m.put("subsample", subsample);
        m.put("colsample_bytree", colsampleBytree);
        m.put("min_child_weight", minChildWeight);
        m.put("seed", seed);
        m.put("nthread", 1);
        m.put("verbosity", 0);
        return m;
    }

    private static void require(String key, boolean ok, Object value, String range) {
        if (!ok) throw new IllegalArgumentException("hyperparameter " + key + " must be " + range + ": " + value);
    }
}
