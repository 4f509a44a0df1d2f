package forecast.adapters.ml;

import forecast.domain.forecasting.Forecast;
import forecast.domain.forecasting.ForecastPoint;
import forecast.domain.forecasting.Level;
import forecast.domain.forecasting.PredictionInterval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Forecasts whose intervals come from a normal forecast error: mean ± z·se at each level, z the
 * standard normal quantile. What the statistical families (seasonal naive, ARIMA, ETS, Theta) share.
 */
final class NormalIntervals {
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    private NormalIntervals() {}

    /** The two-sided standard normal quantile of each level: 1.2816 for 80%, 1.9600 for 95%. */
    static double[] quantiles(List<Level> levels) {
        double[] z = new double[levels.size()];
        for (int i = 0; i < z.length; i++) z[i] = STANDARD_NORMAL.inverseCumulativeProbability(0.5 + levels.get(i).fraction() / 2);
        return z;
    }

    /** One point per time, at {@code mean[h]} with intervals {@code mean[h] ± z·se[h]}. */
    static Forecast forecast(List<Instant> times, double[] mean, double[] se, List<Level> levels) {
        return forecast(times, mean, se, levels, DoubleUnaryOperator.identity());
    }

    /**
     * As {@link #forecast(List, double[], double[], List)} on a transformed scale: the mean and both
     * bounds are taken back through {@code back} (the inverse of a Box-Cox transform).
     */
    static Forecast forecast(List<Instant> times, double[] mean, double[] se, List<Level> levels, DoubleUnaryOperator back) {
        double[] z = quantiles(levels);
        var points = new ArrayList<ForecastPoint>(times.size());
        for (int h = 0; h < times.size(); h++) {
            var intervals = new ArrayList<PredictionInterval>(z.length);
            for (int i = 0; i < z.length; i++)
                intervals.add(new PredictionInterval(levels.get(i), back.applyAsDouble(mean[h] - z[i] * se[h]), back.applyAsDouble(mean[h] + z[i] * se[h])));
            points.add(new ForecastPoint(times.get(h), back.applyAsDouble(mean[h]), intervals));
        }
        return new Forecast(points);
    }
}
