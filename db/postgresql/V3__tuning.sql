-- PostgreSQL's version of ../V3__tuning.sql: STRING_AGG for LISTAGG.
-- TIMESTAMP(6) for TIMESTAMP(9): microseconds, the most PostgreSQL keeps.
-- Everything else is as in that file, which says what the migration does.

-- Hyperparameter studies in the manner of Optuna: each study with its declared search space, and
-- its trials with the parameters they were given (in suggestion order), the values they reported
-- on the way and the value they finished with. The JSON columns are what the store reads back;
-- the plain columns beside them (kind, low, high, internal_value, ...) are for people asking
-- questions in SQL, e.g.
--   SELECT * FROM study_summary;
--   SELECT number, state, objective_value, params FROM trial_summary
--    WHERE study = 'xgb-default' ORDER BY objective_value;
--   SELECT t.number, t.objective_value, p.internal_value AS max_depth
--     FROM trial t JOIN trial_param p ON p.study = t.study AND p.number = t.number AND p.name = 'max_depth'
--    WHERE t.study = 'xgb-default' AND t.state = 'COMPLETE' ORDER BY t.objective_value;
-- VALUE and KEY are reserved words in H2 2, hence objective_value, intermediate_value and
-- attribute_value. States and directions are the domain's enum names, as Optuna spells them.
-- Values may be +-Infinity (DOUBLE PRECISION keeps them); NaN is stored as NULL.

CREATE TABLE study (
    name       VARCHAR(128) NOT NULL PRIMARY KEY,
    direction  VARCHAR(8)   NOT NULL CHECK (direction IN ('MINIMIZE', 'MAXIMIZE')),
    sampler    VARCHAR(64)  NOT NULL,                  -- tpe, random
    seed       BIGINT       NOT NULL,                  -- all of the sampler's randomness derives from it
    pruner     VARCHAR(64)  NOT NULL,                  -- median, successive_halving, none
    algorithm  VARCHAR(64),                            -- the forecaster tuned; NULL when the objective lives in a client
    created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL
);

-- The declared search space, in sampling order; a define-by-run study has none.
CREATE TABLE study_search_space (
    study             VARCHAR(128) NOT NULL REFERENCES study (name),
    position          INTEGER      NOT NULL CHECK (position >= 0),
    name              VARCHAR      NOT NULL,
    distribution_json VARCHAR      NOT NULL,           -- {"type":"int","low":2,"high":12,"log":false,"step":1}
    kind              VARCHAR(16)  NOT NULL CHECK (kind IN ('float', 'int', 'categorical')),
    low               DOUBLE PRECISION,                -- NULL for a categorical
    high              DOUBLE PRECISION,                -- NULL for a categorical
    step              DOUBLE PRECISION,                -- NULL for a continuous float and a categorical
    log               BOOLEAN,                         -- NULL for a categorical
    choices           INTEGER,                         -- how many, for a categorical; the JSON lists them
    PRIMARY KEY (study, position),
    UNIQUE (study, name)
);

-- Settings of the study that have no column: series, metric, budget, pruner settings.
CREATE TABLE study_attribute (
    study           VARCHAR(128) NOT NULL REFERENCES study (name),
    name            VARCHAR      NOT NULL,
    attribute_value VARCHAR,
    PRIMARY KEY (study, name)
);

-- number starts at 0 in each study and has no holes; a WAITING trial (enqueued with fixed
-- parameters) is taken by the next start, the oldest first.
CREATE TABLE trial (
    study           VARCHAR(128) NOT NULL REFERENCES study (name),
    number          INTEGER      NOT NULL CHECK (number >= 0),
    state           VARCHAR(8)   NOT NULL CHECK (state IN ('WAITING', 'RUNNING', 'COMPLETE', 'PRUNED', 'FAILED')),
    objective_value DOUBLE PRECISION,                  -- COMPLETE: the objective's; PRUNED: the last reported; FAILED: NULL
    started_at      TIMESTAMP(6) WITH TIME ZONE,       -- NULL while WAITING
    completed_at    TIMESTAMP(6) WITH TIME ZONE,       -- NULL until finished
    PRIMARY KEY (study, number)
);

CREATE INDEX trial_by_state ON trial (study, state, number);

-- The parameters a trial was given, in the order the objective asked for them.
CREATE TABLE trial_param (
    study             VARCHAR(128) NOT NULL,
    number            INTEGER      NOT NULL,
    position          INTEGER      NOT NULL CHECK (position >= 0),
    name              VARCHAR      NOT NULL,
    value_json        VARCHAR      NOT NULL,           -- as the objective saw it: 0.05, 7, "gbtree", true, null
    internal_value    DOUBLE PRECISION NOT NULL,       -- what samplers compare: the number itself, or the index of the choice
    distribution_json VARCHAR      NOT NULL,           -- the range it was drawn from
    PRIMARY KEY (study, number, name),
    UNIQUE (study, number, position),
    FOREIGN KEY (study, number) REFERENCES trial (study, number)
);

