package forecast.domain.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.deployment.DeploymentService;
import forecast.domain.experiment.ExperimentService;
import forecast.domain.forecasting.ForecastQuery;
import forecast.domain.forecasting.Hyperparameters;
import forecast.domain.forecasting.Level;
import forecast.domain.memory.InMemoryAlertStore;
import forecast.domain.memory.InMemoryExperimentStore;
import forecast.domain.memory.InMemoryModelRegistry;
import forecast.domain.memory.InMemoryObservationStore;
import forecast.domain.memory.InMemoryPredictionLog;
import forecast.domain.preprocessing.Imputation;
import forecast.domain.recording.Actuals;
import forecast.domain.recording.ActualsIntake;
import forecast.domain.recording.PredictionRecorder;
import forecast.domain.series.InvalidInputException;
import forecast.domain.series.SeriesId;
import forecast.domain.series.TimeSeries;
import forecast.domain.serving.LiveModels;
import forecast.domain.serving.PredictionRequest;
import forecast.domain.serving.PredictionResult;
import forecast.domain.serving.PredictionService;
import forecast.domain.telemetry.Telemetry;
import forecast.domain.testing.NormalApproximation;
import forecast.domain.testing.SeasonalMeanForecaster;
import forecast.domain.testing.Series;
import forecast.domain.training.TrainingRequest;
import forecast.domain.training.TrainingResult;
import forecast.domain.training.TrainingService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The monitor on in-memory adapters: a seasonal model trained on two weeks of an hourly series, watched with a test-double drift detector. */
class MonitorTest {
    static final SeriesId METER = new SeriesId("meter");
    static final int TRAINED = 24 * 7 * 5;
    static final int WEEK = 168;

    /** Drift when the recent mean is more than one reference standard deviation away: a detector double. */
    static final DriftDetector MEAN_SHIFT = new DriftDetector() {
        @Override
        public String name() {
            return "mean_shift";
        }

        @Override
        public DriftScore compare(double[] reference, double[] recent) {
            double m = Arrays.stream(reference).average().orElseThrow();
            double sd = Math.sqrt(Arrays.stream(reference).map(x -> (x - m) * (x - m)).sum() / (reference.length - 1));
            double d = Math.abs(Arrays.stream(recent).average().orElseThrow() - m) / sd;
            return new DriftScore(name(), d, Double.NaN, 1.0, d > 1.0);
        }
    };

    final InMemoryModelRegistry registry = new InMemoryModelRegistry();
    final LiveModels models = new LiveModels(registry, List.of(new SeasonalMeanForecaster()));
    final DeploymentService deployment = new DeploymentService(registry, models, Clock.systemUTC(), Telemetry.NONE);
    final InMemoryObservationStore observations = new InMemoryObservationStore();
    final InMemoryPredictionLog log = new InMemoryPredictionLog();
    final PredictionRecorder recorder = new PredictionRecorder(log, PredictionRecorder.Settings.defaults(), null, Telemetry.NONE);
    final ExperimentService experiments = new ExperimentService(new InMemoryExperimentStore(), log, recorder, models, deployment,
            new NormalApproximation(), Clock.systemUTC());
    final List<String> sent = new ArrayList<>();
    final Alerts alerts = new Alerts(new InMemoryAlertStore(), List.of((event, a) -> {
        synchronized (sent) {
            sent.add(event + " " + a.key());
        }
    }), Telemetry.NONE, Clock.systemUTC());
    final MonitoringSettings settings = new MonitoringSettings(MonitoringSettings.Recording.IDENTIFIED, 0, 4, 1, 500, 48, 0.5, 0.10, 0.1, 25,
            Duration.ofMinutes(1));
    final Monitor monitor = new Monitor(settings, models, observations, log, List.of(MEAN_SHIFT), alerts, Telemetry.NONE, Clock.systemUTC());
    final ActualsIntake intake = new ActualsIntake(observations, recorder, monitor);
    final PredictionService prediction = new PredictionService(models, Telemetry.NONE, experiments, monitor, recorder, observations);
    final TimeSeries history = Series.hourly(TRAINED, 1.0, 3);

    MonitorTest() {
        observations.append(METER, history);
        var trained = (TrainingResult.Trained) new TrainingService(List.of(new SeasonalMeanForecaster()), registry, Telemetry.NONE)
                .train(new TrainingRequest(METER, history, "seasonal_mean", Hyperparameters.NONE, Imputation.LINEAR, null));
        models.add(trained.version(), trained.model());
        deployment.deploy(trained.version().id(), "test", "test");
    }

