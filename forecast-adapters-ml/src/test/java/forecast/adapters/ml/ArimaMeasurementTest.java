package forecast.adapters.ml;

import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.Level;
import forecast.domain.series.TimeSeries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Prints the figures behind the ARIMA report (no assertions, no time limits): agreement with the R
 * fixtures, and fit time, prediction latency and holdout MAPE on the project's hourly series. Run
 * with {@code -Darima.measure=true -Dtest=ArimaMeasurementTest}.
 */
@EnabledIfSystemProperty(named = "arima.measure", matches = "true")
class ArimaMeasurementTest {
    private final ArimaForecaster forecaster = new ArimaForecaster();

    @Test
    void agreementWithR() {
        System.out.println("series | ours (auto) | R (auto) | AICc ours - R | fixed: max |coef diff| | max |loglik diff| | max rel. forecast diff");
        for (String name : ArimaReference.NAMES) {
            var ref = ArimaReference.load(name);
            var auto = (ArimaModel) forecaster.fit(ref.series(), Hyperparameters.of("period", "" + ref.period(), "transform", ref.logged() ? "log" : "none"));
            double coef = 0, loglik = 0, forecast = 0;
            for (var model : ref.models()) {
                var spec = ArimaReference.spec(model);
                var m = (ArimaModel) forecaster.fit(ref.series(), Hyperparameters.of(
                        "p", "" + spec.p(), "d", "" + spec.d(), "q", "" + spec.q(), "P", "" + spec.P(), "D", "" + spec.D(), "Q", "" + spec.Q(),
                        "period", "" + spec.period(), "include_mean", "" + Boolean.TRUE.equals(model.get("include_mean")),
                        "include_drift", "" + Boolean.TRUE.equals(model.get("include_drift")), "transform", ref.logged() ? "log" : "none"));
                var got = ArimaEstimatorTest.coefficients(m.fit());
                for (var e : ArimaReference.block(model, "coefficients").entrySet())
                    coef = Math.max(coef, Math.abs((Double) e.getValue() - got.get(e.getKey())));
                loglik = Math.max(loglik, Math.abs(m.fit().loglik() - ArimaReference.number(model, "loglik")));
                int h = ((Double) model.get("horizon")).intValue();
                var f = m.predict(ForecastQuery.of(ref.series(), h, Level.P80, Level.P95));
                var block = ArimaReference.block(model, "forecast");
                double[] mean = ArimaJson.doubles(block.get("mean"));
                double rescale = Math.sqrt(m.fit().sigma2Adjusted() / m.fit().sigma2());
                for (int i = 0; i < h; i++) {
                    var p = f.points().get(i);
                    forecast = Math.max(forecast, relative(original(ref, mean[i]), p.mean()));
                    for (var level : new Level[] {Level.P80, Level.P95}) {
                        int pct = (int) level.percent();
                        double lo = mean[i] - rescale * (mean[i] - ArimaJson.doubles(block.get("lo" + pct))[i]);
                        double hi = mean[i] + rescale * (ArimaJson.doubles(block.get("hi" + pct))[i] - mean[i]);
                        forecast = Math.max(forecast, relative(original(ref, lo), p.interval(level).orElseThrow().lo()));
                        forecast = Math.max(forecast, relative(original(ref, hi), p.interval(level).orElseThrow().hi()));
                    }
                }
            }
            var r = ref.auto();
            System.out.printf("%s | %s | %s | %.3f | %.1e | %.1e | %.1e%n", name, auto.fit().spec(), r.get("label"),
                    auto.fit().aicc() - ArimaReference.number(r, "aicc"), coef, loglik, forecast);
        }
    }

    private static double original(ArimaReference ref, double v) {
        return ref.logged() ? Math.exp(v) : v;
    }

    private static double relative(double expected, double actual) {
        return Math.abs(actual - expected) / Math.abs(expected);
    }

    @Test
    void hourlySeries() throws Exception {
        var lines = Files.readAllLines(Path.of("..", "test_data", "time_series_train.csv"));
        var times = new ArrayList<Instant>();
        double[] v = new double[lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            String[] c = lines.get(i).split(",", -1);
            times.add(Instant.parse(c[0]));
            v[i - 1] = c[1].isBlank() ? Double.NaN : Double.parseDouble(c[1]);
        }
        var series = TimeSeries.of(times, v);
        int n = series.size();
        var train = series.head(n - 168);
        var test = series.tail(168);
        System.out.println("hourly: " + n + " points, " + series.missingCount() + " gaps; training on " + train.size() + ", holdout 168");
        for (int i = 0; i < 2; i++) {
            long t0 = System.nanoTime();
            var whole = forecaster.fit(series, Hyperparameters.NONE);
            System.out.printf("all %d points: %s fitted in %d ms%n", n, whole, (System.nanoTime() - t0) / 1_000_000);
        }
        for (var params : new Hyperparameters[] {Hyperparameters.NONE, Hyperparameters.NONE, Hyperparameters.of("period", "168"),
                Hyperparameters.of("transform", "boxcox")}) {
            long t0 = System.nanoTime();
            var model = forecaster.fit(train, params);
            long t1 = System.nanoTime();
            var forecast = model.predict(ForecastQuery.of(train, 168, Level.P95));
            double mape = 0;
            int count = 0;
            int covered = 0;
            for (int i = 0; i < 168; i++) {
                if (Double.isNaN(test.value(i))) continue;
                mape += Math.abs((test.value(i) - forecast.means()[i]) / test.value(i));
                if (forecast.points().get(i).interval(Level.P95).orElseThrow().contains(test.value(i))) covered++;
                count++;
            }
            var history = train.tail(Math.max(168, model.minHistory()));
            var query = ForecastQuery.of(history, 24, Level.P80, Level.P95);
            for (int i = 0; i < 200; i++) model.predict(query);
            long p0 = System.nanoTime();
            for (int i = 0; i < 1000; i++) model.predict(query);
            System.out.printf("%s: %s fitted in %d ms; holdout MAPE %.2f%%, 95%% coverage %.2f; predict 24 from %d points %.3f ms%n",
                    params, model, (t1 - t0) / 1_000_000, 100 * mape / count, (double) covered / count, history.size(), (System.nanoTime() - p0) / 1e6 / 1000);
        }
    }
}
