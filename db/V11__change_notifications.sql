-- Change notifications between replicas (issue 17). On PostgreSQL
-- (postgresql/V11__change_notifications.sql) a deploy, rollback or promotion (a row of
-- deployment) and an experiment started or ended (ab_experiment) send NOTIFY forecast_change when
-- their transaction commits; every replica LISTENs and refreshes at once, and still polls every
-- cluster.refresh_ms, as notifications are not stored (one that arrives while a replica reconnects
-- is lost). H2 serves one process, which has nobody to tell: this version only keeps the two
-- databases' migration histories alike.
SELECT 1;
