package io.tspipe.sink.clickhouse;

import com.clickhouse.client.api.ServerException;
import io.tspipe.config.ClickHouseSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.jdbcclient.JDBCConnectOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The read paths' ClickHouse: SELECTs through the official JDBC driver ({@code clickhouse-jdbc}), pooled by
 * vertx-jdbc-client, the same against clickhouse-server and the local engine. It signs in as
 * {@code clickhouse.readUser} when one is configured and every statement carries the setting {@code readonly=2}, so
 * ClickHouse refuses any write or DDL it might carry, whatever the user may do. Each {@code {name:Type}} parameter is
 * bound as a JDBC parameter cast to its type ({@link PositionalStatement}). The blocking JDBC calls run on the pool's
 * worker threads, never on an event loop; {@code clickhouse.readPoolSize} connections at most.
 */
public final class ClickHouseReader implements ClickHouseReads {

  /** Transport failures the driver retries; a statement ClickHouse refused is not sent again. */
  private static final String RETRIED_FAILURES = "NoHttpResponse,ConnectTimeout,ConnectionRequestTimeout";

  private final Pool pool;
  private final String database;

  private ClickHouseReader(Pool pool, String database) {
    this.pool = pool;
    this.database = database;
  }

  public static ClickHouseReader create(Vertx vertx, ClickHouseSettings settings) {
    ClickHouseSettings reader = settings.reader();
    int timeoutSeconds = (int) Math.max(1, TimeUnit.MILLISECONDS.toSeconds(reader.requestTimeoutMs()));
    String url = reader.jdbcUrl() + (reader.jdbcUrl().contains("?") ? "&" : "?")
      + "clickhouse_setting_readonly=2&socket_timeout=" + reader.requestTimeoutMs()
      + "&client_retry_on_failures=" + RETRIED_FAILURES;
    JDBCConnectOptions connect = new JDBCConnectOptions()
      .setJdbcUrl(url)
      .setUser(reader.user())
      .setPassword(reader.password())
      .setQueryTimeout(timeoutSeconds)
      .setExtraConfig(new JsonObject().put("decoderCls", JsonEachRowDecoder.class.getName()));
    PoolOptions pooling = new PoolOptions()
      .setMaxSize(reader.readPoolSize())
      .setName("clickhouse-reader")
      .setConnectionTimeout(timeoutSeconds)
      .setConnectionTimeoutUnit(TimeUnit.SECONDS);
    return new ClickHouseReader(JDBCPool.pool(vertx, connect, pooling), reader.database());
  }

  @Override
  public String database() {
    return database;
  }

  @Override
  public Future<List<JsonObject>> select(String sql, Map<String, String> parameters) {
    PositionalStatement statement;
    try {
      statement = PositionalStatement.of(sql, parameters);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return pool.preparedQuery(statement.sql())
      .execute(Tuple.from(new ArrayList<Object>(statement.values())))
      .map(ClickHouseReader::jsonRows)
      .recover(failure -> Future.failedFuture(refusal(failure)));
  }

  public Future<Void> close() {
    return pool.close();
  }

  private static List<JsonObject> jsonRows(RowSet<Row> rows) {
    List<String> names = rows.columnsNames();
    List<JsonObject> json = new ArrayList<>(rows.size());
    for (Row row : rows) {
      JsonObject object = new JsonObject();
      for (int i = 0; i < names.size(); i++) {
        object.put(names.get(i), row.getValue(i));
      }
      json.add(object);
    }
    return json;
  }

  /** ClickHouse's refusal, with its code and message, when it is one; any other failure as it is. */
  private static Throwable refusal(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ServerException refused) {
        return new ClickHouseException(refused.getTransportProtocolCode(), refused.getCode(), refused.getMessage());
      }
    }
    return failure;
  }
}
