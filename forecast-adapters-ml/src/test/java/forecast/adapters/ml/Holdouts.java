package forecast.adapters.ml;

import forecast.domain.evaluation.Accuracy;
import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.TrainedModel;
import forecast.domain.series.TimeSeries;
import java.util.List;

/** The last week of hourly series held out: what global models train on and how they are scored. */
final class Holdouts {
    static final int WEEK = 168;

    private Holdouts() {}

    /** Each series scaled by its training part (as the domain scales them), whole. */
    static List<TimeSeries> scaled(List<TimeSeries> panel) {
        return panel.stream().map(s -> Synthetic.scaled(s, s.size() - WEEK)).toList();
    }

    /** Each series without its last week. */
    static List<TimeSeries> training(List<TimeSeries> panel) {
        return panel.stream().map(s -> s.head(s.size() - WEEK)).toList();
    }

    /**
     * MASE (season 24, scaled on the training part) over the held-out week: 7 daily origins, 24
     * steps each; the history grows with the origin.
     */
    static double mase(TrainedModel model, TimeSeries s) {
        int train = s.size() - WEEK;
        double[] actual = new double[WEEK];
        double[] forecast = new double[WEEK];
        for (int o = 0; o < 7; o++) {
            double[] f = model.predict(ForecastQuery.of(s.head(train + 24 * o), 24)).means();
            for (int h = 0; h < 24; h++) {
                actual[24 * o + h] = s.value(train + 24 * o + h);
                forecast[24 * o + h] = f[h];
            }
        }
        return Accuracy.mase(actual, forecast, s.head(train).values(), 24);
    }
}
