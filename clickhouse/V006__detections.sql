-- The detection layer: detections the detector opens, updates and resolves, the labels rules and people set on
-- entities (every change a row, so the table is its own audit log), and how far each rule has been evaluated.
-- Placeholders filled in at apply time: ${database}, ${retention_days}.
-- Every statement is idempotent and valid on clickhouse-server 25.x and on the chDB engine.

-- One row per state of a detection: opened, updated while its condition holds, resolved when it stops. The latest
-- state of each is the row with the greatest updated_at (read with FINAL or argMax(…, updated_at)). A detection is
-- one rule on one entity from the evaluation tick that opened it: its id is derived from (rule, entity_kind, entity,
-- opened_at), so an evaluation repeated after a restart writes the same rows again, which the table merges.
CREATE TABLE IF NOT EXISTS ${database}.detections
(
    detection_id      UUID,
    rule              LowCardinality(String),
    rule_version      String,
    mode              LowCardinality(String),
    severity          LowCardinality(String),
    entity_kind       LowCardinality(String),
    entity            String,
    state             LowCardinality(String),
    window_seconds    UInt32,
    first_seen        DateTime64(3, 'UTC'),
    last_seen         DateTime64(3, 'UTC'),
    opened_at         DateTime64(3, 'UTC'),
    updated_at        DateTime64(3, 'UTC'),
    resolved_at       Nullable(DateTime64(3, 'UTC')),
    evidence          String,
    recorded_at       DateTime64(3, 'UTC'),
    INDEX idx_entity entity TYPE bloom_filter GRANULARITY 4,
    INDEX idx_opened opened_at TYPE minmax GRANULARITY 4
)
ENGINE = ReplacingMergeTree(updated_at)
PARTITION BY toYYYYMM(opened_at)
ORDER BY (entity_kind, entity, rule, opened_at)
TTL toDateTime(opened_at) + INTERVAL ${retention_days} DAY
SETTINGS non_replicated_deduplication_window = 1000;

-- Labels on entities, append-only: each set, change or removal is a row with who, when and why. The label in force
-- for (entity_kind, entity, label) is its latest row (argMax(…, changed_at)), unless that row is a removal or its
-- expires_at has passed. source is 'rule:<name>' or 'person:<who>'; connotation is bad, good or neutral.
CREATE TABLE IF NOT EXISTS ${database}.labels
(
    entity_kind       LowCardinality(String),
    entity            String,
    label             LowCardinality(String),
    connotation       LowCardinality(String),
    reason            String,
    source            String,
    expires_at        Nullable(DateTime64(3, 'UTC')),
    removed           Bool,
    changed_at        DateTime64(3, 'UTC'),
    changed_by        String
)
ENGINE = MergeTree
ORDER BY (entity_kind, entity, label, changed_at)
SETTINGS non_replicated_deduplication_window = 1000;

-- How far each rule has been evaluated, in event time: a restarted detector goes on from there.
CREATE TABLE IF NOT EXISTS ${database}.detector_progress
(
    rule              String,
    rule_version      String,
    tick              DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(tick)
ORDER BY rule;
