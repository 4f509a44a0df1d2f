-- PostgreSQL's version of ../V5__monitoring.sql: milliseconds between epochs for DATEDIFF.
-- TIMESTAMP(6) for TIMESTAMP(9): microseconds, the most PostgreSQL keeps.
-- Everything else is as in that file, which says what the migration does.

-- Monitoring and the retraining pipeline: live accuracy from the prediction log, alerts, and the
-- runs of the retraining pipeline with their steps and the backtests of their contenders.
--
-- Live accuracy. The prediction log of V4 also keeps forecasts served outside any experiment (a
-- sample of live traffic, recorded so that actuals can score it): their ab_prediction.experiment
-- is NULL. Such rows join no ab_arm, so the ab_test_* views of V4 count experiment traffic only.
-- A point now also keeps its prediction interval, when the forecast had one, e.g.
--   SELECT * FROM live_accuracy ORDER BY last_scored_ts DESC;
--   SELECT p.version, DATE_TRUNC(DAY, f.ts) AS day, COUNT(*) AS points, AVG(f.pct_error) AS mape,
--          AVG(CASE WHEN f.actual BETWEEN f.lower AND f.upper THEN 1.0 ELSE 0.0 END) AS coverage
--     FROM ab_prediction p JOIN ab_forecast_point f ON f.prediction_id = p.prediction_id
--    WHERE f.actual IS NOT NULL AND f.lower IS NOT NULL AND f.upper IS NOT NULL AND f.level IS NOT NULL
--    GROUP BY p.version, day ORDER BY day, p.version;
--
-- Alerts: one row per alert; at most one open per alert_key (drift of a series, accuracy of a
-- version, a failed pipeline run), e.g.
--   SELECT id, kind, severity, subject, message, occurrences, raised_at, last_seen_at FROM alert WHERE state = 'OPEN' ORDER BY raised_at DESC;
--   SELECT kind, COUNT(*) AS alerts, SUM(occurrences) AS breaches FROM alert GROUP BY kind;
--
-- Pipeline runs: one row per run, its steps in order and its contenders (the candidate, the live
-- version and the seasonal-naive baseline, backtested on the same folds), e.g.
--   SELECT * FROM pipeline_run_summary ORDER BY started_at DESC FETCH FIRST 20 ROWS ONLY;
--   SELECT position, name, state, duration_ms, detail FROM pipeline_step WHERE run_id = '...' ORDER BY position;
--   SELECT role, version, algorithm, mape, mase, coverage80, coverage95 FROM pipeline_contender WHERE run_id = '...' ORDER BY position;
--
-- NaN is stored as NULL (SQL has no portable NaN); VALUE and KEY are reserved words in H2 2,
-- hence measured_value and alert_key. States, kinds and outcomes are the domain's enum names.

ALTER TABLE ab_prediction ALTER COLUMN experiment DROP NOT NULL;   -- NULL: recorded for live-accuracy monitoring, outside A/B tests

ALTER TABLE ab_forecast_point ADD COLUMN level DOUBLE PRECISION;   -- the interval's nominal level as a fraction (0.95); NULL when not recorded
ALTER TABLE ab_forecast_point ADD COLUMN lower DOUBLE PRECISION;   -- the interval's bounds; NULL when not recorded (or not finite)
ALTER TABLE ab_forecast_point ADD COLUMN upper DOUBLE PRECISION;

-- A version's predictions: its newest scored points are read at start-up, when live accuracy resumes.
CREATE INDEX ab_prediction_by_version ON ab_prediction (version, requested_at);

