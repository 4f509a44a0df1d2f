package forecast.domain.forecasting;

import forecast.domain.series.Frequency;
import java.util.List;
import java.util.Map;

/**
 * A fitted model (port). It forecasts the continuation of any history of the kind it was trained
 * on (same frequency and feature columns), so one model serves many requests. Implementations
 * must be safe for concurrent {@link #predict} calls and must not do I/O there.
 */
public interface TrainedModel {
    /** The algorithm that produced it, as {@link Forecaster#algorithm()} names it. */
    String algorithm();

    /**
     * Forecasts {@code query.horizon()} steps after the history's last time. Point forecasts are
     * always given; intervals only by models with a forecast distribution of their own (see
     * {@link #nativeIntervals()}); the others get calibrated intervals from backtest residuals.
     * The history is regular (gaps are {@code NaN}) and at least {@link #minHistory()} long.
     */
    Forecast predict(ForecastQuery query);

    /** Whether {@link #predict} gives intervals of its own. */
    default boolean nativeIntervals() {
        return false;
    }

    /** The fewest observations a history must have. */
    int minHistory();

    /** The frequency of the training series. */
    Frequency frequency();

    /** The extra feature columns it was trained with, in order (empty when none). */
    List<String> featureNames();

    /**
     * What was fitted, for people: the values the data decided rather than the limits a request
     * set, such as ARIMA's chosen orders and coefficients, the number of trees, a network's shape.
     * Keys in the order to read them (the map iterates in it), values as text; a model restored from
     * {@link #serialize()}'s bytes tells the same. Empty when the model has nothing to tell.
     */
    default Map<String, String> fitted() {
        return Map.of();
    }

    /** Bytes from which {@link Forecaster#restore} rebuilds a model with identical predictions. */
    byte[] serialize();
}
