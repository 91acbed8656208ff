-- Core storage: raw events, rejects, duplicates and attack ground truth.
-- Placeholders filled in at apply time: ${database}, ${retention_days}.
-- Every statement is idempotent and valid on clickhouse-server 25.x and on the chDB engine.
-- non_replicated_deduplication_window lets a retried insert carrying the same insert_deduplication_token
-- be dropped by the server, which is what makes the worker's retries harmless.

CREATE TABLE IF NOT EXISTS ${database}.events
(
    id                UUID,
    type              LowCardinality(String),
    schema_version    UInt16,
    timestamp         DateTime64(3, 'UTC'),
    ingested_at       DateTime64(3, 'UTC'),
    source_ip         String,
    user_id           UUID,
    user_agent        String,
    -- account_activity
    action            LowCardinality(String),
    success           Nullable(Bool),
    failure_reason    String,
    country           LowCardinality(String),
    city              String,
    lat               Nullable(Float64),
    lon               Nullable(Float64),
    -- api_request (status_code 0 on other types)
    method            LowCardinality(String),
    path              String,
    status_code       UInt16,
    response_time_ms  UInt32,
    request_bytes     UInt64,
    response_bytes    UInt64,
    -- email_send
    recipient_email   String,
    template_id       LowCardinality(String),
    message_id        String,
    bounce_type       LowCardinality(String),
    -- where the event was read from: lets a restarted worker tell what it already stored
    kafka_topic       LowCardinality(String),
    kafka_partition   UInt16,
    kafka_offset      UInt64,
    INDEX idx_id id TYPE bloom_filter GRANULARITY 4,
    INDEX idx_user user_id TYPE bloom_filter GRANULARITY 4,
    INDEX idx_ip source_ip TYPE bloom_filter GRANULARITY 4,
    INDEX idx_email recipient_email TYPE bloom_filter GRANULARITY 4,
    INDEX idx_offset kafka_offset TYPE minmax GRANULARITY 4
)
ENGINE = MergeTree
PARTITION BY toDate(timestamp)
ORDER BY (type, timestamp)
TTL toDateTime(timestamp) + INTERVAL ${retention_days} DAY
SETTINGS non_replicated_deduplication_window = 1000;

CREATE TABLE IF NOT EXISTS ${database}.rejected_events
(
    rejected_at       DateTime64(3, 'UTC'),
    kafka_topic       LowCardinality(String),
    kafka_partition   UInt16,
    kafka_offset      UInt64,
    event_type        LowCardinality(String),
    event_id          String,
    reason_code       LowCardinality(String),
    field             String,
    reason            String,
    payload           String,
    payload_bytes     UInt32
)
ENGINE = MergeTree
PARTITION BY toDate(rejected_at)
ORDER BY (rejected_at, kafka_topic, kafka_partition, kafka_offset)
TTL toDateTime(rejected_at) + INTERVAL ${retention_days} DAY
SETTINGS non_replicated_deduplication_window = 1000;

CREATE TABLE IF NOT EXISTS ${database}.duplicate_events
(
    detected_at       DateTime64(3, 'UTC'),
    id                UUID,
    type              LowCardinality(String),
    timestamp         DateTime64(3, 'UTC'),
    kafka_topic       LowCardinality(String),
    kafka_partition   UInt16,
    kafka_offset      UInt64,
    first_topic       LowCardinality(String),
    first_partition   UInt16,
    first_offset      UInt64
)
ENGINE = MergeTree
PARTITION BY toDate(detected_at)
ORDER BY (detected_at, kafka_topic, kafka_partition, kafka_offset)
TTL toDateTime(detected_at) + INTERVAL ${retention_days} DAY
SETTINGS non_replicated_deduplication_window = 1000;

-- One row per state of a window: the start (ended_at NULL) and the end. Read with FINAL or argMax(…, recorded_at).
CREATE TABLE IF NOT EXISTS ${database}.attack_windows
(
    window_id         UUID,
    started_at        DateTime64(3, 'UTC'),
    ended_at          Nullable(DateTime64(3, 'UTC')),
    trigger           LowCardinality(String),
    recorded_at       DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(recorded_at)
ORDER BY window_id
SETTINGS non_replicated_deduplication_window = 1000;
