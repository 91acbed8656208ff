-- Per-minute rollups maintained by materialized views. Every column is a sum or an aggregate state, so
-- rows of the same key merged at any time give the same answer: read them with sum() / -Merge and GROUP BY,
-- never as if one row per key. Percentiles are t-digest states merged at read time, never averages of averages.

CREATE TABLE IF NOT EXISTS ${database}.events_minute
(
    minute            DateTime('UTC'),
    type              LowCardinality(String),
    events            SimpleAggregateFunction(sum, UInt64),
    logins_ok         SimpleAggregateFunction(sum, UInt64),
    logins_failed     SimpleAggregateFunction(sum, UInt64),
    account_failures  SimpleAggregateFunction(sum, UInt64),
    http_2xx          SimpleAggregateFunction(sum, UInt64),
    http_3xx          SimpleAggregateFunction(sum, UInt64),
    http_4xx          SimpleAggregateFunction(sum, UInt64),
    http_5xx          SimpleAggregateFunction(sum, UInt64),
    http_429          SimpleAggregateFunction(sum, UInt64),
    latency_ms        AggregateFunction(quantilesTDigest(0.5, 0.95, 0.99), UInt32),
    emails_sent       SimpleAggregateFunction(sum, UInt64),
    emails_failed     SimpleAggregateFunction(sum, UInt64),
    bounces_hard      SimpleAggregateFunction(sum, UInt64),
    bounces_soft      SimpleAggregateFunction(sum, UInt64),
    uniq_ips          AggregateFunction(uniq, String),
    uniq_users        AggregateFunction(uniq, UUID),
    uniq_countries    AggregateFunction(uniq, String),
    freshness_ms      AggregateFunction(quantilesTDigest(0.5, 0.95, 0.99), UInt64),
    last_event_at     SimpleAggregateFunction(max, DateTime64(3, 'UTC')),
    last_ingested_at  SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = AggregatingMergeTree
PARTITION BY toDate(minute)
ORDER BY (minute, type)
TTL minute + INTERVAL ${retention_days} DAY
SETTINGS non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.events_minute_mv TO ${database}.events_minute AS
SELECT
    toStartOfMinute(timestamp)                                                  AS minute,
    type,
    count()                                                                     AS events,
    countIf(action = 'login' AND success)                                       AS logins_ok,
    countIf(action = 'login' AND NOT success)                                   AS logins_failed,
    countIf(type = 'account_activity' AND NOT success)                          AS account_failures,
    countIf(status_code BETWEEN 200 AND 299)                                    AS http_2xx,
    countIf(status_code BETWEEN 300 AND 399)                                    AS http_3xx,
    countIf(status_code BETWEEN 400 AND 499)                                    AS http_4xx,
    countIf(status_code BETWEEN 500 AND 599)                                    AS http_5xx,
    countIf(status_code = 429)                                                  AS http_429,
    quantilesTDigestStateIf(0.5, 0.95, 0.99)(response_time_ms, type = 'api_request') AS latency_ms,
    countIf(type = 'email_send')                                                AS emails_sent,
    countIf(type = 'email_send' AND NOT success)                                AS emails_failed,
    countIf(bounce_type = 'hard')                                               AS bounces_hard,
    countIf(bounce_type = 'soft')                                               AS bounces_soft,
    uniqState(source_ip)                                                        AS uniq_ips,
    uniqState(user_id)                                                          AS uniq_users,
    uniqStateIf(toString(country), country != '')                               AS uniq_countries,
    quantilesTDigestState(0.5, 0.95, 0.99)(
        toUInt64(greatest(toUnixTimestamp64Milli(ingested_at) - toUnixTimestamp64Milli(timestamp), 0))) AS freshness_ms,
    max(timestamp)                                                              AS last_event_at,
    max(ingested_at)                                                            AS last_ingested_at
FROM ${database}.events
GROUP BY minute, type;

-- Data quality per ingest minute: kind 'rejected' (reason_code, field) and kind 'duplicate'.
-- Missing fields are the rejected rows with reason_code 'missing_field', grouped by field.
CREATE TABLE IF NOT EXISTS ${database}.quality_minute
(
    minute            DateTime('UTC'),
    type              LowCardinality(String),
    kind              LowCardinality(String),
    reason_code       LowCardinality(String),
    field             String,
    count             UInt64
)
ENGINE = SummingMergeTree
PARTITION BY toDate(minute)
ORDER BY (minute, type, kind, reason_code, field)
TTL minute + INTERVAL ${retention_days} DAY
SETTINGS non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.quality_rejected_mv TO ${database}.quality_minute AS
SELECT
    toStartOfMinute(rejected_at) AS minute,
    event_type                   AS type,
    'rejected'                   AS kind,
    reason_code,
    field,
    count()                      AS count
FROM ${database}.rejected_events
GROUP BY minute, type, reason_code, field;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.quality_duplicate_mv TO ${database}.quality_minute AS
SELECT
    toStartOfMinute(detected_at) AS minute,
    type,
    'duplicate'                  AS kind,
    ''                           AS reason_code,
    ''                           AS field,
    count()                      AS count
FROM ${database}.duplicate_events
GROUP BY minute, type;
