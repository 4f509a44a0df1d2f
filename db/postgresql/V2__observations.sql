-- PostgreSQL's version of ../V2__observations.sql: VARCHAR[] for VARCHAR ARRAY.
-- TIMESTAMP(6) for TIMESTAMP(9): microseconds, the most PostgreSQL keeps.
-- Everything else is as in that file, which says what the migration does.

-- The stored history of each series: one row per observed time, one row per known feature value.
--   SELECT ts, actual FROM observation WHERE series_id = 'default' ORDER BY ts;
--   SELECT o.ts, o.actual, f.feature_value AS temperature
--     FROM observation o LEFT JOIN observation_feature f
--       ON f.series_id = o.series_id AND f.ts = o.ts AND f.name = 'temperature'
--    WHERE o.series_id = 'default' ORDER BY o.ts;
-- Steps of the series' frequency without a row are gaps, as are rows whose actual is NULL.

CREATE TABLE series (
    id            VARCHAR(128) NOT NULL PRIMARY KEY,
    frequency     VARCHAR(32),                        -- ISO-8601 (PT1H, P1D, P1M); NULL until a second time is known
    feature_names VARCHAR[] NOT NULL              -- the extra columns, in order
);

CREATE TABLE observation (
    series_id VARCHAR(128) NOT NULL REFERENCES series (id),
    ts        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    actual    DOUBLE PRECISION,                       -- the observed value; NULL for an explicit gap
    PRIMARY KEY (series_id, ts)
);

CREATE TABLE observation_feature (
    series_id     VARCHAR(128) NOT NULL,
    ts            TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    name          VARCHAR      NOT NULL,              -- one of the series' feature_names
    feature_value DOUBLE PRECISION NOT NULL,          -- an unknown value has no row
    PRIMARY KEY (series_id, ts, name),
    FOREIGN KEY (series_id, ts) REFERENCES observation (series_id, ts) ON DELETE CASCADE
);