-- One row per model version with a scored point, in experiments or not: over every point that
-- has an actual, the mean absolute percentage error (points with an actual of 0 left out) and the
-- mean absolute error, both per point; over the points with an interval, the share of actuals
-- inside [lower, upper] (coverage) against the mean nominal level (nominal_coverage); and the
-- times of the oldest and newest scored points. The monitor's own figures (GET /drift) are over
-- a recent window of points instead of the whole history.
CREATE VIEW live_accuracy AS
SELECT p.version,
       COUNT(*)                                                                          AS scored_points,
       COUNT(DISTINCT p.prediction_id)                                                   AS scored_predictions,
       COUNT(*) FILTER (WHERE p.experiment IS NOT NULL)                                  AS experiment_points,
       CAST(AVG(f.pct_error) AS DOUBLE PRECISION)                                        AS mape,
       CAST(AVG(f.abs_error) AS DOUBLE PRECISION)                                        AS mae,
       COUNT(*) FILTER (WHERE f.level IS NOT NULL AND f.lower IS NOT NULL AND f.upper IS NOT NULL) AS interval_points,
       CAST(AVG(CASE WHEN f.actual >= f.lower AND f.actual <= f.upper THEN 1.0 ELSE 0.0 END)
                FILTER (WHERE f.level IS NOT NULL AND f.lower IS NOT NULL AND f.upper IS NOT NULL) AS DOUBLE PRECISION) AS coverage,
       CAST(AVG(f.level) FILTER (WHERE f.level IS NOT NULL AND f.lower IS NOT NULL AND f.upper IS NOT NULL) AS DOUBLE PRECISION) AS nominal_coverage,
       MIN(f.ts)                                                                         AS first_scored_ts,
       MAX(f.ts)                                                                         AS last_scored_ts
  FROM ab_prediction p
  JOIN ab_forecast_point f ON f.prediction_id = p.prediction_id
 WHERE f.actual IS NOT NULL
 GROUP BY p.version;

-- Every alert. open_key is alert_key while the alert is open and NULL once resolved: its UNIQUE
-- constraint lets one alert per key be open, across processes, while any number are resolved.
-- A breach of an open alert adds an occurrence and moves last_seen_at; the rest is as first raised.
CREATE TABLE alert (
    id             BIGINT       GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    alert_key      VARCHAR      NOT NULL,                                 -- e.g. input_drift:ks:meter-42, accuracy:xgboost_v7
    kind           VARCHAR(32)  NOT NULL,
    severity       VARCHAR(16)  NOT NULL,
    subject        VARCHAR,                                               -- what it is about: a series, a version
    message        VARCHAR,
    measured_value DOUBLE PRECISION,                                      -- what was measured; NULL when nothing was
    threshold      DOUBLE PRECISION,                                      -- the bound it crossed; NULL when none applies
    state          VARCHAR(8)   NOT NULL,
    raised_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    last_seen_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,                  -- the latest breach
    resolved_at    TIMESTAMP(6) WITH TIME ZONE,                           -- NULL while open
    occurrences    INTEGER      NOT NULL,                                 -- breaches counted while open
    open_key       VARCHAR,
    -- named, so that a later migration can drop and recreate it for a new kind
    CONSTRAINT alert_kind CHECK (kind IN ('INPUT_DRIFT', 'ACCURACY_DRIFT', 'ACCURACY', 'COVERAGE', 'ROLLBACK', 'PIPELINE')),
    CONSTRAINT alert_severity CHECK (severity IN ('WARNING', 'CRITICAL')),
    CONSTRAINT alert_state CHECK (state IN ('OPEN', 'RESOLVED')),
    CONSTRAINT alert_occurrences CHECK (occurrences >= 1),
    CONSTRAINT alert_open_key CHECK (state = 'OPEN' AND open_key IS NOT NULL AND open_key = alert_key AND resolved_at IS NULL
                                     OR state = 'RESOLVED' AND open_key IS NULL AND resolved_at IS NOT NULL),
    CONSTRAINT alert_one_open_per_key UNIQUE (open_key)
);

CREATE INDEX alert_by_state ON alert (state, raised_at);
CREATE INDEX alert_by_raised ON alert (raised_at);
CREATE INDEX alert_by_key ON alert (alert_key, raised_at);

-- Every run of the retraining pipeline. state is RUNNING until it ends (a canary keeps it running
-- until its experiment is decided), then SUCCEEDED or FAILED; outcome says what it did and may be
-- set while running (CANARY_STARTED).
CREATE TABLE pipeline_run (
    id                VARCHAR(64)  NOT NULL PRIMARY KEY,
    trigger           VARCHAR(16)  NOT NULL CHECK (trigger IN ('SCHEDULE', 'ALERT', 'MANUAL')),
    reason            VARCHAR,                                           -- e.g. the alert that triggered it
    state             VARCHAR(16)  NOT NULL CHECK (state IN ('RUNNING', 'SUCCEEDED', 'FAILED')),
    outcome           VARCHAR(16)  CHECK (outcome IN ('REJECTED', 'DEPLOYED', 'REGISTERED', 'CANARY_STARTED', 'CANARY_PROMOTED',
                                                      'CANARY_STOPPED', 'FAILED')),
    series_id         VARCHAR,
    live_version      VARCHAR,                                           -- the version serving when it started
    candidate_version VARCHAR,                                           -- the version it registered; NULL before (or without) one
    experiment        VARCHAR(128),                                      -- the canary experiment it started, if any
    started_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    finished_at       TIMESTAMP(6) WITH TIME ZONE,                       -- NULL while running
    detail            VARCHAR                                            -- why it ended as it did
);

