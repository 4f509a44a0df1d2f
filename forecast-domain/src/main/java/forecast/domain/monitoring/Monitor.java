package forecast.domain.monitoring;

import forecast.domain.evaluation.Accuracy;
import forecast.domain.observation.ObservationStore;
import forecast.domain.recording.Actuals;
import forecast.domain.recording.ActualsIntake;
import forecast.domain.recording.PredictionLog;
import forecast.domain.recording.ScoredPoint;
import forecast.domain.registry.ModelNames;
import forecast.domain.registry.ModelVersion;
import forecast.domain.series.SeriesId;
import forecast.domain.series.TimeSeries;
import forecast.domain.serving.LiveModels;
import forecast.domain.telemetry.Telemetry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Watches each model's live version: input drift (its training data against the newest values of its
 * series, from requests and actuals), live accuracy and interval coverage (from actuals scored
 * against recorded forecasts), and accuracy drift (a change detector on the scaled errors). Each
 * check raises or resolves alerts through {@link Alerts}.
 *
 * <p>Windows are season-aligned: the reference is the last {@code referenceSeasons} whole longest
 * seasons of the training data and the recent window whole seasons of newer values, so that each
 * holds every phase of the cycle equally often and a daily or weekly pattern is not mistaken for
 * drift. Only the live versions' own series are watched for input drift (requests and actuals that
 * name them); values from before a version's training data ended are not recent. Alerts name the
 * model they concern, so that a breach retrains that model.
 *
 * <p>Actuals reach it from {@link ActualsIntake}, which stores and scores them first; the monitor
 * only watches. It reads scored points back from the {@link PredictionLog} when it resumes.
 */
public final class Monitor implements ActualsIntake.Observer, forecast.domain.serving.RequestWatch {
    private final MonitoringSettings settings;
    private final LiveModels models;
    private final ObservationStore observations;
    private final PredictionLog log;
    private final List<DriftDetector> detectors;
    private final Alerts alerts;
    private final Telemetry telemetry;
    private final Clock clock;
    /** The newest values of each watched series, by time; guarded by the map itself per series. */
    private final Map<String, NavigableMap<Instant, Double>> recent = new ConcurrentHashMap<>();
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private final Map<String, Reference> references = new ConcurrentHashMap<>();
    private volatile Report last;
    private final RateLimit sampling;

    public Monitor(MonitoringSettings settings, LiveModels models, ObservationStore observations, PredictionLog log,
                   List<DriftDetector> detectors, Alerts alerts, Telemetry telemetry, Clock clock) {
        this.settings = settings;
        this.models = models;
        this.observations = observations;
        this.log = log;
        this.detectors = List.copyOf(detectors);
        this.alerts = alerts;
        this.telemetry = telemetry;
        this.clock = clock;
        this.sampling = settings.recordPerSecond() == 0 ? null : new RateLimit(settings.recordPerSecond());
    }

    public MonitoringSettings settings() {
        return settings;
    }

    /**
     * The last check: when; each watched model's live version, series and detectors' states; and
     * live accuracy by version. {@code version}, {@code series} and {@code detectors} are the model
     * {@code default}'s (as before named models), or empty when it has no live version.
     */
    public record Report(Instant checkedAt, String version, String series, List<DriftStatus> detectors, List<LiveAccuracy> accuracy,
                         List<Watched> models) {}

    /** One model's live version as the monitor watched it. */
    public record Watched(String model, String version, String series, List<DriftStatus> detectors) {}

    /**
     * Whether a prediction outside any experiment is recorded, so that actuals can score it: those
     * the recording policy names, up to {@code recordPerSecond} a second.
     */
    @Override
    public boolean records(String seriesId, String unitId) {
        boolean wanted = switch (settings.recording()) {
            case EXPERIMENTS -> false;
            case IDENTIFIED -> seriesId != null || unitId != null;
            case ALL -> true;
        };
        return wanted && (sampling == null || sampling.tryTake());
    }

    /**
     * Notes the newest values of a requested history of {@code seriesId} for input drift. Cheap: it
     * walks back from the end only until it meets values it already has.
     */
    @Override
    public void observeRequest(String seriesId, TimeSeries history) {
        if (seriesId == null || !liveSeries().contains(seriesId)) return;
        var window = recent.computeIfAbsent(seriesId, k -> new ConcurrentSkipListMap<>());
        int cap = capacity();
        for (int i = history.size() - 1, taken = 0; i >= 0 && taken < cap; i--, taken++) {
            double v = history.value(i);
            if (Double.isNaN(v)) continue;
            if (window.putIfAbsent(history.time(i), v) != null) break; // what lies before is known too
        }
        trim(window, cap);
    }

