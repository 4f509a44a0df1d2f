-- Replicas on one database (issue 17).
--
-- admin_key: the admin API keys the service made itself, as SHA-256 hashes (never the keys), so
-- that every replica accepts a key whichever replica generated it. The name is the key's role:
-- 'generated' is the key made at the first start (or taken over from the file admin-key.sha256 of
-- a data directory from before); a name is stored once, so replicas starting together on a new
-- database keep one generated key. Keys from the configuration are not stored here.
--   SELECT name, created_at FROM admin_key;
CREATE TABLE admin_key (
    name       VARCHAR(64)  PRIMARY KEY,
    hash       VARCHAR(100) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- pipeline_guard: one row, locked (SELECT ... FOR UPDATE) by whoever starts a retraining run
-- while it checks that no run is running and stores its own, so that two replicas never start two.
CREATE TABLE pipeline_guard (
    id INTEGER PRIMARY KEY CHECK (id = 1)
);
INSERT INTO pipeline_guard (id) VALUES (1);
