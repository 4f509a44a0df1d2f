package forecast.adapters.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.series.Frequency;
import java.util.List;
import org.junit.jupiter.api.Test;

class XGBoostFeaturesTest {
    private final XGBoostFeatures features = new XGBoostFeatures(3, 2, new int[] {4}, 5);

    @Test
    void namesMatchTheColumns() {
        assertEquals(features.columns(1), features.names(List.of("promo")).size());
        assertEquals(List.of("lag_0", "lag_1", "lag_2", "std_24", "std_4", "slope", "same_phase_4", "same_phase_mean_4", "step",
                "hour_of_day", "day_of_week", "day_of_month", "month", "x_promo", "x_promo_same_phase_4"), features.names(List.of("promo")));
    }

    @Test
    void rowsAreRelativeToTheLevelAndCapTheStep() {
        double[] y = {1, 2, 3, 4, 5, 6, 7, 8};
        int t = 7;
        double level = features.level(y, t);
        assertEquals(7.5, level);
        float[] data = new float[features.columns(0)];
        features.fill(data, 0, data.length, features.originPart(y, t, level), y, t, 6, level, Synthetic.START, null);
        assertEquals(0.5f, data[0]);       // y[7] - L
        assertEquals(-1.5f, data[2]);      // y[5] - L
        assertEquals(2f, data[5]);         // slope: 7.5 - 5.5
        assertEquals(-1.5f, data[6]);      // same phase of t+6 with period 4: y[5]
        assertEquals(-3.5f, data[7]);      // mean of y[5], y[1]
        assertEquals(5f, data[8]);         // step 6 capped at 5
        assertTrue(Float.isNaN(features.originPart(y, 1, 1.5)[2])); // lag before the start
    }

    @Test
    void trainingRowsAreSampledDeterministicallyUpToMaxRows() {
        var series = Synthetic.hourly(600, 9);
        var settings = XGBoostSettings.of(Hyperparameters.of("max_rows", "1000"), Frequency.HOURLY);
        var f = new XGBoostFeatures(settings.lags(), settings.levelWindow(), new int[] {24, 168}, settings.maxHorizon());
        var a = TrainingSet.build(series, f, settings);
        var b = TrainingSet.build(series, f, settings);
        assertEquals(1000, a.rows());
        assertEquals(java.util.Arrays.hashCode(a.data()), java.util.Arrays.hashCode(b.data()));
    }
}
