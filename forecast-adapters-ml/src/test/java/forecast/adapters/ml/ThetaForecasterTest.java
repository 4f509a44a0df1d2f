package forecast.adapters.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.Level;
import forecast.domain.forecasting.Scope;
import forecast.domain.series.Frequency;
import forecast.domain.tuning.CategoricalDistribution;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.junit.jupiter.api.Test;

class ThetaForecasterTest {
    private final ThetaForecaster forecaster = new ThetaForecaster();

    @Test
    void declaresVariantAndPeriodLocallyWithAStandardDefault() {
        assertEquals("theta", forecaster.algorithm());
        assertEquals(Scope.LOCAL, forecaster.scope());
        assertEquals(List.of("variant", "period"), forecaster.hyperparameters().stream().map(h -> h.name()).toList());
        assertEquals(new ThetaSettings("standard", 24), ThetaSettings.of(Hyperparameters.NONE, Frequency.HOURLY));
        assertEquals(new ThetaSettings("optimized", 1), ThetaSettings.of(Hyperparameters.of("variant", "Optimized", "period", "1"), Frequency.HOURLY));
        var e = assertThrows(IllegalArgumentException.class, () -> forecaster.minTrainingSize(Synthetic.hourly(50, 1), Hyperparameters.of("variant", "dynamic")));
        assertTrue(e.getMessage().contains("hyperparameter variant "), e.getMessage());
        var periods = (CategoricalDistribution) forecaster.searchSpace(Synthetic.hourly(400, 1)).get("period");
        assertEquals(List.of(1, 24, 168), periods.choices().stream().map(o -> ((Number) o).intValue()).toList(), "no season, and each the 400 hours hold more than twice");
        var tooShort = assertThrows(IllegalArgumentException.class, () -> forecaster.fit(Synthetic.monthly(5, 1), Hyperparameters.of("variant", "optimized")));
        assertTrue(tooShort.getMessage().contains("at least 6"), tooShort.getMessage());
    }

    @Test
    void fittedTellsAlphaDriftThetaAndTheAdjustmentAndSurvivesARestore() {
        var series = Synthetic.monthly(120, 3);
        var model = (ThetaModel) forecaster.fit(series, Hyperparameters.NONE);
        var fitted = model.fitted();
        assertEquals(List.of("variant", "alpha", "theta", "drift", "initial_level", "sigma", "mse", "seasonally_adjusted", "period", "seasonal_indices"),
                List.copyOf(fitted.keySet()));
        assertEquals("standard", fitted.get("variant"));
        assertEquals("2.0", fitted.get("theta"));
        assertEquals("true", fitted.get("seasonally_adjusted"), "a yearly cycle of amplitude 40 over noise 5");
        assertEquals(1.0, Double.parseDouble(fitted.get("drift")), 0.2, "half the trend of 2 a month");
        var restored = forecaster.restore(model.serialize());
        assertEquals(fitted, restored.fitted());
        var query = ForecastQuery.of(series, 24, Level.P80, Level.P95);
        assertArrayEquals(model.predict(query).means(), restored.predict(query).means());

        var flat = forecaster.fit(Synthetic.monthly(120, 3), Hyperparameters.of("period", "1")).fitted();
        assertEquals("false", flat.get("seasonally_adjusted"));
        assertFalse(flat.containsKey("seasonal_indices"));
    }

    @Test
    void intervalsWidenAsTheSesVarianceSaysAndContainTheMean() {
        var series = Synthetic.monthly(96, 4);
        for (String variant : List.of("standard", "optimized")) {
            var model = (ThetaModel) forecaster.fit(series, Hyperparameters.of("variant", variant));
            var f = model.predict(ForecastQuery.of(series, 12, Level.P80, Level.P95));
            double alpha = model.fit().alpha();
            for (int h = 1; h <= 12; h++) {
                var p = f.points().get(h - 1);
                var i95 = p.interval(Level.P95).orElseThrow();
                var i80 = p.interval(Level.P80).orElseThrow();
                assertTrue(i95.lo() < i80.lo() && i80.lo() < p.mean() && p.mean() < i80.hi() && i80.hi() < i95.hi(), variant + " step " + h);
                assertEquals(1.959964 * model.fit().sigma() * Math.sqrt(1 + (h - 1) * alpha * alpha), i95.hi() - p.mean(), 1e-4, variant + " step " + h);
            }
        }
    }

