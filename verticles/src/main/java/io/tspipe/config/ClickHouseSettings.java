package io.tspipe.config;

import io.vertx.core.json.JsonObject;

import java.net.URI;

/**
 * The {@code clickhouse} slice: the HTTP interface of clickhouse-server (or the local engine) and the database.
 *
 * @param url              {@code clickhouse.url}: the HTTP interface, for inserts and DDL over HTTP and, as
 *                         {@code jdbc:clickhouse:<url>/<database>}, for the read paths' JDBC driver
 * @param requestTimeoutMs {@code clickhouse.requestTimeoutMs}: how long a request may wait for its answer, over HTTP
 *                         and through JDBC (the driver's socket timeout and each statement's query timeout)
 * @param readPoolSize     {@code clickhouse.readPoolSize} (8): JDBC connections of a read pool, so SELECTs one pool
 *                         runs at once; the blocking JDBC calls run on as many worker threads
 * @param jdbcOptions      {@code clickhouse.jdbcOptions} ({@code compress=false}): driver properties added to the JDBC
 *                         URL, {@code name=value&...}; the local engine answers uncompressed only, so keep
 *                         {@code compress=false} when reading from it
 */
public record ClickHouseSettings(
  URI url,
  String database,
  String user,
  String password,
  String readUser,
  String readPassword,
  int retentionDays,
  int requestTimeoutMs,
  int readPoolSize,
  String jdbcOptions) {

  public ClickHouseSettings {
    if (!database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("config key clickhouse.database: '" + database
        + "' is not a plain identifier (letters, digits, underscore)");
    }
    if (readPoolSize < 1) {
      throw new IllegalArgumentException("config key clickhouse.readPoolSize: " + readPoolSize + " is not at least 1");
    }
  }

  /**
   * The read paths' JDBC URL: {@link #url} behind {@code jdbc:clickhouse:}, the database as the current one (a read-only
   * user may be granted nothing else), with {@link #jdbcOptions}.
   */
  public String jdbcUrl() {
    String base = "jdbc:clickhouse:" + url.toString().replaceAll("/+$", "") + "/" + database;
    return jdbcOptions.isBlank() ? base : base + "?" + jdbcOptions;
  }

  /** These settings as the read paths sign in: as {@code readUser} when one is set, else as {@code user}. */
  public ClickHouseSettings reader() {
    return readUser.isBlank() ? this
      : new ClickHouseSettings(url, database, readUser, readPassword, readUser, readPassword, retentionDays,
        requestTimeoutMs, readPoolSize, jdbcOptions);
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
      clickhouse.getInteger("requestTimeoutMs"),
      clickhouse.getInteger("readPoolSize", 8),
      clickhouse.getString("jdbcOptions", "compress=false"));
  }
}
