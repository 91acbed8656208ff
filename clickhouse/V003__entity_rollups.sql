-- Per-minute rollups of each IP and each user, for the suspicious entities API: events, failures and the distinct
-- users of an IP (the IPs of a user) as exact states. As in V002, rows of the same key merge at any time: read them
-- with sum() / uniqExactMerge() and GROUP BY. A failure is io.tspipe.store.EventsTable.FAILURE.
-- These views see only rows inserted after they exist; nothing is backfilled. The readers answer minutes before
-- this migration's applied_at in schema_migrations (plus worker.maxFutureSkewSeconds) from the events table, unless
-- no stored event was ingested before applied_at.

CREATE TABLE IF NOT EXISTS ${database}.ip_minute
(
    minute            DateTime('UTC'),
    source_ip         String,
    events            SimpleAggregateFunction(sum, UInt64),
    failures          SimpleAggregateFunction(sum, UInt64),
    users             AggregateFunction(uniqExact, UUID)
)
ENGINE = AggregatingMergeTree
PARTITION BY toDate(minute)
ORDER BY (minute, source_ip)
TTL minute + INTERVAL ${retention_days} DAY
SETTINGS non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.ip_minute_mv TO ${database}.ip_minute AS
SELECT
    toStartOfMinute(timestamp)                                                               AS minute,
    source_ip,
    count()                                                                                  AS events,
    countIf(if(type = 'api_request', status_code >= 400, ifNull(success, true) = false))    AS failures,
    uniqExactState(user_id)                                                                  AS users
FROM ${database}.events
GROUP BY minute, source_ip;

CREATE TABLE IF NOT EXISTS ${database}.user_minute
(
    minute            DateTime('UTC'),
    user_id           UUID,
    events            SimpleAggregateFunction(sum, UInt64),
    failures          SimpleAggregateFunction(sum, UInt64),
    ips               AggregateFunction(uniqExact, String)
)
ENGINE = AggregatingMergeTree
PARTITION BY toDate(minute)
ORDER BY (minute, user_id)
TTL minute + INTERVAL ${retention_days} DAY
SETTINGS non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.user_minute_mv TO ${database}.user_minute AS
SELECT
    toStartOfMinute(timestamp)                                                               AS minute,
    user_id,
    count()                                                                                  AS events,
    countIf(if(type = 'api_request', status_code >= 400, ifNull(success, true) = false))    AS failures,
    uniqExactState(source_ip)                                                                AS ips
FROM ${database}.events
GROUP BY minute, user_id;
