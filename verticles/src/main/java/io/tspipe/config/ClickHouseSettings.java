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
 * @param cluster          {@code clickhouse.cluster} (empty): the cluster of clickhouse-server's {@code remote_servers}
 *                         the schema is spread over, its tables replicated on every shard and read and written
 *                         through {@code Distributed} tables of the names the roles use; empty is a single server
 * @param schemaLockStaleSeconds {@code clickhouse.schemaLockStaleSeconds} (600): how old the lock of the one process
 *                         applying migrations may grow before another presumes its holder dead and takes it over
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
  String jdbcOptions,
  String cluster,
  int schemaLockStaleSeconds) {

  public ClickHouseSettings {
    if (!database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("config key clickhouse.database: '" + database
        + "' is not a plain identifier (letters, digits, underscore)");
    }
    if (readPoolSize < 1) {
      throw new IllegalArgumentException("config key clickhouse.readPoolSize: " + readPoolSize + " is not at least 1");
    }
    if (!cluster.matches("[A-Za-z0-9_-]*")) {
      throw new IllegalArgumentException("config key clickhouse.cluster: '" + cluster
        + "' is not a cluster name of remote_servers (letters, digits, underscore, hyphen)");
    }
    if (schemaLockStaleSeconds < 1) {
      throw new IllegalArgumentException("config key clickhouse.schemaLockStaleSeconds: " + schemaLockStaleSeconds
        + " is not at least 1");
    }
  }

  /** Whether the schema is spread over {@link #cluster} rather than kept on the one server. */
  public boolean clustered() {
    return !cluster.isEmpty();
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
        requestTimeoutMs, readPoolSize, jdbcOptions, cluster, schemaLockStaleSeconds);
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
      clickhouse.getString("jdbcOptions", "compress=false"),
      clickhouse.getString("cluster", ""),
      clickhouse.getInteger("schemaLockStaleSeconds", 600));
  }
}