    /**
     * Actuals that {@link ActualsIntake} stored and scored: those of a live version's series join
     * its recent window for input drift, the newly scored points its live accuracy and change
     * detector, and a check runs.
     */
    @Override
    public void received(Actuals actuals, List<ScoredPoint> scored) {
        if (actuals.seriesId() != null && liveSeries().contains(actuals.seriesId())) {
            var window = recent.computeIfAbsent(actuals.seriesId(), k -> new ConcurrentSkipListMap<>());
            for (var o : actuals.values()) if (Double.isFinite(o.value())) window.put(o.time(), o.value());
            trim(window, capacity());
        }
        observe(scored);
        check();
    }

    /** Adds newly scored points to their versions' live accuracy and change detectors. */
    public void observe(List<ScoredPoint> scored) {
        for (var p : scored) {
            if (!p.first()) continue; // a corrected actual: the point was counted already
            watch(p.version()).add(p);
        }
    }

    /**
     * Runs every detector on each model's live version, updates the metrics, and raises or resolves
     * alerts. Thread-safe; checks take turns.
     */
    public synchronized Report check() {
        var now = clock.instant();
        var accuracy = new ArrayList<LiveAccuracy>();
        for (var w : watches.values()) {
            var a = w.accuracy();
            accuracy.add(a);
            telemetry.liveAccuracy(a.version(), a.mape(), a.mase(), a.coverage(), a.nominalCoverage(), a.points());
        }
        accuracy.sort(java.util.Comparator.comparing(LiveAccuracy::version));
        var watched = new ArrayList<Watched>();
        for (var live : models.liveModels()) watched.add(check(live.version()));
        var main = watched.stream().filter(w -> w.model().equals(ModelNames.DEFAULT)).findFirst();
        return last = new Report(now, main.map(Watched::version).orElse(null), main.map(Watched::series).orElse(null),
                main.map(Watched::detectors).orElse(List.of()), accuracy, watched);
    }

    private Watched check(ModelVersion version) {
        var statuses = new ArrayList<DriftStatus>();
        String series;
        if (!version.portfolio()) {
            series = version.provenance().seriesId();
            if (series != null) statuses.addAll(inputDrift(version, series, version.provenance().dataFrom(), version.provenance().dataTo()));
        } else {
            // a portfolio's series are judged once newer values of them have come (from actuals or requests naming them)
            series = version.series().size() + " series";
            for (var s : version.series())
                if (recent.containsKey(s.seriesId())) statuses.addAll(inputDrift(version, s.seriesId(), s.dataFrom(), s.dataTo()));
        }
        var watch = watches.get(version.id());
        statuses.addAll(judgeAccuracy(version, series, watch));
        return new Watched(version.model(), version.id(), series, statuses);
    }

    /** Every detector on {@code series}, whose training data for {@code version} ran from {@code from} to {@code to}. */
    private List<DriftStatus> inputDrift(ModelVersion version, String series, Instant from, Instant to) {
        String model = version.model();
        var statuses = new ArrayList<DriftStatus>();
        var reference = reference(version, series, from, to);
        double[] recentValues = recentValues(series, version, to);
        for (var d : detectors) {
            // the default model keeps the key it had before named models, so that its open alerts still resolve
            String key = "input_drift:" + d.name() + ":" + series + (model.equals(ModelNames.DEFAULT) ? "" : "@" + model);
            if (reference.values().length < 2 || recentValues.length == 0) {
                statuses.add(new DriftStatus(d.name(), "input", series, version.id(), "insufficient_data", Double.NaN, Double.NaN, Double.NaN,
                        reference.values().length, recentValues.length, "waiting for " + reference.season() + " values newer than the training data ("
                        + recentCount(series, to) + " so far)"));
                continue;
            }
            var score = d.compare(reference.values(), recentValues);
            telemetry.driftScored(d.name(), series, score.statistic(), score.drifted());
            statuses.add(new DriftStatus(d.name(), "input", series, version.id(), score.drifted() ? "drift" : "ok", score.statistic(),
                    score.threshold(), score.pValue(), reference.values().length, recentValues.length, reference.source()));
            if (score.drifted())
                alerts.breach(new Alert.Breach(key, Alert.Kind.INPUT_DRIFT, Alert.Severity.WARNING, series,
                        String.format(java.util.Locale.ROOT, "input drift on series %s of the model %s: %s %.3f above %.3f (p = %.3g) between the %d training values of %s and the latest %d",
                                series, model, d.name(), score.statistic(), score.threshold(), score.pValue(), reference.values().length, version.id(),
                                recentValues.length),
                        score.statistic(), score.threshold(), model));
            else alerts.recover(key);
        }
        return statuses;
    }

