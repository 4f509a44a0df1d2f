package forecast.domain.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.memory.InMemoryObservationStore;
import forecast.domain.memory.InMemoryPredictionLog;
import forecast.domain.series.InvalidInputException;
import forecast.domain.series.SeriesId;
import forecast.domain.telemetry.Telemetry;
import forecast.domain.testing.Series;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Taking in actuals on its own, without a monitor: store, score, then tell the observer. */
class ActualsIntakeTest {
    static final SeriesId METER = new SeriesId("meter");

    final InMemoryObservationStore observations = new InMemoryObservationStore();
    final InMemoryPredictionLog log = new InMemoryPredictionLog();
    final PredictionRecorder recorder = new PredictionRecorder(log, PredictionRecorder.Settings.defaults(), null, Telemetry.NONE);
    final List<Actuals> heard = new ArrayList<>();
    final List<List<ScoredPoint>> scored = new ArrayList<>();
    final ActualsIntake intake = new ActualsIntake(observations, recorder, (actuals, points) -> {
        heard.add(actuals);
        scored.add(points);
    });

    @AfterEach
    void close() {
        recorder.close();
    }

    @Test
    void actualsExtendTheStoredSeriesScoreTheForecastsStillBufferedAndReachTheObserver() throws Exception {
        observations.append(METER, Series.hourly(48, 1.0, 1));
        var times = Series.hours(48, 2);
        recorder.record(new PredictionRecord("p1", null, "v1", null, "meter", times.get(0), 1_000, times, new double[] {10, 20}));
        var actuals = new Actuals(null, "meter", null, List.of(new Actuals.Observed(times.get(0), 12), new Actuals.Observed(times.get(1), 18)));

        var receipt = intake.receive(actuals);

        assertEquals(2, receipt.scoredPoints(), "the recorder writes what it holds before scoring");
        assertEquals(2, receipt.appended());
        assertNull(receipt.historyNote());
        assertEquals(50, observations.history(METER).orElseThrow().size());
        assertSame(actuals, heard.getFirst());
        assertEquals(2, scored.getFirst().size());
    }

    @Test
    void badRowsChangeNothingAndNobodyHearsOfThem() {
        observations.append(METER, Series.hourly(48, 1.0, 1));
        var bad = List.of(new Actuals.Observed(Series.hours(48, 1).get(0), 100, new double[] {1, 2}));
        assertThrows(InvalidInputException.class, () -> intake.receive(new Actuals(null, "meter", null, bad)));
        assertEquals(48, observations.history(METER).orElseThrow().size());
        assertTrue(heard.isEmpty());
    }

    @Test
    void oneRowOfAnUnknownSeriesIsScoredButNotStored() throws Exception {
        var receipt = intake.receive(new Actuals(null, "new", null, List.of(new Actuals.Observed(Series.hours(0, 1).get(0), 1))));
        assertEquals(0, receipt.appended());
        assertTrue(receipt.historyNote().contains("cannot show its frequency"), receipt.historyNote());
        assertTrue(observations.history(new SeriesId("new")).isEmpty());
        assertEquals(1, heard.size());
    }
}
