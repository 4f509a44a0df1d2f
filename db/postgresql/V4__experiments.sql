-- PostgreSQL's version of ../V4__experiments.sql: an interval added for DATEADD.
-- TIMESTAMP(6) for TIMESTAMP(9): microseconds, the most PostgreSQL keeps.
-- Everything else is as in that file, which says what the migration does.

-- A/B tests on live traffic: each experiment with its arms (ab_experiment, ab_arm), every forecast
-- served inside one (ab_prediction) with its points (ab_forecast_point), and each point's errors
-- once its actual has arrived. The views answer "which arm is ahead, by how much, on how many
-- requests" from any SQL client, e.g.
--   SELECT * FROM ab_test_summary ORDER BY started_at DESC;
--   SELECT position, version, weight, requests, traffic_share, scored_predictions, mape, mae, latency_p50_ms, latency_p99_ms
--     FROM ab_test_arm_summary WHERE experiment = 'xgb-vs-arima' ORDER BY position;
--   SELECT version, DATE_TRUNC(DAY, requested_at) AS day, COUNT(*) AS scored, AVG(mape) AS mape
--     FROM ab_scored_prediction WHERE experiment = 'xgb-vs-arima' GROUP BY version, day ORDER BY day, version;
-- The metrics are the API's: a prediction's error is the mean over its points that have actuals
-- (abs_error = |actual - forecast|, pct_error = 100 |actual - forecast| / |actual|, none for an
-- actual of 0), and an arm's MAPE and MAE are the means of its predictions' errors, so that the
-- many points of one forecast do not outweigh another forecast. The views rank arms; only the
-- report of GET /ab-test/{name} says whether a difference is significant (Welch's test).
-- VALUE and KEY are reserved words in H2 2, hence forecast and actual.

CREATE TABLE ab_experiment (
    name             VARCHAR(128) NOT NULL PRIMARY KEY,
    metric           VARCHAR(8)   NOT NULL CHECK (metric IN ('mape', 'mae')),   -- what decides the test
    min_samples      INTEGER      NOT NULL CHECK (min_samples >= 1),            -- scored predictions per arm before deciding
    sticky           BOOLEAN      NOT NULL,                                     -- a unit keeps its arm
    duration_ms      BIGINT       NOT NULL CHECK (duration_ms >= 0),
    scope            VARCHAR,                                                   -- the series whose traffic it takes; NULL: all traffic
    state            VARCHAR(8)   NOT NULL CHECK (state IN ('RUNNING', 'STOPPED', 'PROMOTED')),
    started_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    started_by       VARCHAR,                                                   -- who started it
    ended_at         TIMESTAMP(6) WITH TIME ZONE,                               -- NULL while running
    ended_by         VARCHAR,                                                   -- who stopped or promoted it
    promoted_version VARCHAR                                                    -- the version deployed by promotion
);

CREATE INDEX ab_experiment_by_state ON ab_experiment (state, started_at);

-- The arms in their order: position 0 is the control the report compares the others with.
CREATE TABLE ab_arm (
    experiment VARCHAR(128)     NOT NULL REFERENCES ab_experiment (name),
    position   INTEGER          NOT NULL CHECK (position >= 0),
    version    VARCHAR          NOT NULL,                                       -- the model version's id
    reference  VARCHAR          NOT NULL,                                       -- as the user named it: the id or a label such as v1.2
    weight     DOUBLE PRECISION NOT NULL CHECK (weight >= 0 AND weight <= 1),   -- its share of the traffic
    PRIMARY KEY (experiment, position)
);

-- One row, locked by every start (SELECT ... FOR UPDATE), so that starts take turns across
-- threads and processes: checking for a running experiment that competes for the same traffic
-- and inserting cannot interleave.
CREATE TABLE ab_start_lock (
    id INTEGER NOT NULL PRIMARY KEY CHECK (id = 0)
);

INSERT INTO ab_start_lock (id) VALUES (0);

-- Every forecast served by an experiment's arm. No foreign key to ab_experiment: the recorder
-- writes asynchronously and must never be refused.
CREATE TABLE ab_prediction (
    prediction_id VARCHAR          NOT NULL PRIMARY KEY,
    experiment    VARCHAR(128)     NOT NULL,
    version       VARCHAR          NOT NULL,                                    -- the arm's model version that answered
    unit_id       VARCHAR,                                                      -- the user or meter, when the request named one
    series_id     VARCHAR,
    requested_at  TIMESTAMP(6) WITH TIME ZONE,
    latency_ms    DOUBLE PRECISION NOT NULL
);

CREATE INDEX ab_prediction_by_experiment ON ab_prediction (experiment, version);
CREATE INDEX ab_prediction_by_series ON ab_prediction (series_id, unit_id);
CREATE INDEX ab_prediction_by_unit ON ab_prediction (unit_id);

-- The forecast's points; actual, abs_error and pct_error are NULL until an actual for ts arrives,
-- and a later actual for the same time replaces the earlier.
CREATE TABLE ab_forecast_point (
    prediction_id VARCHAR          NOT NULL REFERENCES ab_prediction (prediction_id),
    step          INTEGER          NOT NULL CHECK (step >= 0),                  -- 0 for the first time forecast
    ts            TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    forecast      DOUBLE PRECISION,                                             -- NULL for a NaN or infinite forecast, which is never scored
    actual        DOUBLE PRECISION,
    abs_error     DOUBLE PRECISION,                                             -- |actual - forecast|
    pct_error     DOUBLE PRECISION,                                             -- 100 |actual - forecast| / |actual|; NULL when actual is 0
    PRIMARY KEY (prediction_id, step)
);

-- Actuals arrive by time: scoring finds the points at a time first, then checks the prediction.
CREATE INDEX ab_forecast_point_by_ts ON ab_forecast_point (ts, prediction_id);

-- One row per scored prediction (one with at least one actual): its mean errors over the points
-- that have actuals; mape is NULL when all those actuals are 0.
CREATE VIEW ab_scored_prediction AS
SELECT p.experiment,
       p.version,
       p.prediction_id,
       p.unit_id,
       p.series_id,
       p.requested_at,
       COUNT(*)                                   AS scored_points,
       CAST(AVG(f.pct_error) AS DOUBLE PRECISION) AS mape,
       CAST(AVG(f.abs_error) AS DOUBLE PRECISION) AS mae
  FROM ab_prediction p
  JOIN ab_forecast_point f ON f.prediction_id = p.prediction_id
 WHERE f.actual IS NOT NULL
 GROUP BY p.experiment, p.version, p.prediction_id, p.unit_id, p.series_id, p.requested_at;

-- One row per arm of each experiment: its traffic (and share of the experiment's, to compare with
-- the weight), how many of its predictions are scored, their MAPE and MAE, and the latency
-- percentiles by linear interpolation (as the API computes them). Arms without traffic have 0
-- requests and NULL metrics.
CREATE VIEW ab_test_arm_summary AS
SELECT a.experiment,
       a.position,
       a.version,
       a.reference,
       a.weight,
       COALESCE(r.requests, 0)                                                         AS requests,
       CAST(COALESCE(r.requests, 0) AS DOUBLE PRECISION)
           / CAST(NULLIF(SUM(COALESCE(r.requests, 0)) OVER (PARTITION BY a.experiment), 0) AS DOUBLE PRECISION) AS traffic_share,
       COALESCE(s.scored_predictions, 0)                                               AS scored_predictions,
       s.mape,
       s.mae,
       r.latency_p50_ms,
       r.latency_p99_ms
  FROM ab_arm a
  LEFT JOIN (SELECT experiment,
                    version,
                    COUNT(*)                                                   AS requests,
                    CAST(PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY latency_ms) AS DOUBLE PRECISION)  AS latency_p50_ms,
                    CAST(PERCENTILE_CONT(0.99) WITHIN GROUP (ORDER BY latency_ms) AS DOUBLE PRECISION) AS latency_p99_ms
               FROM ab_prediction
              GROUP BY experiment, version) r
    ON r.experiment = a.experiment AND r.version = a.version
  LEFT JOIN (SELECT experiment, version, COUNT(*) AS scored_predictions,
                    CAST(AVG(mape) AS DOUBLE PRECISION) AS mape, CAST(AVG(mae) AS DOUBLE PRECISION) AS mae
               FROM ab_scored_prediction
              GROUP BY experiment, version) s
    ON s.experiment = a.experiment AND s.version = a.version;

