package forecast.adapters.ml;

import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.Forecaster;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.Level;
import forecast.domain.forecasting.TrainedModel;
import forecast.domain.series.Frequency;
import forecast.domain.series.TimeSeries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The statistical families on test_data: day-ahead forecasts from each of the 14 test midnights.
 * (a) refitted at each midnight on everything known then (training data and the test days
 * before); (b) fitted once on the training data and given, at each midnight, the last 168 hours
 * (bench/Accuracy.java's protocol through the API). MAPE, MASE (season 24, scaled on the training
 * data), 95% coverage, fit time. A measurement, not a check: it runs only with
 * {@code -Dmeasure=true} (several minutes, most of it seasonal ARIMA at period 24).
 */
@EnabledIfSystemProperty(named = "measure", matches = "true")
class DayAheadMeasurementTest {
    private record Family(String name, Forecaster forecaster, Hyperparameters params) {}

    private static TimeSeries read(String file) throws Exception {
        var lines = Files.readAllLines(Path.of("..", "test_data", file));
        var times = new ArrayList<Instant>();
        double[] v = new double[lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            String[] c = lines.get(i).split(",", -1);
            times.add(Instant.parse(c[0]));
            v[i - 1] = c[1].isBlank() ? Double.NaN : Double.parseDouble(c[1]);
        }
        return TimeSeries.of(times, v, List.of(), null, Frequency.HOURLY);
    }

    @Test
    void dayAheadOnTestData() throws Exception {
        var train = read("time_series_train.csv");
        var test = read("time_series_test.csv");
        var all = train.append(test);
        int n = train.size();
        double scale = 0;
        int count = 0;
        for (int t = 24; t < n; t++) {
            double d = Math.abs(train.value(t) - train.value(t - 24));
            if (Double.isNaN(d)) continue;
            scale += d;
            count++;
        }
        scale /= count;
        String only = System.getProperty("measure.only", "");
        var families = List.of(
                new Family("mstl (trend_model ets)", new MstlForecaster(), Hyperparameters.NONE),
                new Family("mstl (trend_model arima)", new MstlForecaster(), Hyperparameters.of("trend_model", "arima")),
                new Family("arima (as it now chooses)", new ArimaForecaster(), Hyperparameters.NONE),
                new Family("arima period 24", new ArimaForecaster(), Hyperparameters.of("period", "24")),
                new Family("arima period 168", new ArimaForecaster(), Hyperparameters.of("period", "168")),
                new Family("ets", new EtsForecaster(), Hyperparameters.NONE),
                new Family("theta", new ThetaForecaster(), Hyperparameters.NONE),
                new Family("seasonal_naive period 168", new SeasonalNaiveForecaster(), Hyperparameters.of("period", "168")));
        System.out.printf("test_data: %d training hours, %d test hours; day-ahead from %d midnights%n", n, test.size(), test.size() / 24);
        System.out.printf("%-28s | %-9s | %-8s | %-8s | %-8s | %-12s | %s%n", "family", "protocol", "MAPE%", "MASE", "cover95", "fit s (med)", "model at the first midnight");
        for (var f : families) {
            if (!only.isEmpty() && !f.name().contains(only)) continue;
            // (a) refit at each midnight
            var errors = new Errors();
            var fits = new double[test.size() / 24];
            String first = null;
            for (int o = 0; o + 24 <= test.size(); o += 24) {
                var history = all.head(n + o);
                long t0 = System.nanoTime();
                TrainedModel model = f.forecaster().fit(history, f.params());
                fits[o / 24] = (System.nanoTime() - t0) / 1e9;
                if (first == null) first = describe(model);
                errors.add(model.predict(ForecastQuery.of(history, 24, Level.P95)), all, n + o);
            }
            Arrays.sort(fits);
            System.out.printf("%-28s | %-9s | %8.2f | %8.3f | %8.3f | %12.3f | %s%n", f.name(), "refit", errors.mape(), errors.mae() / scale, errors.coverage(),
                    fits[fits.length / 2], first);
            // (b) fitted once on the training data, the last 168 hours given at each midnight
            var once = f.forecaster().fit(train, f.params());
            var short168 = new Errors();
            for (int o = 0; o + 24 <= test.size(); o += 24) {
                var history = all.head(n + o).tail(Math.max(168, once.minHistory()));
                short168.add(once.predict(ForecastQuery.of(history, 24, Level.P95)), all, n + o);
            }
            System.out.printf("%-28s | %-9s | %8.2f | %8.3f | %8.3f | %12s | %s%n", f.name(), "once+168h", short168.mape(), short168.mae() / scale, short168.coverage(), "",
                    describe(once));
        }
    }

    /** The fitted model's name, or the start of what it tells. */
    private static String describe(TrainedModel model) {
        String text = model.fitted().getOrDefault("model", model.fitted().toString());
        return text.length() > 90 ? text.substring(0, 90) + "..." : text;
    }

    private static final class Errors {
        double ape, ae;
        int count, covered;

        void add(forecast.domain.forecasting.Forecast forecast, TimeSeries all, int from) {
            for (int h = 0; h < 24; h++) {
                double actual = all.value(from + h);
                if (Double.isNaN(actual)) continue;
                var p = forecast.points().get(h);
                ape += Math.abs((actual - p.mean()) / actual);
                ae += Math.abs(actual - p.mean());
                if (p.interval(Level.P95).orElseThrow().contains(actual)) covered++;
                count++;
            }
        }

        double mape() {
            return 100 * ape / count;
        }

        double mae() {
            return ae / count;
        }

        double coverage() {
            return (double) covered / count;
        }
    }
}
