-- When the pipeline knew: the wall time a detection was first recorded, carried by every later state of it. The
-- detections table keeps one row per detection after merges (its latest state), so the first row's recorded_at does
-- not last; time to detect is measured to this instead. Rows written before it read as their opened_at.
-- Placeholders filled in at apply time: ${database}.
-- Every statement is idempotent and valid on clickhouse-server 25.x and on the chDB engine.

ALTER TABLE ${database}.detections ADD COLUMN IF NOT EXISTS detected_at DateTime64(3, 'UTC') DEFAULT opened_at;