    private List<DriftStatus> judgeAccuracy(ModelVersion version, String series, Watch watch) {
        var out = new ArrayList<DriftStatus>();
        var a = watch == null ? null : watch.accuracy();
        int points = a == null ? 0 : a.points();
        double backtest = version.metrics().mape();
        // rolling MAPE against the backtest's
        String accuracyKey = "accuracy:" + version.id();
        if (points < settings.minScored() || !Double.isFinite(backtest) || !Double.isFinite(a.mape())) {
            out.add(new DriftStatus("rolling_mape", "accuracy", series, version.id(), "insufficient_data", a == null ? Double.NaN : a.mape(), Double.NaN,
                    Double.NaN, 0, points, "needs " + settings.minScored() + " scored points and a backtest MAPE"));
        } else {
            double bound = backtest * (1 + settings.accuracyMargin());
            boolean bad = a.mape() > bound;
            out.add(new DriftStatus("rolling_mape", "accuracy", series, version.id(), bad ? "drift" : "ok", a.mape(), bound, Double.NaN, 0, points,
                    String.format(java.util.Locale.ROOT, "live MAPE over the last %d points against backtest MAPE %.3f × %.2f", points, backtest, 1 + settings.accuracyMargin())));
            if (bad) alerts.breach(new Alert.Breach(accuracyKey, Alert.Kind.ACCURACY, Alert.Severity.WARNING, version.id(),
                    String.format(java.util.Locale.ROOT, "live MAPE of %s is %.2f%% over %d points, above %.2f%% (backtest %.2f%% × %.2f)",
                            version.id(), a.mape(), points, bound, backtest, 1 + settings.accuracyMargin()), a.mape(), bound, version.model()));
            else alerts.recover(accuracyKey);
        }
        // accuracy drift: the change detector on scaled errors
        String changeKey = "accuracy_drift:" + version.id();
        if (watch == null || a.changeCount() == 0 && !watch.changed()) {
            out.add(new DriftStatus(settings.changeDetector().name(), "accuracy", series, version.id(), "insufficient_data", Double.NaN,
                    settings.changeLambda(), Double.NaN, 0, 0, "no scored points yet"));
        } else {
            boolean changed = watch.takeChange();
            out.add(new DriftStatus(a.changeDetector(), "accuracy", series, version.id(), changed ? "drift" : "ok", a.changeStatistic(), a.changeThreshold(),
                    Double.NaN, 0, (int) a.changeCount(), "on errors scaled by the seasonal-naive error of the training data"));
            if (changed) alerts.breach(new Alert.Breach(changeKey, Alert.Kind.ACCURACY_DRIFT, Alert.Severity.WARNING, version.id(),
                    String.format(java.util.Locale.ROOT, "accuracy drift on %s: the errors of its live forecasts rose (%s %.2f above %.2f)",
                            version.id(), a.changeDetector(), watch.lastAlarm(), a.changeThreshold()), watch.lastAlarm(), a.changeThreshold(), version.model()));
            else if (a.changeCount() >= settings.minScored()) alerts.recover(changeKey); // a baseline's worth of errors without a change
        }
        // interval coverage
        String coverageKey = "coverage:" + version.id();
        int withIntervals = a == null ? 0 : a.intervalPoints();
        if (withIntervals < settings.minScored()) {
            out.add(new DriftStatus("coverage", "coverage", series, version.id(), "insufficient_data", a == null ? Double.NaN : a.coverage(), Double.NaN,
                    Double.NaN, 0, withIntervals, "needs " + settings.minScored() + " scored points with intervals"));
        } else {
            double bound = a.nominalCoverage() - settings.coverageMargin();
            boolean bad = a.coverage() < bound;
            out.add(new DriftStatus("coverage", "coverage", series, version.id(), bad ? "drift" : "ok", a.coverage(), bound, Double.NaN, 0, withIntervals,
                    String.format(java.util.Locale.ROOT, "share of actuals inside the intervals against their level %.3f minus %.2f", a.nominalCoverage(), settings.coverageMargin())));
            if (bad) alerts.breach(new Alert.Breach(coverageKey, Alert.Kind.COVERAGE, Alert.Severity.WARNING, version.id(),
                    String.format(java.util.Locale.ROOT, "interval coverage of %s is %.3f over %d points, below %.3f (level %.3f minus %.2f)",
                            version.id(), a.coverage(), withIntervals, bound, a.nominalCoverage(), settings.coverageMargin()), a.coverage(), bound, version.model()));
            else alerts.recover(coverageKey);
        }
        return out;
    }

