package forecast.domain.monitoring;

import java.time.Duration;

/**
 * How the monitor watches (the {@code monitoring} section of {@code ml_config.yaml}).
 *
 * @param recording        which predictions are recorded to score live accuracy: {@code experiments}
 *                         (only A/B traffic), {@code identified} (also those naming a series or unit,
 *                         which actuals can find) or {@code all}
 * @param recordPerSecond  at most this many of those predictions (outside experiments) are recorded per
 *                         second, the rest not (0: no limit). Live accuracy needs a sample, and every
 *                         recorded forecast is about 25 rows to write: unlimited, recording caps throughput
 *                         (about 1,300 predictions/s on 2 cores)
 * @param referenceSeasons whole longest seasons of the live version's training data in the
 *                         reference window of input drift
 * @param recentSeasons    whole longest seasons of newer values (requests and actuals) in the recent
 *                         window; input drift is not judged before one season has arrived
 * @param accuracyWindow   scored forecast points that live accuracy and coverage are computed over
 * @param minScored        scored points before accuracy and coverage are judged
 * @param accuracyMargin   live MAPE above the version's backtest MAPE × (1 + margin) is an accuracy alert
 * @param coverageMargin   coverage below the interval's level minus this (a fraction) is a coverage alert
 * @param changeDelta      Page-Hinkley's tolerated rise in the mean scaled error (MASE units)
 * @param changeLambda     Page-Hinkley's threshold on accumulated evidence (MASE units)
 * @param checkInterval    how often the monitor checks on its own (actuals also trigger a check)
 */
public record MonitoringSettings(Recording recording, int recordPerSecond, int referenceSeasons, int recentSeasons, int accuracyWindow, int minScored,
                                 double accuracyMargin, double coverageMargin, double changeDelta, double changeLambda, Duration checkInterval) {
    /** Which predictions are recorded for live accuracy. */
    public enum Recording { EXPERIMENTS, IDENTIFIED, ALL }

    public MonitoringSettings {
        if (recording == null) throw new IllegalArgumentException("recording is required");
        if (recordPerSecond < 0) throw new IllegalArgumentException("record_per_second must be >= 0");
        if (referenceSeasons < 1 || recentSeasons < 1) throw new IllegalArgumentException("windows need at least one season");
        if (accuracyWindow < 1 || minScored < 1) throw new IllegalArgumentException("accuracy windows need at least one point");
        if (!(accuracyMargin >= 0) || !(coverageMargin >= 0 && coverageMargin < 1)) throw new IllegalArgumentException("margins must be >= 0");
        if (!(changeDelta >= 0) || !(changeLambda > 0)) throw new IllegalArgumentException("Page-Hinkley needs delta >= 0 and lambda > 0");
        if (checkInterval == null || checkInterval.isNegative() || checkInterval.isZero()) throw new IllegalArgumentException("check interval must be positive");
    }

    public static MonitoringSettings defaults() {
        return new MonitoringSettings(Recording.IDENTIFIED, 200, 4, 1, 500, 50, 0.5, 0.10, 0.1, 25, Duration.ofMinutes(1));
    }

    /** A fresh accuracy-drift detector with these settings. */
    public ChangeDetector changeDetector() {
        return new PageHinkley(changeDelta, changeLambda, minScored);
    }
}
