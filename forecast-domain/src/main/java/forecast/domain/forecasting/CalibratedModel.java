package forecast.domain.forecasting;

import forecast.domain.preprocessing.Imputation;
import forecast.domain.series.Frequency;
import forecast.domain.series.InvalidInputException;
import forecast.domain.series.TimeSeries;
import java.util.ArrayList;
import java.util.List;

/**
 * A trained model as it is served: the same preprocessing as at training time (imputation of
 * gaps), intervals calibrated on backtest residuals for models without their own, and the tail of
 * the training series as context, so that a short request that continues the training series is
 * forecast with the history the model knows. Forecasts given the future values of the feature
 * columns use intervals calibrated on backtest forecasts that had them too. A model with intervals
 * of its own is served with them unless its backtest found conformal ones better ({@link
 * IntervalSource}). Thread-safe; no I/O.
 */
public final class CalibratedModel {
    private final TrainedModel model;
    private final ResidualCalibration calibration;
    private final ResidualCalibration featureCalibration;
    private final Imputation imputation;
    private final TimeSeries context;
    private final IntervalSource intervals;

    /** As the full constructor, with the model's own intervals where it has them. */
    public CalibratedModel(TrainedModel model, ResidualCalibration calibration, ResidualCalibration featureCalibration,
                           Imputation imputation, TimeSeries context) {
        this(model, calibration, featureCalibration, imputation, context, IntervalSource.MODEL);
    }

    /**
     * @param featureCalibration residuals of forecasts given future feature values; empty when the
     *                           model has no feature columns
     * @param intervals          where intervals come from; {@code MODEL} for a model without intervals
     *                           of its own means the calibrated ones all the same
     */
    public CalibratedModel(TrainedModel model, ResidualCalibration calibration, ResidualCalibration featureCalibration,
                           Imputation imputation, TimeSeries context, IntervalSource intervals) {
        this.intervals = intervals;
        this.model = model;
        this.calibration = calibration;
        this.featureCalibration = featureCalibration;
        this.imputation = imputation;
        this.context = context;
    }

    public TrainedModel model() {
        return model;
    }

    public ResidualCalibration calibration() {
        return calibration;
    }

    public ResidualCalibration featureCalibration() {
        return featureCalibration;
    }

    public Imputation imputation() {
        return imputation;
    }

    public TimeSeries context() {
        return context;
    }

    /** Where the served intervals come from: the model's own, or conformal from the backtest's residuals. */
    public IntervalSource intervals() {
        return model.nativeIntervals() ? intervals : IntervalSource.CONFORMAL;
    }

    public String algorithm() {
        return model.algorithm();
    }

    /**
     * Forecasts the continuation of {@code query.history()} with intervals at every requested level.
     *
     * @throws InvalidInputException when the history does not fit the model (frequency, feature columns)
     * @throws InsufficientHistoryException when it is too short, even with the model's context
     */
    public Forecast forecast(ForecastQuery query) {
        TimeSeries history = prepare(query.history());
        var future = history.featureCount() == query.history().featureCount() ? query.futureFeatures() : List.<double[]>of();
        var forecast = model.predict(new ForecastQuery(history, query.horizon(), query.levels(), future));
        if (intervals() == IntervalSource.MODEL || query.levels().isEmpty()) return forecast;
        var calibration = !future.isEmpty() && !featureCalibration.isEmpty() ? featureCalibration : this.calibration;
        var points = new ArrayList<ForecastPoint>(forecast.size());
        for (int i = 0; i < forecast.size(); i++) {
            var p = forecast.points().get(i);
            var intervals = new ArrayList<PredictionInterval>(query.levels().size());
            for (Level level : query.levels()) calibration.interval(i + 1, level, p.mean()).ifPresent(intervals::add);
            points.add(new ForecastPoint(p.time(), p.mean(), intervals));
        }
        return new Forecast(points);
    }

    /**
     * The history the model will see: on the model's frequency, with its feature columns' names,
     * gaps imputed, and, when shorter than the model needs, after the context it continues.
     */
    TimeSeries prepare(TimeSeries history) {
        Frequency frequency = model.frequency();
        if (history.frequency() == null) history = history.withFrequency(frequency);
        else if (!history.frequency().equals(frequency))
            throw new InvalidInputException("data", "timestamps are " + history.frequency() + " apart but the model was trained on " + frequency + " data");
        var names = model.featureNames();
        // a model without feature columns ignores the ones a request brings (a series has them,
        // this algorithm does not use them); one with feature columns needs them all or none
        if (names.isEmpty()) history = history.withoutFeatures();
        else if (history.featureCount() > 0) {
            if (history.featureCount() != names.size())
                throw new InvalidInputException("data[0][2]", "the model takes " + names.size() + " extra feature column(s)" + (names.isEmpty() ? "" : " " + names) + ", the rows have " + history.featureCount());
            history = history.withFeatureNames(names);
        }
        history = history.regular();
        if (history.size() < model.minHistory()) history = afterContext(history);
        if (history.size() < model.minHistory()) throw new InsufficientHistoryException(model.minHistory(), history.size());
        return imputation.apply(history, frequency.shortestSeason());
    }

    private TimeSeries afterContext(TimeSeries history) {
        if (context == null) return history;
        long gap = context.frequency().stepsBetween(context.lastTime(), history.firstTime());
        long overlap = context.frequency().stepsBetween(context.firstTime(), history.firstTime());
        boolean continues = (gap > 0 && gap <= model.minHistory()) || (gap <= 0 && overlap > 0);
        if (!continues) return history;
        TimeSeries base = history.featureCount() == 0 ? context.withoutFeatures() : context;
        return base.append(history);
    }

}