CREATE INDEX pipeline_run_by_start ON pipeline_run (started_at);
CREATE INDEX pipeline_run_by_state ON pipeline_run (state, started_at);

-- The steps of a run in order: history, validate, tune, train, backtest, register, decide, then
-- deploy or canary.
CREATE TABLE pipeline_step (
    run_id      VARCHAR(64)  NOT NULL REFERENCES pipeline_run (id),
    position    INTEGER      NOT NULL CHECK (position >= 0),
    name        VARCHAR(64)  NOT NULL,
    state       VARCHAR(16)  NOT NULL CHECK (state IN ('RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED')),
    started_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    finished_at TIMESTAMP(6) WITH TIME ZONE,                             -- NULL while running
    duration_ms BIGINT,                                                  -- finished_at - started_at; NULL while running
    detail      VARCHAR,                                                 -- what it found, or why it failed
    PRIMARY KEY (run_id, position)
);

-- The models a run backtested on the same folds, in the run's order: role candidate, live (the
-- live version as it is) or seasonal_naive (the baseline). MAPE and sMAPE are percentages, MASE
-- is scaled by the in-sample seasonal-naive error (below 1 beats it), RMSE is in the series'
-- units, coverage80 and coverage95 the shares of actuals inside those intervals.
CREATE TABLE pipeline_contender (
    run_id     VARCHAR(64)  NOT NULL REFERENCES pipeline_run (id),
    role       VARCHAR(32)  NOT NULL,
    position   INTEGER      NOT NULL CHECK (position >= 0),              -- the order the run listed them in
    version    VARCHAR,                                                  -- NULL for the baseline and an unregistered candidate
    algorithm  VARCHAR,
    mape       DOUBLE PRECISION,
    smape      DOUBLE PRECISION,
    mase       DOUBLE PRECISION,
    rmse       DOUBLE PRECISION,
    coverage80 DOUBLE PRECISION,
    coverage95 DOUBLE PRECISION,
    folds      INTEGER      NOT NULL,                                    -- refits
    forecasts  INTEGER      NOT NULL,                                    -- forecast origins
    horizon    INTEGER      NOT NULL,                                    -- steps per forecast
    PRIMARY KEY (run_id, role),
    UNIQUE (run_id, position)
);

-- One row per run: its steps, the first step that failed, how long it took (NULL while running),
-- and the candidate's backtest MASE beside the live version's and the baseline's (below 1: better
-- than seasonal naive), with the candidate's improvement over the live version in percent.
CREATE VIEW pipeline_run_summary AS
SELECT r.id,
       r.trigger,
       r.reason,
       r.state,
       r.outcome,
       r.series_id,
       r.live_version,
       r.candidate_version,
       r.experiment,
       r.started_at,
       r.finished_at,
       CAST(FLOOR(EXTRACT(EPOCH FROM r.finished_at) * 1000) - FLOOR(EXTRACT(EPOCH FROM r.started_at) * 1000) AS BIGINT) AS duration_ms,
       (SELECT COUNT(*) FROM pipeline_step s WHERE s.run_id = r.id)                 AS steps,
       (SELECT s.name FROM pipeline_step s WHERE s.run_id = r.id AND s.state = 'FAILED'
         ORDER BY s.position FETCH FIRST 1 ROW ONLY)                               AS failed_step,
       c.mase                                                                      AS candidate_mase,
       l.mase                                                                      AS live_mase,
       b.mase                                                                      AS baseline_mase,
       100 * (l.mase - c.mase) / NULLIF(l.mase, 0)                                 AS mase_improvement_pct,
       r.detail
  FROM pipeline_run r
  LEFT JOIN pipeline_contender c ON c.run_id = r.id AND c.role = 'candidate'
  LEFT JOIN pipeline_contender l ON l.run_id = r.id AND l.role = 'live'
  LEFT JOIN pipeline_contender b ON b.run_id = r.id AND b.role = 'seasonal_naive';
