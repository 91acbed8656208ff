-- What each account has used over the whole retention: the countries, networks, /24 or /48 prefixes and devices
-- (user agents) of its successful logins, each with the first and last time seen. Rules ask it through never_seen()
-- ("a country this account never logged in from") at the cost of a point read per active account, where a history
-- window over the events would scan every event of that span at every evaluation. Filled from V008 on, not backfilled.
-- Placeholders filled in at apply time: ${database}, ${retention_days}.
-- Every statement is idempotent and valid on clickhouse-server 25.x and on the chDB engine.

CREATE TABLE IF NOT EXISTS ${database}.entity_profile
(
    entity_kind       LowCardinality(String),
    entity            String,
    field             LowCardinality(String),
    value             String,
    first_seen        SimpleAggregateFunction(min, DateTime64(3, 'UTC')),
    last_seen         SimpleAggregateFunction(max, DateTime64(3, 'UTC'))
)
ENGINE = AggregatingMergeTree
ORDER BY (entity_kind, entity, field, value)
SETTINGS non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.entity_profile_mv TO ${database}.entity_profile AS
SELECT
    'user'                      AS entity_kind,
    toString(user_id)           AS entity,
    pair.1                      AS field,
    pair.2                      AS value,
    min(timestamp)              AS first_seen,
    max(timestamp)              AS last_seen
FROM ${database}.events
ARRAY JOIN [('ip_country', ip_country), ('asn', toString(asn)), ('prefix', ip_prefix), ('user_agent', user_agent)] AS pair
WHERE type = 'account_activity' AND action = 'login' AND ifNull(success, false) AND pair.2 NOT IN ('', '0')
GROUP BY entity_kind, entity, field, value;
