package io.tspipe.config;

import io.vertx.core.json.JsonObject;

import java.net.URI;

/** The {@code clickhouse} slice: the HTTP interface of clickhouse-server (or the local engine) and the database. */
public record ClickHouseSettings(
  URI url,
  String database,
  String user,
  String password,
  String readUser,
  String readPassword,
  int retentionDays,
  int requestTimeoutMs) {

  public ClickHouseSettings {
    if (!database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("config key clickhouse.database: '" + database
        + "' is not a plain identifier (letters, digits, underscore)");
    }
  }

  /** These settings as the read paths sign in: as {@code readUser} when one is set, else as {@code user}. */
  public ClickHouseSettings reader() {
    return readUser.isBlank() ? this
      : new ClickHouseSettings(url, database, readUser, readPassword, readUser, readPassword, retentionDays, requestTimeoutMs);
  }

  public static ClickHouseSettings from(JsonObject clickhouse) {
    return new ClickHouseSettings(
      URI.create(clickhouse.getString("url")),
      clickhouse.getString("database"),
      clickhouse.getString("user"),
      clickhouse.getString("password"),
      clickhouse.getString("readUser"),
      clickhouse.getString("readPassword"),
      clickhouse.getInteger("retentionDays"),
      clickhouse.getInteger("requestTimeoutMs"));
  }
}