    /** The last check, or a fresh one when there was none. */
    public Report report() {
        var r = last;
        return r != null ? r : check();
    }

    /** The live accuracy of {@code version} so far, if any of its forecasts were scored. */
    public Optional<LiveAccuracy> accuracy(String version) {
        var w = watches.get(version);
        return w == null ? Optional.empty() : Optional.of(w.accuracy());
    }

    /**
     * Reads the newest scored points of the live version from the log, so that live accuracy
     * continues across a restart instead of starting empty.
     */
    public void resume() {
        for (var live : models.liveModels()) {
            var v = live.version();
            if (watches.containsKey(v.id())) continue;
            var points = new ArrayList<>(log.recentScored(v.id(), settings.accuracyWindow()));
            java.util.Collections.reverse(points); // oldest first, as they arrived
            observe(points);
        }
    }

    private Watch watch(String version) {
        return watches.computeIfAbsent(version, v -> new Watch(v, loaded(v).map(m -> m.version()).orElse(null)));
    }

    /** The loaded model of version {@code id}, of whichever model it is. */
    private Optional<forecast.domain.serving.LoadedModel> loaded(String id) {
        return models.byId(id);
    }

    /** The series the live versions were trained on: those watched for input drift. */
    private java.util.Set<String> liveSeries() {
        var out = new java.util.HashSet<String>();
        for (var m : models.liveModels()) out.addAll(m.version().seriesIds());
        return out;
    }

    private int season(ModelVersion v) {
        var m = loaded(v.id());
        var f = m.map(x -> x.model().model().frequency()).orElse(null);
        return f == null ? 1 : Math.max(1, f.longestSeason());
    }

    /** Values kept per watched series: twice the recent window of the longest season any live version has. */
    private int capacity() {
        int season = models.liveModels().stream().mapToInt(m -> season(m.version())).max().orElse(168);
        return Math.max(2, settings.recentSeasons() * season) * 2;
    }

    private static void trim(NavigableMap<Instant, Double> window, int cap) {
        while (window.size() > cap) window.pollFirstEntry();
    }

    private int recentCount(String series, Instant trainedTo) {
        var window = recent.get(series);
        return window == null || trainedTo == null ? 0 : window.tailMap(trainedTo, false).size();
    }

    /** Whole seasons of the values newer than the version's training data (up to {@code trainedTo}), up to {@code recentSeasons}; empty before one season. */
    private double[] recentValues(String series, ModelVersion version, Instant trainedTo) {
        var window = recent.get(series);
        if (window == null || trainedTo == null) return new double[0];
        double[] newer = window.tailMap(trainedTo, false).values().stream().mapToDouble(Double::doubleValue).toArray();
        int season = season(version);
        int seasons = Math.min(settings.recentSeasons(), newer.length / season);
        if (seasons == 0) return new double[0];
        return Arrays.copyOfRange(newer, newer.length - seasons * season, newer.length);
    }

    /** The training values a version's inputs are compared with, where they came from, and the season length. */
    private record Reference(double[] values, String source, int season, double scale) {}

