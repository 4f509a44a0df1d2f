-- PostgreSQL's version of ../V1__model_registry.sql: BYTEA for BLOB, VARCHAR[] for VARCHAR ARRAY.
-- TIMESTAMP(6) for TIMESTAMP(9): microseconds, the most PostgreSQL keeps.
-- Everything else is as in that file, which says what the migration does.

-- Immutable model versions with their metrics, provenance and artifact, and the append-only
-- deployment history. Plain columns so that a SQL client can answer questions directly, e.g.
--   SELECT id, label, mape, rmse FROM model_version ORDER BY created_at;
--   SELECT * FROM deployment ORDER BY sequence DESC LIMIT 1;      -- what is live

CREATE TABLE model_version (
    id            VARCHAR(64)  NOT NULL PRIMARY KEY,  -- <algorithm>_v<n>, assigned by the registry
    label         VARCHAR(64)  UNIQUE,                -- an optional name the user gave (v1.2)
    algorithm     VARCHAR(32)  NOT NULL,
    created_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    -- rolling-origin backtest: percentages, scaled error, series units, interval coverage;
    -- NULL where a figure could not be computed
    mape          DOUBLE PRECISION,
    smape         DOUBLE PRECISION,
    mase          DOUBLE PRECISION,
    rmse          DOUBLE PRECISION,
    coverage80    DOUBLE PRECISION,
    coverage95    DOUBLE PRECISION,
    folds         INTEGER      NOT NULL,
    forecasts     INTEGER      NOT NULL,
    horizon       INTEGER      NOT NULL,
    -- provenance: the data the model was fitted on
    series_id     VARCHAR(128),
    data_from     TIMESTAMP(6) WITH TIME ZONE,
    data_to       TIMESTAMP(6) WITH TIME ZONE,
    observations  INTEGER      NOT NULL,
    frequency     VARCHAR(32),                        -- ISO-8601: PT1H, P1D, P1M
    feature_names VARCHAR[] NOT NULL
);

CREATE INDEX model_version_by_algorithm ON model_version (algorithm);

CREATE TABLE model_hyperparameter (
    version_id VARCHAR(64) NOT NULL REFERENCES model_version (id),
    name       VARCHAR     NOT NULL,
    setting    VARCHAR     NOT NULL,                  -- as written in configuration ("6", "0.05", "(2,1,2)")
    PRIMARY KEY (version_id, name)
);

CREATE TABLE model_library (
    version_id VARCHAR(64) NOT NULL REFERENCES model_version (id),
    name       VARCHAR     NOT NULL,                  -- xgboost4j, deeplearning4j, commons-math3, java
    version    VARCHAR     NOT NULL,
    PRIMARY KEY (version_id, name)
);

CREATE TABLE model_artifact (
    version_id VARCHAR(64) NOT NULL PRIMARY KEY REFERENCES model_version (id),
    bytes      BYTEA       NOT NULL,                  -- the serialized model
    sha256     CHAR(64)    NOT NULL,                  -- hex, recorded at registration; checked on every load
    size       BIGINT      NOT NULL
);

-- Append-only: a row is never updated or deleted. sequence starts at 1 and has no holes; a
-- writer appends sequence = last + 1, so of two racing writers only one succeeds. version is the
-- id or label the deployer named (not a foreign key: the history outlives any version).
CREATE TABLE deployment (
    sequence         BIGINT      NOT NULL PRIMARY KEY CHECK (sequence >= 1),
    version          VARCHAR(64) NOT NULL,
    action           VARCHAR(16) NOT NULL CHECK (action IN ('DEPLOY', 'ROLLBACK')),
    previous_version VARCHAR(64),                     -- NULL for the first deployment
    at               TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    reason           VARCHAR     NOT NULL,
    actor            VARCHAR     NOT NULL
);
