package forecast.domain.forecasting;

/**
 * Where a served model's prediction intervals come from: the model's own forecast distribution
 * ({@code MODEL}, for families that have one), or the out-of-sample errors of its backtest, per
 * horizon step (split-conformal, {@code CONFORMAL}). A backtest decides between them by the interval
 * score on held-out folds, so a model whose own variance is off is served with conformal intervals.
 */
public enum IntervalSource {
    MODEL, CONFORMAL;

    /** The source's name in notes and JSON: {@code model} or {@code conformal}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
