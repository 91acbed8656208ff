-- Scenario ground truth: which scenario each attack window ran, with its knobs, and the entities that took part in it.
-- Placeholders filled in at apply time: ${database}.
-- Every statement is idempotent and valid on clickhouse-server 25.x and on the chDB engine.
-- Windows stored before this migration ran the classic attack mode: they read as scenario 'classic', parameters '{}'.

ALTER TABLE ${database}.attack_windows
    ADD COLUMN IF NOT EXISTS scenario LowCardinality(String) DEFAULT 'classic';

ALTER TABLE ${database}.attack_windows
    ADD COLUMN IF NOT EXISTS parameters String DEFAULT '{}';

-- One row per entity of a window, kind and role: an IP, user or email the simulator used as an attacker or a victim,
-- from its first event in the run. The same entity recorded again (a retried or replayed record) merges into one row
-- with the earliest first_seen_at. Read with min(first_seen_at) GROUP BY window_id, kind, value, role (or FINAL).
CREATE TABLE IF NOT EXISTS ${database}.attack_entities
(
    window_id         UUID,
    kind              LowCardinality(String),
    value             String,
    role              LowCardinality(String),
    first_seen_at     SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    recorded_at       SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    INDEX idx_value value TYPE bloom_filter GRANULARITY 4
)
ENGINE = AggregatingMergeTree
ORDER BY (window_id, kind, value, role)
SETTINGS non_replicated_deduplication_window = 1000;
