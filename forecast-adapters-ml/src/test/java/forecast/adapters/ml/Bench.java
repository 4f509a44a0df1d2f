package forecast.adapters.ml;

import forecast.domain.evaluation.Accuracy;
import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.TrainedModel;
import forecast.domain.series.TimeSeries;
import org.junit.jupiter.api.Test;

/** Throwaway: prints fit time, latency and accuracy. */
class Bench {
    @Test
    void bench() {
        String rounds = System.getProperty("bench.rounds", "300");
        int n = Integer.getInteger("bench.n", 3000);
        var series = Synthetic.hourly(n + 168, 7);
        var train = series.head(n);
        var xgb = new XGBoostForecaster();
        var params = Hyperparameters.of("rounds", rounds);
        long t0 = System.nanoTime();
        var model = xgb.fit(train, params);
        long t1 = System.nanoTime();
        System.out.printf("fit n=%d rounds=%s: %.2f s%n", n, rounds, (t1 - t0) / 1e9);
        var naive = new SeasonalNaiveForecaster().fit(train, Hyperparameters.NONE);
        evaluate("xgboost", model, series, n);
        evaluate("seasonal_naive", naive, series, n);
        var q = ForecastQuery.of(train, 24);
        for (int i = 0; i < 2000; i++) model.predict(q);
        long p0 = System.nanoTime();
        int reps = 5000;
        for (int i = 0; i < reps; i++) model.predict(q);
        System.out.printf("predict 24 steps: %.3f ms%n", (System.nanoTime() - p0) / 1e6 / reps);
        var q168 = ForecastQuery.of(train, 168);
        p0 = System.nanoTime();
        for (int i = 0; i < 1000; i++) model.predict(q168);
        System.out.printf("predict 168 steps: %.3f ms%n", (System.nanoTime() - p0) / 1e6 / 1000);
        byte[] bytes = model.serialize();
        for (int i = 0; i < 5; i++) xgb.restore(bytes);
        p0 = System.nanoTime();
        for (int i = 0; i < 20; i++) model.serialize();
        System.out.printf("serialize: %.2f ms, %d bytes%n", (System.nanoTime() - p0) / 1e6 / 20, bytes.length);
        p0 = System.nanoTime();
        for (int i = 0; i < 20; i++) xgb.restore(bytes);
        System.out.printf("restore: %.2f ms%n", (System.nanoTime() - p0) / 1e6 / 20);
    }

    /** 7 origins, 24 steps each, over the last 168 points (history grows with the origin). */
    static void evaluate(String name, TrainedModel model, TimeSeries series, int n) {
        double[] actual = new double[168];
        double[] forecast = new double[168];
        for (int o = 0; o < 7; o++) {
            var history = series.head(n + 24 * o);
            double[] f = model.predict(ForecastQuery.of(history, 24)).means();
            for (int h = 0; h < 24; h++) {
                actual[24 * o + h] = series.value(n + 24 * o + h);
                forecast[24 * o + h] = f[h];
            }
        }
        double[] insample = series.head(n).values();
        System.out.printf("%s: MASE %.3f MAPE %.2f%% (168-step single origin MASE %.3f)%n", name,
                Accuracy.mase(actual, forecast, insample, 24), Accuracy.mape(actual, forecast),
                Accuracy.mase(series.slice(n, n + 168).values(), model.predict(ForecastQuery.of(series.head(n), 168)).means(), insample, 24));
    }
}
