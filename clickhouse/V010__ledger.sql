-- The ledger's samples of the event topics: for each partition, its end offset (every record produced to it before
-- sampled_at has a lower offset), its log start offset (records below it are gone from Kafka), and the offsets the
-- worker's and the indexer's consumer groups had committed. The web
-- role takes one every ledger.sampleSeconds; reconciled with the Kafka positions stored in events, rejected_events and
-- duplicate_events, they account for every record produced (GET /api/v1/ledger). Two web processes sampling at once
-- only add rows: the ledger reads the greatest offsets of each minute.
-- Placeholders filled in at apply time: ${database}, ${retention_days}.
-- Every statement is idempotent and valid on clickhouse-server 25.x and on the chDB engine.

CREATE TABLE IF NOT EXISTS ${database}.ledger_offsets
(
    sampled_at DateTime64(3, 'UTC'),
    topic LowCardinality(String),
    partition UInt16,
    produced UInt64,
    log_start UInt64,
    consumed UInt64,
    indexed UInt64
)
ENGINE = MergeTree
ORDER BY (topic, partition, sampled_at)
TTL toDateTime(sampled_at) + INTERVAL ${retention_days} DAY;
