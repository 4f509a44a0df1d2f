package forecast.domain.evaluation;

import forecast.domain.series.Frequency;
import java.util.Optional;

/**
 * A rolling-origin backtest: {@code folds} refits, each followed by {@code originsPerFold}
 * forecasts of {@code horizon} steps from origins {@code stride} steps apart. The latest origin
 * leaves exactly {@code horizon} observations after it; folds lie back to back before it.
 */
public record BacktestSpec(int folds, int horizon, int originsPerFold, int stride) {
    public BacktestSpec {
        if (folds < 1 || horizon < 1 || originsPerFold < 1 || stride < 1)
            throw new IllegalArgumentException("folds, horizon, origins per fold and stride must be >= 1");
    }

    /** How many observations the backtest holds out after the earliest cutoff. */
    public int span() {
        return (folds * originsPerFold - 1) * stride + horizon;
    }

    /** The observations the earliest fold trains on, for a series of {@code n}. */
    public int earliestCutoff(int n) {
        return n - span();
    }

    /**
     * The default for a series of {@code n} observations at {@code frequency} whose models need
     * {@code minTrain} observations: a horizon of one longest season (at least 8, at most 168
     * steps), three folds of eight origins whose stride is not a multiple of the daily cycle (so
     * origins fall at different phases), shrunk as far as needed to fit; empty when even one fold
     * of two origins does not fit.
     */
    public static Optional<BacktestSpec> defaultsFor(int n, Frequency frequency, int minTrain) {
        int horizon = Math.max(8, Math.min(168, frequency == null ? 8 : frequency.longestSeason()));
        for (; horizon >= 1; horizon = horizon > 8 ? horizon / 2 : horizon - 1) {
            int stride = Math.max(1, horizon / 8 + 1);
            for (int folds = 3; folds >= 1; folds--) {
                for (int origins = 8; origins >= 2; origins -= 2) {
                    var spec = new BacktestSpec(folds, horizon, origins, stride);
                    if (spec.earliestCutoff(n) >= minTrain) return Optional.of(spec);
                }
            }
        }
        return Optional.empty();
    }

    /** The fewest observations any backtest needs when models need {@code minTrain}. */
    public static int minimumLength(int minTrain) {
        return minTrain + new BacktestSpec(1, 1, 2, 1).span();
    }
}
