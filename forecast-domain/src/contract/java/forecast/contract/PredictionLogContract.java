package forecast.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import forecast.domain.recording.Actuals;
import forecast.domain.recording.Actuals.Observed;
import forecast.domain.recording.PredictionLog;
import forecast.domain.recording.PredictionLog.ArmOutcomes;
import forecast.domain.recording.PredictionRecord;
import forecast.domain.recording.ScoredPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PredictionLog} promises. An implementation's test implements this interface
 * and {@link #createLog()}; each test calls it once. Errors are compared to 1e-9: a database may
 * add a prediction's point errors up in another order.
 */
public interface PredictionLogContract {
    /** A new, empty log. */
    PredictionLog createLog();

    // ---- samples

    /** Microseconds, which every database keeps. */
    Instant T0 = Instant.parse("2024-05-01T09:00:00.000001Z");
    double TOLERANCE = 1e-9;

    /** The hour {@code h} after {@link #T0}. */
    static Instant hour(int h) {
        return T0.plus(Duration.ofHours(h));
    }

    /** A forecast of {@code values} for the hours 1, 2, 3, ... after {@link #T0}, requested at T0 and served in {@code latencyNanos}. */
    static PredictionRecord prediction(String id, String experiment, String version, String unit, String series, long latencyNanos, double... values) {
        var times = new ArrayList<Instant>();
        for (int i = 0; i < values.length; i++) times.add(hour(i + 1));
        return new PredictionRecord(id, experiment, version, unit, series, T0, latencyNanos, times, values);
    }

    /** {@link #prediction} with an interval at {@code level} (a fraction) of {@code lower} and {@code upper}, one bound per value. */
    static PredictionRecord withInterval(String id, String experiment, String version, String unit, String series, double level, double[] lower,
                                         double[] upper, double... values) {
        var times = new ArrayList<Instant>();
        for (int i = 0; i < values.length; i++) times.add(hour(i + 1));
        return new PredictionRecord(id, experiment, version, unit, series, T0, 1_000, times, values, level, lower, upper);
    }

    static Observed at(int hour, double value) {
        return new Observed(hour(hour), value);
    }

    static Actuals ofPrediction(String id, Observed... values) {
        return new Actuals(id, null, null, List.of(values));
    }

    static Actuals ofSeries(String series, String unit, Observed... values) {
        return new Actuals(null, series, unit, List.of(values));
    }

    static Actuals ofUnit(String unit, Observed... values) {
        return new Actuals(null, null, unit, List.of(values));
    }

    /** The outcomes of {@code experiment} by version, every array sorted (the order is not promised). */
    static Map<String, ArmOutcomes> outcomes(PredictionLog log, String experiment) {
        var out = new TreeMap<String, ArmOutcomes>();
        for (var o : log.outcomes(experiment)) {
            var previous = out.put(o.version(), new ArmOutcomes(o.version(), o.requests(), sorted(o.latencyMillis()), sorted(o.ape()), sorted(o.ae())));
            assertEquals(null, previous, "one outcome per version: " + o.version());
        }
        return out;
    }

    static double[] sorted(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s;
    }

    /** Same version and requests, same latencies and errors (as multisets, to {@link #TOLERANCE}). */
    static void assertOutcome(String version, long requests, double[] latencyMillis, double[] ape, double[] ae, ArmOutcomes actual) {
        assertEquals(version, actual.version());
        assertEquals(requests, actual.requests(), "requests of " + version);
        assertArrayEquals(sorted(latencyMillis), sorted(actual.latencyMillis()), TOLERANCE, "latencies of " + version);
        assertArrayEquals(sorted(ape), sorted(actual.ape()), TOLERANCE, "APE of " + version);
        assertArrayEquals(sorted(ae), sorted(actual.ae()), TOLERANCE, "AE of " + version);
    }

    static double[] d(double... v) {
        return v;
    }

    // ---- recording

    @Test
    default void appendedPredictionsAreCountedByArmWithTheirLatencies() {
        var log = createLog();
        assertEquals(List.of(), log.outcomes("exp"));
        log.append(List.of(prediction("p1", "exp", "a", "u1", "s", 1_500_000, 10, 20),
                prediction("p2", "exp", "b", "u2", "s", 2_000_001, 10, 20)));
        log.append(List.of(prediction("p3", "exp", "a", null, null, 250_000, 5),
                prediction("p4", "other", "a", "u1", "s", 9_000_000, 10)));
        log.append(List.of());
        var out = outcomes(log, "exp");
        assertEquals(Set.of("a", "b"), out.keySet());
        assertOutcome("a", 2, d(1.5, 0.25), d(), d(), out.get("a"));
        assertOutcome("b", 1, d(2.000001), d(), d(), out.get("b"));
        assertOutcome("a", 1, d(9.0), d(), d(), outcomes(log, "other").get("a"));
        assertEquals(List.of(), log.outcomes("unknown"));
    }

    @Test
    default void aBatchAppendedAgainAddsNothing() {
        var log = createLog();
        var batch = List.of(prediction("p1", "exp", "a", "u1", "s", 1_000_000, 10, 20), prediction("p2", "exp", "b", "u2", "s", 2_000_000, 10));
        log.append(batch);
        log.append(batch); // a write retried after it had in fact succeeded
        log.append(List.of(prediction("p1", "exp", "b", "u9", "s", 7_000_000, 99, 99, 99)));
        var out = outcomes(log, "exp");
        assertOutcome("a", 1, d(1.0), d(), d(), out.get("a"));
        assertOutcome("b", 1, d(2.0), d(), d(), out.get("b"));
        assertEquals(2, log.score(ofPrediction("p1", at(1, 8), at(2, 25), at(3, 1))), "the first record of p1 is kept");
        assertOutcome("a", 1, d(1.0), d(22.5), d(3.5), outcomes(log, "exp").get("a"));
    }

    @Test
    default void concurrentAppendsAreAllKept() throws Exception {
        var log = createLog();
        int threads = 4, batches = 25, size = 10;
        StudyStoreContract.run(threads, t -> {
            for (int b = 0; b < batches; b++) {
                var batch = new ArrayList<PredictionRecord>();
                for (int i = 0; i < size; i++)
                    batch.add(prediction(t + "-" + b + "-" + i, "exp", t % 2 == 0 ? "a" : "b", "u" + i, "s", 1_000_000L * (t + 1), 1, 2, 3));
                log.append(batch);
            }
            return List.of();
        });
        var out = outcomes(log, "exp");
        int each = threads / 2 * batches * size;
        assertEquals(each, out.get("a").requests());
        assertEquals(each, out.get("b").requests());
        assertEquals(each, out.get("a").latencyMillis().length);
        assertEquals(Set.of(1.0, 3.0), Arrays.stream(out.get("a").latencyMillis()).boxed().collect(Collectors.toSet()));
        assertEquals(threads * batches * size * 3, log.score(ofSeries("s", null, at(1, 1), at(2, 2), at(3, 4))), "every point of every prediction");
        assertOutcome("b", each, out.get("b").latencyMillis(), filled(each, 25.0 / 3), filled(each, 1.0 / 3),
                outcomes(log, "exp").get("b"));
    }

    private static double[] filled(int n, double value) {
        double[] v = new double[n];
        Arrays.fill(v, value);
        return v;
    }

    // ---- scoring

    @Test
    default void actualsOfAPredictionScoreItsPointsOnly() {
        var log = createLog();
        log.append(List.of(prediction("p1", "exp", "a", "u1", "s", 1, 10, 20, 30), prediction("p2", "exp", "a", "u1", "s", 1, 10, 20, 30)));
        assertEquals(2, log.score(ofPrediction("p1", at(1, 8), at(2, 25))));
        // |8 - 10| = 2 and |25 - 20| = 5; 2/8 = 25% and 5/25 = 20%
        assertOutcome("a", 2, d(1e-6, 1e-6), d(22.5), d(3.5), outcomes(log, "exp").get("a"));
        assertEquals(0, log.score(ofPrediction("unknown", at(1, 8))));
    }

    @Test
    default void aPredictionIdNamesOnePredictionWhateverTheSeriesOrUnit() {
        var log = createLog();
        log.append(List.of(prediction("p1", "exp", "a", "u1", "s", 1, 10), prediction("p2", "exp", "a", "u1", "s", 1, 10)));
        assertEquals(1, log.score(new Actuals("p1", "s", "u1", List.of(at(1, 5)))));
        assertEquals(0, log.score(new Actuals("p9", "s", "u1", List.of(at(1, 5)))));
        assertOutcome("a", 2, d(1e-6, 1e-6), d(100), d(5), outcomes(log, "exp").get("a"));
    }

    @Test
    default void actualsOfASeriesScoreEveryPredictionOfItInEveryExperiment() {
        var log = createLog();
        log.append(List.of(prediction("p1", "exp", "a", "u1", "s", 1, 10, 20), prediction("p2", "exp", "b", "u2", "s", 1, 12, 18),
                prediction("p3", "exp", "b", null, "s", 1, 11), prediction("p4", "other", "a", "u1", "s", 1, 40, 40),
                prediction("p5", "exp", "a", "u1", "t", 1, 10, 20), prediction("p6", "exp", "a", "u1", null, 1, 10, 20)));
        assertEquals(7, log.score(ofSeries("s", null, at(1, 10), at(2, 16))));
        var out = outcomes(log, "exp");
        // p1: |0|, |4| -> AE 2, APE (0 + 25) / 2; p2: |2|, |2| -> AE 2, APE (20 + 12.5) / 2; p3: |1| -> AE 1, APE 10
        assertOutcome("a", 3, d(1e-6, 1e-6, 1e-6), d(12.5), d(2), out.get("a"));
        assertOutcome("b", 2, d(1e-6, 1e-6), d(16.25, 10), d(2, 1), out.get("b"));
        assertOutcome("a", 1, d(1e-6), d(225), d(27), outcomes(log, "other").get("a"));
    }

    @Test
    default void actualsOfASeriesAndUnitScoreThatUnitsPredictionsOfTheSeries() {
        var log = createLog();
        log.append(List.of(prediction("p1", "exp", "a", "u1", "s", 1, 10), prediction("p2", "exp", "b", "u2", "s", 1, 10),
                prediction("p3", "exp", "b", "u1", "t", 1, 10), prediction("p4", "exp", "a", null, "s", 1, 10),
                prediction("p5", "exp", "b", "u1", "s", 1, 20)));
        assertEquals(2, log.score(ofSeries("s", "u1", at(1, 20))));
        var out = outcomes(log, "exp");
        assertOutcome("a", 2, d(1e-6, 1e-6), d(50), d(10), out.get("a"));
        assertOutcome("b", 3, d(1e-6, 1e-6, 1e-6), d(0), d(0), out.get("b"));
    }

    @Test
    default void actualsOfAUnitScoreItsPredictionsOfEverySeries() {
        var log = createLog();
        log.append(List.of(prediction("p1", "exp", "a", "u1", "s", 1, 10), prediction("p2", "exp", "a", "u1", "t", 1, 30),
                prediction("p3", "exp", "a", "u1", null, 1, 15), prediction("p4", "exp", "a", "u2", "s", 1, 10),
                prediction("p5", "exp", "a", null, "s", 1, 10)));
        assertEquals(3, log.score(ofUnit("u1", at(1, 20))));
        assertOutcome("a", 5, d(1e-6, 1e-6, 1e-6, 1e-6, 1e-6), d(50, 50, 25), d(10, 10, 5), outcomes(log, "exp").get("a"));
    }

    @Test
    default void aLaterActualForATimeReplacesTheEarlier() {
        var log = createLog();
        log.append(List.of(prediction("p1", "exp", "a", "u1", "s", 1, 10, 20)));
        assertEquals(2, log.score(ofSeries("s", null, at(1, 8), at(2, 25))));
        assertEquals(1, log.score(ofPrediction("p1", at(1, 12))));
        // |12 - 10| = 2 (16.67%) and |25 - 20| = 5 (20%)
        assertOutcome("a", 1, d(1e-6), d((100.0 * 2 / 12 + 20) / 2), d(3.5), outcomes(log, "exp").get("a"));
        assertEquals(2, log.score(ofUnit("u1", at(2, 20), at(2, 40))), "the last of one batch wins");
        assertOutcome("a", 1, d(1e-6), d((100.0 * 2 / 12 + 50) / 2), d(11), outcomes(log, "exp").get("a"));
    }

    @Test
    default void aZeroActualHasNoPercentageError() {
        var log = createLog();
        log.append(List.of(prediction("zeros", "exp", "a", "u1", "s", 1, 1, 2), prediction("mixed", "exp", "b", "u2", "s", 1, 1, 2, 3),
                prediction("negative", "exp", "c", "u3", "s", 1, 5)));
        assertEquals(2, log.score(ofPrediction("zeros", at(1, 0), at(2, -0.0))));
        assertEquals(3, log.score(ofPrediction("mixed", at(1, 0), at(2, 4), at(3, 0))));
        assertEquals(1, log.score(ofPrediction("negative", at(1, -10))));
        var out = outcomes(log, "exp");
        assertOutcome("a", 1, d(1e-6), d(), d(1.5), out.get("a"));
        // the zero points count in the AE, the APE is of the one non-zero actual: |4 - 2| / 4
        assertOutcome("b", 1, d(1e-6), d(50), d((1 + 2 + 3) / 3.0), out.get("b"));
        assertOutcome("c", 1, d(1e-6), d(150), d(15), out.get("c"));
    }

    @Test
    default void pointsWithoutActualsAreNotScored() {
        var log = createLog();
        log.append(List.of(prediction("p1", "exp", "a", "u1", "s", 1, 10, 20, 30, 40), prediction("p2", "exp", "a", "u2", "t", 1, 10, 20)));
        assertEquals(1, log.score(ofPrediction("p1", at(3, 40))));
        var a = outcomes(log, "exp").get("a");
        assertOutcome("a", 2, d(1e-6, 1e-6), d(25), d(10), a);
        assertEquals(1, a.ae().length, "a prediction without actuals is not a scored prediction");
    }

    @Test
    default void actualsForOtherTimesScoreNothing() {
        var log = createLog();
        log.append(List.of(prediction("p1", "exp", "a", "u1", "s", 1, 10, 20)));
        assertEquals(0, log.score(ofPrediction("p1", at(0, 8), at(3, 8), new Observed(hour(1).plusNanos(1000), 8))));
        assertEquals(0, log.score(ofSeries("s", null, at(5, 1))));
        assertEquals(0, log.score(ofSeries("s", "u2", at(1, 1))));
        assertEquals(0, log.score(ofUnit("u2", at(1, 1))));
        assertEquals(0, log.score(ofSeries("s", null)));
        assertEquals(0, log.score(ofPrediction("p1", at(1, Double.NaN), at(2, Double.POSITIVE_INFINITY))), "only finite actuals score");
        assertOutcome("a", 1, d(1e-6), d(), d(), outcomes(log, "exp").get("a"));
        assertEquals(1, log.score(ofPrediction("p1", at(0, 8), at(1, 8))), "the known time of several");
        assertOutcome("a", 1, d(1e-6), d(25), d(2), outcomes(log, "exp").get("a"));
    }

    @Test
    default void aPointWithoutAFiniteForecastIsNotScored() {
        var log = createLog();
        log.append(List.of(prediction("p1", "exp", "a", "u1", "s", 1, 10, Double.NaN, Double.NEGATIVE_INFINITY),
                prediction("p2", "exp", "b", "u2", "s", 1, Double.NaN)));
        assertEquals(1, log.score(ofSeries("s", null, at(1, 8), at(2, 8), at(3, 8))), "a diverged model's points would make its arm's mean NaN");
        var out = outcomes(log, "exp");
        assertOutcome("a", 1, d(1e-6), d(25), d(2), out.get("a"));
        assertOutcome("b", 1, d(1e-6), d(), d(), out.get("b"));
    }

    @Test
    default void scoringReportsHowManyPointsItScored() {
        var log = createLog();
        var batch = new ArrayList<PredictionRecord>();
        for (int i = 0; i < 20; i++) batch.add(prediction("p" + i, "exp", i % 2 == 0 ? "a" : "b", "u" + i % 5, "s" + i % 2, 1_000_000 + i, 1, 2, 3, 4));
        log.append(batch);
        assertEquals(10 * 2, log.score(ofSeries("s0", null, at(1, 2), at(4, 2))));
        assertEquals(4 * 3, log.score(ofUnit("u1", at(2, 2), at(3, 2), at(4, 2))), "u1: p1, p6, p11, p16");
        var out = outcomes(log, "exp");
        // p6 and p16 are of s0 and u1: errors 1, 0, 1, 2 over four points; the other even ones 1 and 2 over two
        double[] ae = filled(10, 1.5);
        double[] ape = filled(10, 75);
        ae[0] = ae[1] = 1.0;
        ape[0] = ape[1] = 50;
        assertOutcome("a", 10, out.get("a").latencyMillis(), ape, ae, out.get("a"));
        // p1 and p11: errors 0, 1, 2 against actuals of 2
        assertOutcome("b", 10, out.get("b").latencyMillis(), d(50, 50), d(1, 1), out.get("b"));
        assertEquals(1.000019, out.get("b").latencyMillis()[9], TOLERANCE);
    }

    // ---- scored points: monitoring

    /** {@code points} by prediction id, then time: the order of scored points is not promised. */
    static List<ScoredPoint> byPrediction(List<ScoredPoint> points) {
        return points.stream().sorted(Comparator.comparing(ScoredPoint::predictionId).thenComparing(ScoredPoint::time)).toList();
    }

    static ScoredPoint point(String id, String experiment, String version, String series, String unit, int hour, double forecast, double actual,
                             double lower, double upper, double level, boolean first) {
        return new ScoredPoint(id, experiment, version, series, unit, hour(hour), forecast, actual, lower, upper, level, first);
    }

    double NONE = Double.NaN;

    @Test
    default void aPredictionOutsideAnyExperimentIsScoredButIsNoArmsTraffic() {
        var log = createLog();
        log.append(List.of(prediction("live", null, "a", "u1", "s", 2_000_000, 10, 20), prediction("p1", "exp", "a", "u1", "s", 1_000_000, 10, 20)));
        assertOutcome("a", 1, d(1.0), d(), d(), outcomes(log, "exp").get("a"));
        var scored = byPrediction(log.scorePoints(ofSeries("s", null, at(1, 8))));
        assertEquals(List.of(point("live", null, "a", "s", "u1", 1, 10, 8, NONE, NONE, NONE, true), point("p1", "exp", "a", "s", "u1", 1, 10, 8, NONE, NONE, NONE, true)),
                scored);
        assertOutcome("a", 1, d(1.0), d(25), d(2), outcomes(log, "exp").get("a"));
        assertEquals(List.of(point("p1", "exp", "a", "s", "u1", 1, 10, 8, NONE, NONE, NONE, true), point("live", null, "a", "s", "u1", 1, 10, 8, NONE, NONE, NONE, true)),
                log.recentScored("a", 10).stream().sorted(Comparator.comparing(ScoredPoint::predictionId).reversed()).toList());
    }

    @Test
    default void scoredPointsCarryTheirIntervalAndWhetherTheyWereScoredBefore() {
        var log = createLog();
        log.append(List.of(withInterval("p1", null, "a", "u1", "s", 0.9, d(5, 15, 25), d(15, 25, 35), 10, 20, 30),
                withInterval("p2", "exp", "b", null, "s", 0.8, d(Double.NEGATIVE_INFINITY, 1), d(Double.POSITIVE_INFINITY, Double.NaN), 10, 2),
                prediction("p3", null, "a", "u2", "s", 1, 12, 22)));
        var first = byPrediction(log.scorePoints(ofSeries("s", null, at(1, 9), at(2, 30))));
        assertEquals(List.of(point("p1", null, "a", "s", "u1", 1, 10, 9, 5, 15, 0.9, true), point("p1", null, "a", "s", "u1", 2, 20, 30, 15, 25, 0.9, true),
                point("p2", "exp", "b", "s", null, 1, 10, 9, NONE, NONE, 0.8, true), point("p2", "exp", "b", "s", null, 2, 2, 30, 1, NONE, 0.8, true),
                point("p3", null, "a", "s", "u2", 1, 12, 9, NONE, NONE, NONE, true), point("p3", null, "a", "s", "u2", 2, 22, 30, NONE, NONE, NONE, true)), first,
                "a bound that is not finite is no interval");
        assertTrue(first.get(0).hasInterval() && first.get(0).covered());
        assertTrue(first.get(1).hasInterval() && !first.get(1).covered());
        assertFalse(first.get(2).hasInterval() || first.get(3).hasInterval() || first.get(4).hasInterval());

        var corrected = byPrediction(log.scorePoints(ofPrediction("p1", at(1, 11), at(3, 31))));
        assertEquals(List.of(point("p1", null, "a", "s", "u1", 1, 10, 11, 5, 15, 0.9, false), point("p1", null, "a", "s", "u1", 3, 30, 31, 25, 35, 0.9, true)),
                corrected, "a corrected actual is not the point's first");
        assertEquals(point("p1", null, "a", "s", "u1", 1, 10, 11, 5, 15, 0.9, true),
                log.recentScored("a", 10).stream().filter(p -> p.predictionId().equals("p1") && p.time().equals(hour(1))).findFirst().orElseThrow(),
                "the log keeps the latest actual");
    }

    @Test
    default void actualsOfOneTimeInOneCallScoreInTheirOrder() {
        var log = createLog();
        log.append(List.of(prediction("p1", null, "a", "u1", "s", 1, 10, 20)));
        var scored = log.scorePoints(ofPrediction("p1", at(2, 18), at(1, 8), at(2, 24)));
        assertEquals(3, scored.size());
        assertEquals(List.of(point("p1", null, "a", "s", "u1", 1, 10, 8, NONE, NONE, NONE, true), point("p1", null, "a", "s", "u1", 2, 20, 18, NONE, NONE, NONE, true),
                point("p1", null, "a", "s", "u1", 2, 20, 24, NONE, NONE, NONE, false)),
                scored.stream().sorted(Comparator.comparing(ScoredPoint::time).thenComparing(ScoredPoint::first, Comparator.reverseOrder())).toList());
        assertEquals(24.0, log.recentScored("a", 1).getFirst().actual(), "the last actual of a time wins");
    }

    @Test
    default void pointsNotScoredAreNotReported() {
        var log = createLog();
        log.append(List.of(prediction("p1", "exp", "a", "u1", "s", 1, 10, Double.NaN)));
        assertEquals(List.of(), log.scorePoints(ofPrediction("p1", at(2, 5), at(3, 5), at(1, Double.NaN))));
        assertEquals(List.of(), log.scorePoints(ofUnit("nobody", at(1, 5))));
        assertEquals(List.of(), log.recentScored("a", 10));
    }

    @Test
    default void recentScoredPointsAreTheNewestOfTheVersionNewestFirst() {
        var log = createLog();
        log.append(List.of(withInterval("p1", null, "a", "u1", "s", 0.95, d(0, 0, 0, 0), d(50, 50, 50, 50), 10, 20, 30, 40),
                prediction("p2", "exp", "a", "u2", "t", 1, 11, 21, 31, 41, 51), prediction("p3", null, "b", "u1", "s", 1, 12, 22, 32, 42, 52, 62)));
        log.scorePoints(ofSeries("s", null, at(1, 10), at(3, 30), at(4, 40), at(6, 60)));
        log.scorePoints(ofSeries("t", null, at(2, 20), at(5, 50)));
        assertEquals(List.of(), log.recentScored("a", 0));
        assertEquals(List.of(), log.recentScored("unknown", 10));
        assertEquals(List.of(point("p2", "exp", "a", "t", "u2", 5, 51, 50, NONE, NONE, NONE, true), point("p1", null, "a", "s", "u1", 4, 40, 40, 0, 50, 0.95, true),
                point("p1", null, "a", "s", "u1", 3, 30, 30, 0, 50, 0.95, true)), log.recentScored("a", 3),
                "first: each scored once, as monitoring counts points it resumes with");
        assertEquals(List.of(5, 4, 3, 2, 1), log.recentScored("a", 100).stream().map(p -> (int) Duration.between(T0, p.time()).toHours()).toList());
        assertEquals(List.of(6, 4, 3, 1), log.recentScored("b", 100).stream().map(p -> (int) Duration.between(T0, p.time()).toHours()).toList());
    }

    @Test
    default void concurrentActualsForOnePointScoreItFirstOnce() throws Exception {
        var log = createLog();
        log.append(List.of(prediction("p1", null, "a", "u1", "s", 1, 10, 20), prediction("p2", null, "a", "u2", "s", 1, 10, 20)));
        int threads = 4;
        var scored = StudyStoreContract.run(threads, t -> t % 2 == 0 ? log.scorePoints(ofSeries("s", null, at(1, 10 + t), at(2, 20 + t)))
                : log.scorePoints(ofPrediction("p1", at(2, 20 + t), at(1, 10 + t))));
        assertEquals(threads / 2 * 4 + threads / 2 * 2, scored.size());
        var firsts = scored.stream().filter(ScoredPoint::first).map(p -> p.predictionId() + "@" + p.time()).sorted().toList();
        assertEquals(List.of("p1@" + hour(1), "p1@" + hour(2), "p2@" + hour(1), "p2@" + hour(2)), firsts, "each point is scored first once");
    }
}
