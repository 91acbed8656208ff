-- What each rule is, beside how far it got: the detector writes the rule's mode, the kind of entity it names and, for
-- a shadow rule, the rule it would replace with its progress. The scoreboard reads it to list every rule, with or
-- without detections, and to put a shadow rule beside the one it would replace. Rows written before it read as live
-- rules whose kind is unknown until their next progress row.
-- Placeholders filled in at apply time: ${database}.
-- Every statement is idempotent and valid on clickhouse-server 25.x and on the chDB engine.

ALTER TABLE ${database}.detector_progress ADD COLUMN IF NOT EXISTS mode LowCardinality(String) DEFAULT 'live';

ALTER TABLE ${database}.detector_progress ADD COLUMN IF NOT EXISTS entity_kind LowCardinality(String) DEFAULT '';

ALTER TABLE ${database}.detector_progress ADD COLUMN IF NOT EXISTS replaces String DEFAULT '';
