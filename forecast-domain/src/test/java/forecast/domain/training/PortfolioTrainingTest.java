package forecast.domain.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.Level;
import forecast.domain.forecasting.Portfolio;
import forecast.domain.memory.InMemoryModelRegistry;
import forecast.domain.memory.InMemoryObservationStore;
import forecast.domain.preprocessing.Imputation;
import forecast.domain.series.SeriesId;
import forecast.domain.series.TimeSeries;
import forecast.domain.serving.LiveModels;
import forecast.domain.serving.PredictionRequest;
import forecast.domain.serving.PredictionResult;
import forecast.domain.telemetry.Telemetry;
import forecast.domain.testing.GlobalProfileForecaster;
import forecast.domain.testing.SeasonalMeanForecaster;
import forecast.domain.testing.Series;
import forecast.domain.testing.Serving;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One version over many series: a local family fits and backtests each series on its own, a global
 * one fits one model across them (scaled); the version keeps each series' backtest and their mean,
 * and serves each series, from a sent history or the stored one.
 */
class PortfolioTrainingTest {
    final InMemoryModelRegistry registry = new InMemoryModelRegistry();
    final TrainingService training = new TrainingService(List.of(new SeasonalMeanForecaster(), new GlobalProfileForecaster()), registry, Telemetry.NONE);
    final InMemoryObservationStore store = new InMemoryObservationStore();

    /** Daily-cycle hourly series at very different levels: 100, 1,000, 10,000... times the base. */
    Map<SeriesId, TimeSeries> shops(int n, int hours) {
        var out = new LinkedHashMap<SeriesId, TimeSeries>();
        for (int i = 0; i < n; i++) {
            var base = Series.hourly(hours, 1.0, 10 + i);
            double[] v = base.values();
            double level = Math.pow(10, i % 3);
            for (int j = 0; j < v.length; j++) v[j] *= level;
            var id = new SeriesId("shop-" + i);
            out.put(id, base.withValues(v));
            store.append(id, base.withValues(v));
        }
        return out;
    }

    PortfolioRequest request(String algorithm, Map<SeriesId, TimeSeries> series) {
        return new PortfolioRequest("shop-sales", List.copyOf(series.keySet()), algorithm, Hyperparameters.NONE, Imputation.LINEAR, null, 2, "test");
    }

    @Test
    void aLocalFamilyFitsEachSeriesAndTheVersionKeepsEachBacktestAndTheirMean() {
        var series = shops(6, 400);
        var shortOne = new SeriesId("shop-short");
        var tooShort = Series.hourly(30, 1, 3);
        store.append(shortOne, tooShort);
        var all = new LinkedHashMap<>(series);
        all.put(shortOne, tooShort);
        var progress = new ArrayList<String>();
        var result = assertInstanceOf(TrainingResult.Trained.class, training.trainPortfolio(request("seasonal_mean", all), all, progress::add));
        var v = result.version();
        assertEquals("shop-sales", v.model());
        assertEquals(6, v.series().size(), "the series too short to backtest is left out");
        assertTrue(result.skipped().get("shop-short").startsWith("too short"), result.skipped().toString());
        assertTrue(v.provenance().notes().get("skipped").contains("shop-short"));
        assertTrue(v.provenance().notes().get("portfolio").startsWith("local, 6 series"), v.provenance().notes().toString());
        assertEquals("linear", v.provenance().notes().get("imputation"));
        assertEquals(java.util.Set.of("period"), v.hyperparameters().values().keySet(), "only what the algorithm accepts");
        double mean = v.series().stream().mapToDouble(s -> s.metrics().mase()).average().orElseThrow();
        assertEquals(mean, v.metrics().mase(), 1e-12, "the version's metrics are the mean over its series");
        assertTrue(progress.stream().anyMatch(p -> p.equals("trained 7 of 7 series")), progress.toString());
        var portfolio = assertInstanceOf(Portfolio.Local.class, result.portfolio());
        assertEquals(6, portfolio.series().size());

        // served from the registry's bytes, exactly as trained
        var models = new LiveModels(registry, training.forecasters().values().stream().toList());
        var loaded = models.load(registry.find(v.id()).orElseThrow());
        var history = series.get(new SeriesId("shop-4"));
        var query = ForecastQuery.of(history.head(300), 12, Level.P95);
        assertEquals(portfolio.forecast("shop-4", query), loaded.portfolio().forecast("shop-4", query));
        assertTrue(loaded.portfolio().forecast("shop-99", query).isEmpty(), "no model of a series it was not fitted on");
    }