    @AfterEach
    void close() {
        alerts.close();
        recorder.close();
    }

    /** Hours {@code from}..{@code from + n} of the series at level {@code 100 + shift}. */
    static List<Actuals.Observed> hours(int from, int n, double shift, long seed) {
        var random = new Random(seed);
        var out = new ArrayList<Actuals.Observed>();
        var times = Series.hours(from, n);
        for (int i = 0; i < n; i++)
            out.add(new Actuals.Observed(times.get(i), 100 + shift + 10 * Math.sin(2 * Math.PI * (from + i) / 24) + random.nextGaussian()));
        return out;
    }

    DriftStatus status(Monitor.Report report, String detector) {
        return report.detectors().stream().filter(d -> d.detector().equals(detector)).findFirst().orElseThrow();
    }

    @Test
    void inputDriftWaitsForAWholeSeasonThenAlertsOnALevelShiftOnceAndResolvesWhenItIsGone() throws Exception {
        intake.receive(new Actuals(null, "meter", null, hours(TRAINED, 100, 40, 1)));
        assertEquals("insufficient_data", status(monitor.report(), "mean_shift").state(), "less than one week of newer values");
        assertTrue(alerts.list(null, 10).isEmpty());

        var receipt = intake.receive(new Actuals(null, "meter", null, hours(TRAINED + 100, WEEK, 40, 2)));
        assertEquals(WEEK, receipt.appended(), "actuals extend the stored history");
        assertEquals(TRAINED + 100 + WEEK, observations.history(METER).orElseThrow().size());
        var drift = status(monitor.report(), "mean_shift");
        assertEquals("drift", drift.state());
        assertEquals(WEEK, drift.recentSize(), "one whole week");
        assertEquals(4 * WEEK, drift.referenceSize(), "four whole weeks of training data");
        var open = alerts.list(Alert.State.OPEN, 10);
        assertEquals(1, open.size());
        assertEquals("input_drift:mean_shift:meter", open.get(0).key());

        monitor.check();
        monitor.check();
        assertEquals(3, alerts.list(Alert.State.OPEN, 10).get(0).occurrences(), "repeated breaches count on the open alert");

        intake.receive(new Actuals(null, "meter", null, hours(TRAINED + 100 + WEEK, WEEK, 0, 3)));
        assertEquals("ok", status(monitor.report(), "mean_shift").state());
        assertTrue(alerts.list(Alert.State.OPEN, 10).isEmpty());
        alerts.close();
        assertEquals(List.of("raised input_drift:mean_shift:meter", "resolved input_drift:mean_shift:meter"), sent, "one notice each way");
    }

    @Test
    void noShiftNoAlert() throws Exception {
        intake.receive(new Actuals(null, "meter", null, hours(TRAINED, 2 * WEEK, 0, 4)));
        assertEquals("ok", status(monitor.report(), "mean_shift").state());
        assertTrue(alerts.list(null, 10).isEmpty());
    }

    @Test
    void requestedHistoriesNamingTheSeriesFeedTheRecentWindow() {
        var times = Series.hours(TRAINED - 200, 200 + WEEK);
        double[] v = new double[times.size()];
        for (int i = 0; i < v.length; i++) v[i] = i < 200 ? history.value(TRAINED - 200 + i) : 160;
        var requested = TimeSeries.of(times, v);
        prediction.predict(new PredictionRequest(ForecastQuery.of(requested, 24, Level.P95), null, null, null));
        assertEquals("insufficient_data", status(monitor.check(), "mean_shift").state(), "a request without a series id says nothing about the series");
        prediction.predict(new PredictionRequest(ForecastQuery.of(requested, 24, Level.P95), null, "meter", null));
        assertEquals("drift", status(monitor.check(), "mean_shift").state());
    }

