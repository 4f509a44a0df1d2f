-- PostgreSQL's version of ../V6__named_models.sql: the new columns at the end (no BEFORE), the primary key dropped by its name, the changed views dropped and created (CREATE OR REPLACE VIEW cannot rename or reorder a view's columns), an interval and epochs for DATEADD and DATEDIFF, VARCHAR[] for VARCHAR ARRAY.
-- TIMESTAMP(6) for TIMESTAMP(9): microseconds, the most PostgreSQL keeps.
-- Everything else is as in that file, which says what the migration does.

-- Named models: every version belongs to a model (a named line of versions, as MLflow's registered
-- models), and each model has its own deployment history. Versions and deployments made before
-- this migration belong to the model 'default'. Version ids stay unique overall; labels become
-- unique within a model, e.g.
--   SELECT model, id, label, algorithm, mase FROM model_version ORDER BY model, created_at;
--   SELECT model, version FROM deployment d
--    WHERE sequence = (SELECT MAX(sequence) FROM deployment WHERE model = d.model);   -- live, per model
--
-- model_version is rebuilt rather than altered: its label's UNIQUE constraint was created without a
-- name, and plain SQL cannot drop a constraint whose name the database chose.

CREATE TABLE model_version_named (
    model         VARCHAR(64)  NOT NULL DEFAULT 'default',
    id            VARCHAR(64)  NOT NULL PRIMARY KEY,
    label         VARCHAR(64),
    algorithm     VARCHAR(32)  NOT NULL,
    created_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    mape          DOUBLE PRECISION,
    smape         DOUBLE PRECISION,
    mase          DOUBLE PRECISION,
    rmse          DOUBLE PRECISION,
    coverage80    DOUBLE PRECISION,
    coverage95    DOUBLE PRECISION,
    folds         INTEGER      NOT NULL,
    forecasts     INTEGER      NOT NULL,
    horizon       INTEGER      NOT NULL,
    series_id     VARCHAR(128),
    data_from     TIMESTAMP(6) WITH TIME ZONE,
    data_to       TIMESTAMP(6) WITH TIME ZONE,
    observations  INTEGER      NOT NULL,
    frequency     VARCHAR(32),
    feature_names VARCHAR[] NOT NULL,
    CONSTRAINT model_version_label UNIQUE (model, label)
);

INSERT INTO model_version_named (model, id, label, algorithm, created_at, mape, smape, mase, rmse, coverage80, coverage95,
                                 folds, forecasts, horizon, series_id, data_from, data_to, observations, frequency, feature_names)
SELECT 'default', id, label, algorithm, created_at, mape, smape, mase, rmse, coverage80, coverage95,
       folds, forecasts, horizon, series_id, data_from, data_to, observations, frequency, feature_names
  FROM model_version;

-- CASCADE drops the foreign keys that point at the old table; they are made again below
DROP TABLE model_version CASCADE;
ALTER TABLE model_version_named RENAME TO model_version;
CREATE INDEX model_version_by_algorithm ON model_version (algorithm);
CREATE INDEX model_version_by_model ON model_version (model, created_at);
ALTER TABLE model_hyperparameter ADD CONSTRAINT model_hyperparameter_version FOREIGN KEY (version_id) REFERENCES model_version (id);
ALTER TABLE model_library ADD CONSTRAINT model_library_version FOREIGN KEY (version_id) REFERENCES model_version (id);
ALTER TABLE model_artifact ADD CONSTRAINT model_artifact_version FOREIGN KEY (version_id) REFERENCES model_version (id);

-- Each model's history is append-only with its own sequence from 1, without holes.
ALTER TABLE deployment ADD COLUMN model VARCHAR(64) NOT NULL DEFAULT 'default';
ALTER TABLE deployment DROP CONSTRAINT deployment_pkey;
ALTER TABLE deployment ADD CONSTRAINT deployment_key PRIMARY KEY (model, sequence);

-- A/B tests belong to a model: their arms are versions of it, they split its traffic, and a
-- promotion changes only its live version. Tests of different models never compete.
ALTER TABLE ab_experiment ADD COLUMN model VARCHAR(64) NOT NULL DEFAULT 'default';

-- The summaries name the model (the same columns as before, the model first).
DROP VIEW ab_test_summary;
CREATE VIEW ab_test_summary AS
SELECT e.model                                                             AS model,
       e.name                                                              AS experiment,
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


DROP VIEW live_accuracy;
CREATE VIEW live_accuracy AS
SELECT v.model,
       p.version,
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
  LEFT JOIN model_version v ON v.id = p.version
 WHERE f.actual IS NOT NULL
 GROUP BY v.model, p.version;

-- Retraining runs belong to a model too.
ALTER TABLE pipeline_run ADD COLUMN model VARCHAR(64) NOT NULL DEFAULT 'default';
DROP VIEW pipeline_run_summary;
CREATE VIEW pipeline_run_summary AS
SELECT r.model,
       r.id,
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

-- Alerts name the model they concern: an alert starts a retraining run of that model.
ALTER TABLE alert ADD COLUMN model VARCHAR(64) NOT NULL DEFAULT 'default';

-- A version covering several series (a portfolio: one model per series inside the version, or one
-- global model across them) keeps each series' backtest; model_version's metrics are their mean.
CREATE TABLE model_version_series (
    version_id    VARCHAR(64)  NOT NULL REFERENCES model_version (id),
    series_id     VARCHAR(128) NOT NULL,
    mape          DOUBLE PRECISION,
    smape         DOUBLE PRECISION,
    mase          DOUBLE PRECISION,
    rmse          DOUBLE PRECISION,
    coverage80    DOUBLE PRECISION,
    coverage95    DOUBLE PRECISION,
    folds         INTEGER      NOT NULL,
    forecasts     INTEGER      NOT NULL,
    horizon       INTEGER      NOT NULL,
    observations  INTEGER      NOT NULL,
    data_from     TIMESTAMP(6) WITH TIME ZONE,
    data_to       TIMESTAMP(6) WITH TIME ZONE,
    PRIMARY KEY (version_id, series_id)
);

-- Each series of each version with its model, e.g. the worst-forecast series of a portfolio:
--   SELECT series_id, mase FROM version_series_metrics WHERE version = 'arima_v3' ORDER BY mase DESC;
CREATE VIEW version_series_metrics AS
SELECT v.model, s.version_id AS version, v.algorithm, s.series_id, s.mape, s.smape, s.mase, s.rmse, s.coverage80, s.coverage95,
       s.folds, s.forecasts, s.horizon, s.observations, s.data_from, s.data_to
  FROM model_version_series s
  JOIN model_version v ON v.id = s.version_id;
