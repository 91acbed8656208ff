package io.tspipe.store;

/**
 * The tables ClickHouse fills itself, each from a materialized view over the tables the roles write; no role inserts
 * into them. Each holds sums and aggregate states, so rows of one key merged at any time give the same answer: read
 * them with {@code sum()} or {@code -Merge} and {@code GROUP BY}, never as one row per key.
 */
public enum RollupTable {

  /** Per minute and event type, from {@code events}: created by {@code clickhouse/V002__rollups.sql}. */
  EVENTS_MINUTE("events_minute"),
  /** Per minute of rejects and duplicates, from {@code rejected_events} and {@code duplicate_events}: {@code V002}. */
  QUALITY_MINUTE("quality_minute"),
  /** Per minute and source address, from {@code events}: created by {@code V003__entity_rollups.sql}. */
  IP_MINUTE("ip_minute"),
  /** Per minute and account, from {@code events}: created by {@code V003__entity_rollups.sql}. */
  USER_MINUTE("user_minute"),
  /** When each account first used each value of a field, from {@code events}: created by {@code V008__entity_profile.sql}. */
  ENTITY_PROFILE("entity_profile");

  private final String tableName;

  RollupTable(String tableName) {
    this.tableName = tableName;
  }

  public String tableName() {
    return tableName;
  }

  /** The table in {@code database}, as statements name it. */
  public String in(String database) {
    return database + "." + tableName;
  }
}
