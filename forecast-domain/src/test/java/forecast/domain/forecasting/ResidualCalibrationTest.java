package forecast.domain.forecasting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResidualCalibrationTest {
    @Test
    void intervalsCoverTheirLevelOnFreshErrorsFromTheSameDistribution() {
        var random = new Random(7);
        double[] residuals = new double[400];
        for (int i = 0; i < residuals.length; i++) residuals[i] = 2 * random.nextGaussian();
        var calibration = ResidualCalibration.of(List.of(residuals));
        var p95 = calibration.interval(1, Level.P95, 0).orElseThrow();
        var p80 = calibration.interval(1, Level.P80, 0).orElseThrow();
        assertTrue(p80.lo() > p95.lo() && p80.hi() < p95.hi(), "80% lies inside 95%");
        int inside = 0;
        for (int i = 0; i < 10_000; i++) if (p95.contains(2 * random.nextGaussian())) inside++;
        assertEquals(0.95, inside / 10_000.0, 0.02);
    }

    @Test
    void biasedErrorsGiveAsymmetricIntervals() {
        double[] residuals = new double[100];
        for (int i = 0; i < residuals.length; i++) residuals[i] = 5 + i * 0.1; // the model always under-forecasts
        var interval = ResidualCalibration.of(List.of(residuals)).interval(1, Level.P80, 100).orElseThrow();
        assertEquals(100, interval.lo(), 1e-9); // never below the point: lo is capped at the mean
        assertTrue(interval.hi() > 110);
    }

    @Test
    void stepsBeyondTheCalibratedOnesWidenLikeARandomWalk() {
        double[] r = {-1, -0.5, 0, 0.5, 1, -1, -0.5, 0, 0.5, 1};
        var calibration = ResidualCalibration.of(List.of(r, r, r, r));
        var at4 = calibration.interval(4, Level.P80, 0).orElseThrow();
        var at16 = calibration.interval(16, Level.P80, 0).orElseThrow();
        assertEquals(2 * (at4.hi() - at4.lo()), at16.hi() - at16.lo(), 1e-9);
    }

    @Test
    void withoutResidualsThereAreNoIntervals() {
        assertTrue(ResidualCalibration.none().interval(1, Level.P95, 1).isEmpty());
    }
}