    private Reference reference(ModelVersion v, String series, Instant from, Instant to) {
        return references.computeIfAbsent(v.id() + '\0' + series, key -> {
            int season = season(v);
            int want = settings.referenceSeasons() * season;
            TimeSeries training = from == null || to == null ? null : observations.history(new SeriesId(series))
                    .map(s -> between(s, from, to)).filter(s -> s.size() >= 2).orElse(null);
            String source = "the last whole seasons of the stored training data";
            if (training == null && !v.portfolio()) {
                training = loaded(v.id()).map(m -> m.model().context()).orElse(null);
                source = "the training data kept in the model";
            }
            if (training == null) return new Reference(new double[0], "none", season, Double.NaN);
            double[] all = Arrays.stream(training.values()).filter(Double::isFinite).toArray();
            int n = all.length >= season ? Math.min(want, all.length / season * season) : all.length;
            double[] values = Arrays.copyOfRange(all, all.length - n, all.length);
            int m = training.frequency() == null ? 1 : training.frequency().shortestSeason();
            return new Reference(values, source, season, Accuracy.maseScale(all, m));
        });
    }

    /** The MASE scale of the training data of {@code version} on {@code seriesId} (its own series when it has one). */
    private double scaleOf(ModelVersion version, String seriesId) {
        if (!version.portfolio()) {
            var p = version.provenance();
            return reference(version, String.valueOf(p.seriesId()), p.seriesId() == null ? null : p.dataFrom(), p.dataTo()).scale();
        }
        if (seriesId == null) return Double.NaN;
        return version.series().stream().filter(s -> s.seriesId().equals(seriesId)).findFirst()
                .map(s -> reference(version, seriesId, s.dataFrom(), s.dataTo()).scale()).orElse(Double.NaN);
    }

    private static TimeSeries between(TimeSeries s, Instant from, Instant to) {
        int a = 0;
        while (a < s.size() && s.time(a).isBefore(from)) a++;
        int b = s.size();
        while (b > a && s.time(b - 1).isAfter(to)) b--;
        return b - a < 2 ? null : s.slice(a, b);
    }

    /** One version's live errors: a rolling window of scored points and an accuracy-drift detector. */
    private final class Watch {
        private record Point(double ape, double scaled, boolean hasInterval, boolean covered, double level) {}

        private final String versionId;
        private final ModelVersion version;
        private final ArrayDeque<Point> window = new ArrayDeque<>();
        private final ChangeDetector change = settings.changeDetector();
        private Instant lastScored;
        private boolean changed;
        private double lastAlarm = Double.NaN;

        Watch(String versionId, ModelVersion version) {
            this.versionId = versionId;
            this.version = version;
        }

        synchronized void add(ScoredPoint p) {
            double scale = version == null ? Double.NaN : scaleOf(version, p.seriesId());
            double scaled = scale > 0 ? p.absoluteError() / scale : Double.NaN;
            window.addLast(new Point(p.percentageError(), scaled, p.hasInterval(), p.hasInterval() && p.covered(), p.level()));
            if (window.size() > settings.accuracyWindow()) window.removeFirst();
            lastScored = lastScored == null || p.time().isAfter(lastScored) ? p.time() : lastScored;
            if (Double.isFinite(scaled) && change.add(scaled)) {
                changed = true;
                lastAlarm = change.statistic();
                change.reset(); // the new level is the baseline from here on
            }
        }

        /** Whether a change was detected since the last check; clears it. */
        synchronized boolean takeChange() {
            boolean c = changed;
            changed = false;
            return c;
        }

        synchronized boolean changed() {
            return changed;
        }

        synchronized double lastAlarm() {
            return lastAlarm;
        }

        synchronized LiveAccuracy accuracy() {
            double apeSum = 0;
            int apeN = 0;
            double scaledSum = 0;
            int scaledN = 0;
            int intervals = 0;
            int covered = 0;
            double levels = 0;
            for (var p : window) {
                if (Double.isFinite(p.ape())) {
                    apeSum += p.ape();
                    apeN++;
                }
                if (Double.isFinite(p.scaled())) {
                    scaledSum += p.scaled();
                    scaledN++;
                }
                if (p.hasInterval()) {
                    intervals++;
                    levels += p.level();
                    if (p.covered()) covered++;
                }
            }
            return new LiveAccuracy(versionId, window.size(), apeN == 0 ? Double.NaN : apeSum / apeN, scaledN == 0 ? Double.NaN : scaledSum / scaledN,
                    intervals, intervals == 0 ? Double.NaN : (double) covered / intervals, intervals == 0 ? Double.NaN : levels / intervals,
                    version == null ? Double.NaN : version.metrics().mape(), change.name(), change.statistic(), change.threshold(), change.count(), lastScored);
        }
    }
}
