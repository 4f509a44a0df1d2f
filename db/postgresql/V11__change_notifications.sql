-- PostgreSQL's version of ../V11__change_notifications.sql, which says what the migration is for.
-- The payload names the table that changed; a statement that changes no row notifies too, which
-- costs one refresh. PostgreSQL folds equal notifications of one transaction into one.
CREATE FUNCTION forecast_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('forecast_change', TG_TABLE_NAME);
    RETURN NULL;
END
$$;

CREATE TRIGGER deployment_change AFTER INSERT OR UPDATE OR DELETE ON deployment
    FOR EACH STATEMENT EXECUTE FUNCTION forecast_notify_change();
CREATE TRIGGER ab_experiment_change AFTER INSERT OR UPDATE OR DELETE ON ab_experiment
    FOR EACH STATEMENT EXECUTE FUNCTION forecast_notify_change();