    @Test
    void liveAccuracyAndCoverageComeFromScoredPredictionsAndAlertWhenTheyBreach() throws Exception {
        for (int u = 0; u < 3; u++) {
            var r = prediction.predict(new PredictionRequest(ForecastQuery.of(history, 24, Level.P95), null, "meter", "u" + u));
            var predicted = assertInstanceOf(PredictionResult.Predicted.class, r);
            assertTrue(predicted.predictionId() != null && predicted.routing() == null, "recorded for monitoring, outside any experiment");
        }
        // actuals far outside the intervals: 72 points, 0% covered, MAPE ~50%
        intake.receive(new Actuals(null, "meter", null, hours(TRAINED, 24, 50, 5)));
        var version = models.live().orElseThrow().version().id();
        var accuracy = monitor.accuracy(version).orElseThrow();
        assertEquals(72, accuracy.points());
        assertEquals(72, accuracy.intervalPoints());
        assertEquals(0.0, accuracy.coverage());
        assertEquals(0.95, accuracy.nominalCoverage(), 1e-12);
        assertTrue(accuracy.mape() > 25, "MAPE " + accuracy.mape());
        var kinds = alerts.list(Alert.State.OPEN, 10).stream().map(Alert::kind).toList();
        assertTrue(kinds.contains(Alert.Kind.ACCURACY), kinds.toString());
        assertTrue(kinds.contains(Alert.Kind.COVERAGE), kinds.toString());
        assertTrue(kinds.contains(Alert.Kind.ACCURACY_DRIFT) || accuracy.changeCount() > 0, kinds.toString());

        // a corrected actual is not counted twice
        intake.receive(new Actuals(null, "meter", null, hours(TRAINED, 24, 50, 5)));
        assertEquals(72, monitor.accuracy(version).orElseThrow().points());
    }

    @Test
    void predictionsOutsideExperimentsAreRecordedByPolicyUpToTheRate() {
        var limited = new Monitor(new MonitoringSettings(MonitoringSettings.Recording.IDENTIFIED, 5, 4, 1, 500, 48, 0.5, 0.10, 0.1, 25,
                Duration.ofMinutes(1)), models, observations, log, List.of(), alerts, Telemetry.NONE, Clock.systemUTC());
        assertFalse(limited.records(null, null), "nothing for actuals to find");
        int recorded = 0;
        for (int i = 0; i < 1000; i++) if (limited.records("meter", null)) recorded++;
        assertTrue(recorded >= 5 && recorded < 1000, "a burst of 5, then 5 a second: " + recorded);
        assertTrue(monitor.records(null, "unit"), "a unit id is enough");
        var none = new Monitor(new MonitoringSettings(MonitoringSettings.Recording.EXPERIMENTS, 0, 4, 1, 500, 48, 0.5, 0.10, 0.1, 25,
                Duration.ofMinutes(1)), models, observations, log, List.of(), alerts, Telemetry.NONE, Clock.systemUTC());
        assertFalse(none.records("meter", "unit"));
    }

    @Test
    void pageHinkleySignalsARiseInTheMeanAndNotNoise() {
        var ph = new PageHinkley(0.1, 10, 20);
        var random = new Random(1);
        for (int i = 0; i < 2000; i++) assertFalse(ph.add(Math.abs(random.nextGaussian())), "stationary noise at " + i);
        int detectedAfter = -1;
        for (int i = 0; i < 200 && detectedAfter < 0; i++) if (ph.add(3 + Math.abs(random.nextGaussian()))) detectedAfter = i;
        assertTrue(detectedAfter >= 0 && detectedAfter < 20, "detected after " + detectedAfter);
    }

    @Test
    void actualsWithTheWrongColumnsAreRefusedBeforeAnythingChanges() {
        var bad = List.of(new Actuals.Observed(Series.hours(TRAINED, 1).get(0), 100, new double[] {1, 2}));
        assertThrows(InvalidInputException.class, () -> intake.receive(new Actuals(null, "meter", null, bad)));
        assertEquals(TRAINED, observations.history(METER).orElseThrow().size());
    }

    @Test
    void liveAccuracyResumesFromTheLogAfterARestart() throws Exception {
        prediction.predict(new PredictionRequest(ForecastQuery.of(history, 24, Level.P95), null, "meter", null));
        intake.receive(new Actuals(null, "meter", null, hours(TRAINED, 24, 0, 6)));
        var version = models.live().orElseThrow().version().id();
        var restarted = new Monitor(settings, models, observations, log, List.of(MEAN_SHIFT), alerts, Telemetry.NONE, Clock.systemUTC());
        assertTrue(restarted.accuracy(version).isEmpty());
        restarted.resume();
        assertEquals(monitor.accuracy(version).orElseThrow().mape(), restarted.accuracy(version).orElseThrow().mape(), 1e-9);
        assertEquals(24, restarted.accuracy(version).orElseThrow().points());
        assertTrue(Instant.now().isAfter(restarted.accuracy(version).orElseThrow().lastScored()));
    }
}