    @Test
    void aGlobalFamilyFitsOneScaledModelAcrossTheSeriesAndForecastsAnUnseenOne() {
        var series = shops(6, 400);
        var result = assertInstanceOf(TrainingResult.Trained.class, training.trainPortfolio(request(GlobalProfileForecaster.ALGORITHM, series), series,
                m -> {}));
        var global = assertInstanceOf(Portfolio.Global.class, result.portfolio());
        assertEquals(1.0, global.scales().get("shop-0") / 100, 0.05, "each series' scale is its mean level");
        assertEquals(100.0, global.scales().get("shop-2") / global.scales().get("shop-0"), 5.0);
        for (var s : result.version().series()) assertTrue(s.metrics().mase() < 1.2, s.seriesId() + " MASE " + s.metrics().mase());

        // a series it has not seen, at yet another level, is forecast from its history: scaled, forecast, scaled back
        var unseen = Series.hourly(200, 1.0, 77);
        double[] v = unseen.values();
        for (int i = 0; i < v.length; i++) v[i] *= 55;
        var forecast = global.forecast(null, ForecastQuery.of(unseen.withValues(v).head(176), 24, Level.P80)).orElseThrow();
        double error = 0;
        for (int h = 0; h < 24; h++) error += Math.abs(forecast.means()[h] - v[176 + h]);
        assertTrue(error / 24 < 0.05 * 5500, "mean absolute error " + error / 24 + " on a level of 5,500");
        var interval = forecast.points().get(0).interval(Level.P80).orElseThrow();
        assertTrue(interval.hi() - interval.lo() > 10 && interval.hi() - interval.lo() < 2000, "intervals in the series' units: " + interval);
    }

    @Test
    void aStoredSeriesIsForecastByItsIdWithoutSendingItsHistory() {
        var series = shops(3, 400);
        var trained = (TrainingResult.Trained) training.trainPortfolio(request("seasonal_mean", series), series, m -> {});
        var models = new LiveModels(registry, training.forecasters().values().stream().toList());
        models.add(trained.version(), trained.portfolio());
        var service = Serving.prediction(registry, models, store);
        var stored = new PredictionRequest.Stored(new forecast.domain.forecasting.Horizon(14), List.of(Level.P95));
        var byId = service.predict(new PredictionRequest("shop-sales", null, trained.version().id(), "shop-1", null, stored));
        var predicted = assertInstanceOf(PredictionResult.Predicted.class, byId);
        assertEquals(14, predicted.forecast().size());
        assertEquals(series.get(new SeriesId("shop-1")).lastTime().plusSeconds(3600), predicted.forecast().times().get(0));
        var direct = trained.portfolio().forecast("shop-1", ForecastQuery.of(store.history(new SeriesId("shop-1")).orElseThrow(), 14, Level.P95)).orElseThrow();
        assertEquals(direct, predicted.forecast());

        var uncovered = service.predict(new PredictionRequest("shop-sales", null, trained.version().id(), "shop-77", null, stored));
        assertInstanceOf(PredictionResult.UnknownSeries.class, uncovered);
        store.append(new SeriesId("shop-9"), Series.hourly(100, 1, 9));
        var notInPortfolio = assertInstanceOf(PredictionResult.UnknownSeries.class,
                service.predict(new PredictionRequest("shop-sales", null, trained.version().id(), "shop-9", null, stored)));
        assertTrue(notInPortfolio.detail().contains("has no model of series shop-9"), notInPortfolio.detail());
        assertNotNull(trained.version().metrics());
    }
}
