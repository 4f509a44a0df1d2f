package forecast.adapters.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.forecasting.Forecast;
import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Regression tests against R 4.2.2 / forecast 8.20 on eight classic series (fixtures and their
 * README in {@code src/test/resources/reference}), with the README's tolerances: coefficients
 * within 1e-2 or two of R's standard errors, sigma2 1%, log-likelihood 0.1, AICc and BIC 0.3,
 * forecast means and bounds 1% relative, ndiffs and nsdiffs exact. Standard errors are not
 * compared: no Hessian is computed. The sunspot ARIMA(2,0,1) mean (61.15 against R's 59.11, R's
 * se 18) passes by the two-se rule; like R's tighter refit (61.13) our log-likelihood is 0.0066
 * higher, as the README's caveat expects.
 */
class ArimaReferenceTest {
    private final ArimaForecaster forecaster = new ArimaForecaster();

    static Stream<Arguments> fixedModels() {
        var out = new ArrayList<Arguments>();
        for (String name : ArimaReference.NAMES) {
            var ref = ArimaReference.load(name);
            for (var model : ref.models()) out.add(Arguments.of(name, model.get("label")));
        }
        return out.stream();
    }

    static Stream<String> series() {
        return ArimaReference.NAMES.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("fixedModels")
    void fixedOrderFitMatchesR(String name, String label) {
        var ref = ArimaReference.load(name);
        var model = ref.models().stream().filter(m -> m.get("label").equals(label)).findFirst().orElseThrow();
        var spec = ArimaReference.spec(model);
        var arima = (ArimaModel) forecaster.fit(ref.series(), Hyperparameters.of(
                "p", "" + spec.p(), "d", "" + spec.d(), "q", "" + spec.q(),
                "P", "" + spec.P(), "D", "" + spec.D(), "Q", "" + spec.Q(), "period", "" + spec.period(),
                "include_mean", "" + Boolean.TRUE.equals(model.get("include_mean")),
                "include_drift", "" + Boolean.TRUE.equals(model.get("include_drift")),
                "transform", ref.logged() ? "log" : "none"));
        var fit = arima.fit();
        assertEquals(spec, fit.spec());

        var expected = ArimaReference.block(model, "coefficients");
        var se = ArimaReference.block(model, "se");
        var got = ArimaEstimatorTest.coefficients(fit);
        assertEquals(expected.keySet(), got.keySet());
        for (var e : expected.entrySet()) {
            double tolerance = Math.max(1e-2, 2 * (Double) se.get(e.getKey()));
            assertEquals((Double) e.getValue(), got.get(e.getKey()), tolerance, label + " " + e.getKey());
        }
        assertEquals(ArimaReference.number(model, "sigma2"), fit.sigma2(), 0.01 * ArimaReference.number(model, "sigma2"), "sigma2");
        assertEquals(ArimaReference.number(model, "loglik"), fit.loglik(), 0.1, "loglik");
        assertEquals(ArimaReference.number(model, "aicc"), fit.aicc(), 0.3, "aicc");
        assertEquals(ArimaReference.number(model, "bic"), fit.bic(), 0.3, "bic");
        assertEquals(((Double) model.get("n_used")).intValue(), fit.nUsed());

        // R's fixed-model intervals use the ML sigma2, ours the adjusted one: rescale R's half-widths
        double rescale = Math.sqrt(fit.sigma2Adjusted() / fit.sigma2());
        assertForecastMatches(ref, model, arima, rescale);
    }

    /** Means and 80/95% bounds within 1% relative, on the original scale. */
    private static void assertForecastMatches(ArimaReference ref, Map<String, Object> model, ArimaModel arima, double rescale) {
        int h = ((Double) model.get("horizon")).intValue();
        var block = ArimaReference.block(model, "forecast");
        Forecast f = arima.predict(ForecastQuery.of(ref.series(), h, Level.P80, Level.P95));
        double[] mean = ArimaJson.doubles(block.get("mean"));
        for (int i = 0; i < h; i++) {
            var point = f.points().get(i);
            assertRelative(original(ref, mean[i]), point.mean(), "mean[" + i + "]");
            for (var level : List.of(Level.P80, Level.P95)) {
                int pct = (int) level.percent();
                double lo = mean[i] - rescale * (mean[i] - ArimaJson.doubles(block.get("lo" + pct))[i]);
                double hi = mean[i] + rescale * (ArimaJson.doubles(block.get("hi" + pct))[i] - mean[i]);
                var interval = point.interval(level).orElseThrow();
                assertRelative(original(ref, lo), interval.lo(), "lo" + pct + "[" + i + "]");
                assertRelative(original(ref, hi), interval.hi(), "hi" + pct + "[" + i + "]");
            }
        }
    }

    private static double original(ArimaReference ref, double modelled) {
        return ref.logged() ? Math.exp(modelled) : modelled;
    }

    private static void assertRelative(double expected, double actual, String what) {
        assertEquals(expected, actual, 0.01 * Math.abs(expected), what);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("series")
    void unitRootTestsMatchR(String name) {
        var ref = ArimaReference.load(name);
        double[] x = ref.modelled();
        int m = ref.period();
        assertEquals(((Double) ref.json().get("ndiffs")).intValue(), KpssTest.ndiffs(x, 2), "ndiffs");
        if (m > 1) {
            int nsdiffs = ((Double) ref.json().get("nsdiffs")).intValue();
            assertEquals(nsdiffs, ArimaStl.nsdiffs(x, m), "nsdiffs (strength " + ArimaStl.strength(x, m) + ")");
            if (nsdiffs > 0) {
                double[] dx = ArimaPolynomials.difference(x, ArimaPolynomials.differencing(0, nsdiffs, m));
                assertEquals(((Double) ref.json().get("ndiffs_after_seasonal_differencing")).intValue(), KpssTest.ndiffs(dx, 2),
                        "ndiffs after seasonal differencing");
            }
        }
        if (ref.logged()) {
            double[] raw = ref.series().values();
            assertEquals(((Double) ref.json().get("ndiffs_untransformed")).intValue(), KpssTest.ndiffs(raw, 2), "ndiffs untransformed");
            if (m > 1) assertEquals(((Double) ref.json().get("nsdiffs_untransformed")).intValue(), ArimaStl.nsdiffs(raw, m), "nsdiffs untransformed");
        }
    }

    /**
     * The same order as R, or one with an AICc at most 0.5 above R's. Six series get R's order.
     * On the two long series, where the search compares models by CSS (n > 150), the optimizers
     * walk different paths and this search ends lower than R's: Seatbelts_front
     * ARIMA(2,0,2)(2,1,0)[12] with drift, AICc 20.9 below R's ARIMA(1,0,0)(1,1,0)[12] with drift;
     * sunspot ARIMA(1,1,3), 15.1 below R's ARIMA(0,1,2)(0,0,1)[12]. (R also rejects models whose
     * Hessian is not positive definite, which this implementation cannot check.)
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("series")
    void autoArimaChoosesRsModelOrOneAsGood(String name) {
        var ref = ArimaReference.load(name);
        var auto = ref.auto();
        var expected = ArimaReference.spec(auto);
        var arima = (ArimaModel) forecaster.fit(ref.series(), Hyperparameters.of(
                "period", "" + ref.period(), "transform", ref.logged() ? "log" : "none"));
        var fit = arima.fit();
        double rAicc = ArimaReference.number(auto, "aicc");
        if (!fit.spec().equals(expected)) {
            assertTrue(fit.aicc() <= rAicc + 0.5, "chose " + fit.spec() + " with AICc " + fit.aicc() + ", R chose " + expected + " with " + rAicc);
            return;
        }
        assertEquals(rAicc, fit.aicc(), 0.3, "aicc");
        var coefficients = ArimaReference.block(auto, "coefficients");
        var se = ArimaReference.block(auto, "se");
        var got = ArimaEstimatorTest.coefficients(fit);
        assertEquals(coefficients.keySet(), got.keySet());
        for (var e : coefficients.entrySet())
            assertEquals((Double) e.getValue(), got.get(e.getKey()), Math.max(1e-2, 2 * (Double) se.get(e.getKey())), e.getKey());
        // forecast's sigma2 sums R's residuals, which for a differenced model include the first
        // d + D*m standardized residuals of R's diffuse prior (about x_t / 1000 each). They are
        // negligible except on austres (d = 2, values near 17,000), where they raise R's sigma2 by
        // 3.8% (103.72 against our 99.75), so that one series is compared at 5%.
        double rSigma2 = ArimaReference.number(auto, "sigma2");
        assertEquals(rSigma2, fit.sigma2Adjusted(), (name.equals("austres") ? 0.05 : 0.01) * rSigma2, "sigma2 (adjusted)");
        // the auto block's intervals use forecast's adjusted sigma2, as ours do: no rescaling
        assertForecastMatches(ref, auto, arima, 1);
    }
}
