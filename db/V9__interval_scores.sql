-- The interval scores of a backtest, beside its coverages: msis, the mean interval score of the
-- 95% interval (its width plus 2/0.05 times any miss, scaled like MASE by the in-sample
-- seasonal-naive error, as in the M4 competition), and width80 / width95, the intervals' mean widths
-- on the same scale. Lower MSIS is better: a narrow interval that holds beats a wide, safe one.
-- Versions and contenders from before have NULL there, e.g.
--   SELECT id, algorithm, mase, coverage95, msis, width95 FROM model_version WHERE msis IS NOT NULL ORDER BY msis;
-- How a version's intervals are served (its own, or conformal from the backtest's residuals) is
-- the note "intervals" in model_note.

ALTER TABLE model_version ADD COLUMN msis DOUBLE PRECISION;
ALTER TABLE model_version ADD COLUMN width80 DOUBLE PRECISION;
ALTER TABLE model_version ADD COLUMN width95 DOUBLE PRECISION;

ALTER TABLE model_version_series ADD COLUMN msis DOUBLE PRECISION;
ALTER TABLE model_version_series ADD COLUMN width80 DOUBLE PRECISION;
ALTER TABLE model_version_series ADD COLUMN width95 DOUBLE PRECISION;

ALTER TABLE pipeline_contender ADD COLUMN msis DOUBLE PRECISION;
ALTER TABLE pipeline_contender ADD COLUMN width80 DOUBLE PRECISION;
ALTER TABLE pipeline_contender ADD COLUMN width95 DOUBLE PRECISION;
