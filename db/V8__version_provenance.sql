-- The notes a version records about how it was made are provenance, not hyperparameters: the
-- imputation its training data had, the tuning study and trial it came from (tuned_by), an
-- automatic choice's ranking (selected_by, selection), an ensemble's weights, the retraining run
-- that trained it (trained_by), and a portfolio's series (portfolio, skipped). Until now they were
-- rows of model_hyperparameter beside the settings the algorithm accepts; from here on
-- model_hyperparameter holds only those settings, and the notes are rows of model_note, e.g.
--   SELECT version_id, note FROM model_note WHERE name = 'tuned_by';
--   SELECT v.id, v.mase, n.note AS selection
--     FROM model_version v JOIN model_note n ON n.version_id = v.id AND n.name = 'selection';
-- The names moved are exactly those training records (TrainingService.NOTES); no algorithm
-- accepts a hyperparameter of these names.

CREATE TABLE model_note (
    version_id VARCHAR(64) NOT NULL,
    name       VARCHAR     NOT NULL,
    note       VARCHAR     NOT NULL,                  -- as training wrote it ("study s, trial 3", "linear")
    PRIMARY KEY (version_id, name),
    CONSTRAINT model_note_version FOREIGN KEY (version_id) REFERENCES model_version (id)
);

INSERT INTO model_note (version_id, name, note)
SELECT version_id, name, setting
  FROM model_hyperparameter
 WHERE name IN ('imputation', 'tuned_by', 'selected_by', 'selection', 'weights', 'trained_by', 'portfolio', 'skipped');

DELETE FROM model_hyperparameter
 WHERE name IN ('imputation', 'tuned_by', 'selected_by', 'selection', 'weights', 'trained_by', 'portfolio', 'skipped');