    /**
     * The profile search (exact least squares in l0 and k for each alpha) finds at least the
     * optimum a general Nelder-Mead over all three parameters finds from statsforecast's start.
     */
    @Test
    void optimizedThetaReachesTheOptimumOfABruteForceSearch() {
        var random = new Random(7);
        for (int trial = 0; trial < 5; trial++) {
            int n = 40 + 30 * trial;
            double[] x = new double[n];
            double level = 50;
            for (int t = 0; t < n; t++) {
                level += 0.3 * trial + random.nextGaussian();
                x[t] = level + 2 * random.nextGaussian();
            }
            var fit = ThetaEstimator.optimized(x);
            assertTrue(fit.theta() >= 1, "theta " + fit.theta());
            double ours = objective(x, fit.level0(), fit.alpha(), 1 - 1 / fit.theta(), fit);
            var nm = new SimplexOptimizer(1e-12, 1e-12).optimize(new MaxEval(20_000), GoalType.MINIMIZE, new InitialGuess(new double[] {x[0] / 2, 0.5, 2}),
                    new NelderMeadSimplex(new double[] {1, 0.05, 0.5}),
                    new ObjectiveFunction(p -> p[1] < 0.1 || p[1] > 0.99 || p[2] < 1 ? Double.MAX_VALUE : objective(x, p[0], p[1], 1 - 1 / p[2], fit)));
            assertTrue(ours <= nm.getValue() * (1 + 1e-9), "trial " + trial + ": " + ours + " vs Nelder-Mead " + nm.getValue());
        }
    }

    private static double objective(double[] x, double l0, double alpha, double k, ThetaFit line) {
        double[] e = ThetaEstimator.otmErrors(x, alpha, l0, k, line.intercept(), line.slope());
        double s = 0;
        for (int i = ThetaEstimator.BURN_IN; i < e.length; i++) s += e[i] * e[i];
        return s;
    }

    @Test
    void aLaterHistoryIsPhasedByItsTimesAndForecastsAlmostAsTheFullOne() {
        var series = Synthetic.monthly(144, 5);
        for (String variant : List.of("standard", "optimized")) {
            var model = forecaster.fit(series, Hyperparameters.of("variant", variant));
            double[] full = model.predict(ForecastQuery.of(series, 12)).means();
            double[] tail = model.predict(ForecastQuery.of(series.tail(61), 12)).means(); // starts mid-season
            for (int h = 0; h < 12; h++) assertEquals(full[h], tail[h], 0.01 * Math.abs(full[h]), variant + " step " + h);
        }
    }

    @Test
    void gapsAreFilledAndAConstantSeriesForecastsItself() {
        var series = Synthetic.monthly(60, 6);
        double[] y = series.values();
        y[10] = Double.NaN;
        y[30] = Double.NaN;
        var model = forecaster.fit(series.withValues(y), Hyperparameters.NONE);
        for (double v : model.predict(ForecastQuery.of(series.withValues(y), 6)).means()) assertTrue(Double.isFinite(v));
        double[] constant = new double[40];
        java.util.Arrays.fill(constant, 7);
        var flat = forecaster.fit(Synthetic.monthly(40, 1).withValues(constant), Hyperparameters.NONE);
        for (double v : flat.predict(ForecastQuery.of(Synthetic.monthly(40, 1).withValues(constant), 5)).means()) assertEquals(7, v, 1e-9);
    }
}
