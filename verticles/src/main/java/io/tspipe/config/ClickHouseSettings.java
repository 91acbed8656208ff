package io.tspipe.config;

import io.vertx.core.json.JsonObject;

import java.net.URI;

/** The {@code clickhouse} slice: the HTTP interface of clickhouse-server (or the local engine) and the database. */
public record ClickHouseSettings(
  URI url,
  String database,
  String user,
  String password,
  int retentionDays,
  int requestTimeoutMs) {

  public ClickHouseSettings {
    if (!database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("config key clickhouse.database: '" + database
        + "' is not a plain identifier (letters, digits, underscore)");
    }
  }

  public static ClickHouseSettings from(JsonObject clickhouse) {
    return new ClickHouseSettings(
      URI.create(clickhouse.getString("url")),
      clickhouse.getString("database"),
      clickhouse.getString("user"),
      clickhouse.getString("password"),
      clickhouse.getInteger("retentionDays"),
      clickhouse.getInteger("requestTimeoutMs"));
  }
}