-- What a running trial reported by step (a backtest fold, an epoch); a later report of a step replaces it.
CREATE TABLE trial_intermediate_value (
    study              VARCHAR(128) NOT NULL,
    number             INTEGER      NOT NULL,
    step               INTEGER      NOT NULL,
    intermediate_value DOUBLE PRECISION,               -- NULL for NaN
    PRIMARY KEY (study, number, step),
    FOREIGN KEY (study, number) REFERENCES trial (study, number)
);

-- Notes on a trial: fail_reason, a pruner's bookkeeping.
CREATE TABLE trial_attribute (
    study           VARCHAR(128) NOT NULL,
    number          INTEGER      NOT NULL,
    name            VARCHAR      NOT NULL,
    attribute_value VARCHAR,
    PRIMARY KEY (study, number, name),
    FOREIGN KEY (study, number) REFERENCES trial (study, number)
);

-- The parameters fixed by enqueue (a warm start), in the order given; the trial uses each one
-- its distribution can hold and samples the others.
CREATE TABLE trial_fixed_param (
    study      VARCHAR(128) NOT NULL,
    number     INTEGER      NOT NULL,
    position   INTEGER      NOT NULL CHECK (position >= 0),
    name       VARCHAR      NOT NULL,
    value_json VARCHAR      NOT NULL,                  -- 0.05, 7, "gbtree", true, null
    PRIMARY KEY (study, number, name),
    UNIQUE (study, number, position),
    FOREIGN KEY (study, number) REFERENCES trial (study, number)
);

-- One row per study: its trials by state, and its best complete trial as Study.bestTrial picks it
-- (the lowest value, or the highest when maximizing; the earliest of equals) with its parameters.
CREATE VIEW study_summary AS
SELECT s.name                                               AS study,
       s.direction,
       s.sampler,
       s.pruner,
       s.algorithm,
       s.created_at,
       COUNT(t.number)                                      AS trials,
       COUNT(t.number) FILTER (WHERE t.state = 'WAITING')  AS waiting,
       COUNT(t.number) FILTER (WHERE t.state = 'RUNNING')  AS running,
       COUNT(t.number) FILTER (WHERE t.state = 'COMPLETE') AS complete,
       COUNT(t.number) FILTER (WHERE t.state = 'PRUNED')   AS pruned,
       COUNT(t.number) FILTER (WHERE t.state = 'FAILED')   AS failed,
       b.number                                             AS best_trial,
       b.objective_value                                    AS best_value,
       (SELECT STRING_AGG(p.name || '=' || p.value_json, ', ' ORDER BY p.position)
          FROM trial_param p WHERE p.study = s.name AND p.number = b.number) AS best_params,
       MAX(t.completed_at)                                  AS last_completed_at
  FROM study s
  LEFT JOIN trial t ON t.study = s.name
  LEFT JOIN (SELECT r.study, r.number, r.objective_value,
                    ROW_NUMBER() OVER (PARTITION BY r.study
                                       ORDER BY CASE WHEN d.direction = 'MAXIMIZE' THEN -r.objective_value ELSE r.objective_value END,
                                                r.number) AS rank
               FROM trial r JOIN study d ON d.name = r.study
              WHERE r.state = 'COMPLETE' AND r.objective_value IS NOT NULL) b
    ON b.study = s.name AND b.rank = 1
 GROUP BY s.name, s.direction, s.sampler, s.pruner, s.algorithm, s.created_at, b.number, b.objective_value;

-- One row per trial with its parameters in one readable column, its last step and why it failed.
CREATE VIEW trial_summary AS
SELECT t.study,
       t.number,
       t.state,
       t.objective_value,
       t.started_at,
       t.completed_at,
       t.completed_at - t.started_at AS duration,
       (SELECT STRING_AGG(p.name || '=' || p.value_json, ', ' ORDER BY p.position)
          FROM trial_param p WHERE p.study = t.study AND p.number = t.number) AS params,
       (SELECT MAX(i.step) FROM trial_intermediate_value i WHERE i.study = t.study AND i.number = t.number) AS last_step,
       (SELECT a.attribute_value FROM trial_attribute a
         WHERE a.study = t.study AND a.number = t.number AND a.name = 'fail_reason') AS fail_reason
  FROM trial t;
