package forecast.domain.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.deployment.DeploymentService;
import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.Level;
import forecast.domain.memory.InMemoryModelRegistry;
import forecast.domain.memory.InMemoryObservationStore;
import forecast.domain.series.Frequency;
import forecast.domain.series.TimeSeries;
import forecast.domain.telemetry.Telemetry;
import forecast.domain.testing.Models;
import forecast.domain.testing.SeasonalMeanForecaster;
import forecast.domain.testing.Series;
import forecast.domain.testing.Serving;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PredictionServiceTest {
    private final InMemoryModelRegistry registry = new InMemoryModelRegistry();
    private final LiveModels models = new LiveModels(registry, List.of(new SeasonalMeanForecaster()));
    private final PredictionService prediction = Serving.prediction(registry, models, new InMemoryObservationStore());

    private static ForecastQuery query(TimeSeries history, int horizon) {
        return ForecastQuery.of(history, horizon, Level.P95);
    }

    @Test
    void withoutALiveModelOrWithAnUnknownVersionNothingIsPredicted() {
        var history = Series.hourly(48, 1, 1);
        assertInstanceOf(PredictionResult.NoLiveModel.class, prediction.predict(new PredictionRequest(query(history, 3), null)));
        assertInstanceOf(PredictionResult.UnknownVersion.class, prediction.predict(new PredictionRequest(query(history, 3), "v9")));
    }

    @Test
    void theLiveOrANamedVersionForecastsWithCalibratedIntervals() {
        var v = Models.register(registry, "v1.2", 1);
        new DeploymentService(registry, models, Clock.systemUTC(), Telemetry.NONE).deploy(v.id(), "", "ops");
        var history = Series.hourly(48, 1, 1);
        for (String ref : new String[] {null, "v1.2", v.id()}) {
            var p = assertInstanceOf(PredictionResult.Predicted.class, prediction.predict(new PredictionRequest(query(history, 12), ref)));
            assertEquals(12, p.forecast().size());
            assertEquals(v.id(), p.version().id());
            assertTrue(p.forecast().hasIntervals(Level.P95));
            assertEquals(history.lastTime().plusSeconds(3600), p.forecast().points().get(0).time());
        }
    }

    @Test
    void aShortHistoryContinuingTheTrainingSeriesUsesTheModelsContextAndAnUnrelatedOneIsRefused() {
        var v = Models.register(registry, null, 1); // trained on hours 0..399
        var continuing = TimeSeries.of(Series.hours(400, 2), new double[] {100, 102});
        assertInstanceOf(PredictionResult.Predicted.class, prediction.predict(new PredictionRequest(query(continuing, 5), v.id())));
        var unrelated = TimeSeries.of(Series.hours(5000, 2), new double[] {100, 102});
        var refused = assertInstanceOf(PredictionResult.InsufficientHistory.class, prediction.predict(new PredictionRequest(query(unrelated, 5), v.id())));
        assertEquals(6, refused.required());
    }

    @Test
    void aHistoryAtAnotherFrequencyIsIncompatible() {
        var v = Models.register(registry, null, 1);
        var times = List.of(Instant.EPOCH, Instant.EPOCH.plus(Duration.ofDays(1)), Instant.EPOCH.plus(Duration.ofDays(2)),
                Instant.EPOCH.plus(Duration.ofDays(3)), Instant.EPOCH.plus(Duration.ofDays(4)), Instant.EPOCH.plus(Duration.ofDays(5)));
        var daily = TimeSeries.of(times, new double[] {1, 2, 3, 4, 5, 6}, List.of(), null, Frequency.DAILY);
        var result = assertInstanceOf(PredictionResult.Incompatible.class, prediction.predict(new PredictionRequest(query(daily, 2), v.id())));
        assertEquals("data", result.violations().get(0).field());
    }
}