-- The arms of each experiment with a scored prediction, ranked by the experiment's metric (1 is
-- the lowest error; the earlier arm of equals first).
CREATE VIEW ab_test_arm_rank AS
SELECT r.experiment, r.position, r.version, r.metric_value,
       ROW_NUMBER() OVER (PARTITION BY r.experiment ORDER BY r.metric_value, r.position) AS rank
  FROM (SELECT s.experiment, s.position, s.version, CASE e.metric WHEN 'mae' THEN s.mae ELSE s.mape END AS metric_value
          FROM ab_test_arm_summary s
          JOIN ab_experiment e ON e.name = s.experiment) r
 WHERE r.metric_value IS NOT NULL;

-- One row per experiment: its state, traffic and scored predictions (and the fewest of any arm,
-- against min_samples), the arm ahead on the experiment's metric and how far ahead of the next
-- best it is, in the metric's unit (lead) and relative to the next best (lead_pct). best_version
-- is NULL until an arm has a scored prediction, next_version until two have.
CREATE VIEW ab_test_summary AS
SELECT e.name                                                              AS experiment,
       e.state,
       e.metric,
       e.scope,
       e.started_at,
       e.started_by,
       e.started_at + e.duration_ms * INTERVAL '1 millisecond'           AS ends_at,
       e.ended_at,
       e.ended_by,
       e.promoted_version,
       e.min_samples,
       t.arms,
       t.requests,
       t.scored_predictions,
       t.fewest_scored,
       b.version                                                           AS best_version,
       b.metric_value                                                      AS best_value,
       n.version                                                           AS next_version,
       n.metric_value                                                      AS next_value,
       n.metric_value - b.metric_value                                     AS lead,
       100 * (n.metric_value - b.metric_value) / NULLIF(n.metric_value, 0) AS lead_pct
  FROM ab_experiment e
  JOIN (SELECT experiment, COUNT(*) AS arms, SUM(requests) AS requests, SUM(scored_predictions) AS scored_predictions,
               MIN(scored_predictions) AS fewest_scored
          FROM ab_test_arm_summary
         GROUP BY experiment) t
    ON t.experiment = e.name
  LEFT JOIN ab_test_arm_rank b ON b.experiment = e.name AND b.rank = 1
  LEFT JOIN ab_test_arm_rank n ON n.experiment = e.name AND n.rank = 2;
