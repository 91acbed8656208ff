package io.tspipe.sink.clickhouse;

import io.tspipe.config.ClickHouseSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.netty.handler.codec.http.QueryStringEncoder;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A non-blocking client of ClickHouse's HTTP interface, the same against clickhouse-server and the local engine.
 * Statements go in the body, or in the {@code query} parameter when the body carries INSERT data; values reach
 * queries only as {@code {name:Type}} parameters, never spliced into SQL text. Table names are always qualified
 * with the configured database, which may not exist yet when the schema is first applied.
 *
 * <p>On a cluster ({@code clickhouse.cluster}) the tables it names are {@code Distributed} tables, and every statement
 * it executes or inserts carries {@code distributed_foreground_insert=1}: an insert succeeds only once every shard has
 * stored its part, so a retried batch is split again by the same sharding key and each shard's replicated deduplication
 * drops what it already holds, as the single server drops a repeated token.
 */
public final class ClickHouseClient implements ClickHouseReads {

  private static final DateTimeFormatter DATE_TIME_64 = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
    .withZone(ZoneOffset.UTC);

  private final Vertx vertx;
  private final WebClient http;
  private HttpClient streams;
  private final ClickHouseSettings settings;
  private final String endpoint;
  private final boolean readOnly;
  /** ClickHouse settings every SELECT of this client carries, as {@code name=value} query parameters. */
  private final Map<String, String> querySettings;

  public ClickHouseClient(Vertx vertx, ClickHouseSettings settings) {
    this(vertx, settings, false, Map.of());
  }

  /**
   * A client whose every SELECT carries {@code querySettings}, ClickHouse settings such as {@code os_thread_priority}
   * and {@code max_threads} for a role whose reads are background work; its writes carry none of them.
   */
  public ClickHouseClient(Vertx vertx, ClickHouseSettings settings, Map<String, String> querySettings) {
    this(vertx, settings, false, querySettings);
  }

  /**
   * A client for read paths: it signs in as {@code clickhouse.readUser} when one is configured, and every statement
   * it sends carries the setting {@code readonly=2}, so ClickHouse refuses any write or DDL it might carry, whatever
   * the user may do; its {@link #execute} and {@link #insertRowBinary} fail without asking.
   */
  public static ClickHouseClient readOnly(Vertx vertx, ClickHouseSettings settings) {
    return new ClickHouseClient(vertx, settings.reader(), true, Map.of());
  }

  private ClickHouseClient(Vertx vertx, ClickHouseSettings settings, boolean readOnly,
                           Map<String, String> querySettings) {
    this.readOnly = readOnly;
    this.querySettings = Map.copyOf(querySettings);
    this.settings = settings;
    this.endpoint = settings.url().toString().replaceAll("/+$", "") + "/";
    this.vertx = vertx;
    this.http = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(4));
  }

  @Override
  public String database() {
    return settings.database();
  }

  ClickHouseSettings settings() {
    return settings;
  }

  Vertx vertx() {
    return vertx;
  }

  /** {@code GET /ping}: succeeds when the server answers. */
  public Future<Void> ping() {
    return ping(settings.requestTimeoutMs());
  }

  /** {@code GET /ping}, abandoned (and its connection released) when no answer comes within {@code timeoutMs}. */
  public Future<Void> ping(long timeoutMs) {
    return http.getAbs(endpoint + "ping").timeout(timeoutMs).send()
      .compose(ClickHouseClient::checked)
      .mapEmpty();
  }

  /** Runs a statement that returns nothing (DDL, ALTER, INSERT … VALUES). */
  public Future<Void> execute(String sql) {
    if (readOnly) {
      return Future.failedFuture(new IllegalStateException("a read-only ClickHouse client does not execute statements"));
    }
    return write().sendBuffer(Buffer.buffer(sql)).compose(ClickHouseClient::checked).mapEmpty();
  }

  /**
   * Inserts a RowBinary body into {@code table}. The server drops a second insert carrying the same
   * {@code deduplicationToken}, in the table and in the views fed by it, so retrying a batch is harmless.
   */
  public Future<Void> insertRowBinary(String table, List<String> columns, Buffer rows, String deduplicationToken) {
    if (readOnly) {
      return Future.failedFuture(new IllegalStateException("a read-only ClickHouse client does not insert"));
    }
    String insert = "INSERT INTO " + settings.database() + "." + table + " (" + String.join(", ", columns)
      + ") FORMAT RowBinary";
    return write()
      .addQueryParam("query", insert)
      .addQueryParam("insert_deduplication_token", deduplicationToken)
      .addQueryParam("deduplicate_blocks_in_dependent_materialized_views", "1")
      .sendBuffer(rows)
      .compose(ClickHouseClient::checked)
      .mapEmpty();
  }

  /** Runs a SELECT with {@code {name:Type}} parameters and returns its rows as JSON objects. */
  @Override
  public Future<List<JsonObject>> select(String sql, Map<String, String> parameters) {
    return select(sql, parameters, "JSONEachRow").map(ClickHouseClient::jsonRows);
  }

  /**
   * Runs a SELECT and returns its rows in RowBinary, whole: for many rows of few columns, which the caller decodes
   * without an object per row. No rows is an empty buffer (the response then has no body at all).
   */
  public Future<Buffer> selectRowBinary(String sql, Map<String, String> parameters) {
    return select(sql, parameters, "RowBinary").map(response -> response.body() == null ? Buffer.buffer()
      : response.body());
  }

  private Future<HttpResponse<Buffer>> select(String sql, Map<String, String> parameters, String format) {
    HttpRequest<Buffer> request = request().addQueryParam("default_format", format);
    if (readOnly) {
      request.addQueryParam("readonly", "2");
    }
    querySettings.forEach(request::addQueryParam);
    parameters.forEach((name, value) -> request.addQueryParam("param_" + name, value));
    return request.sendBuffer(Buffer.buffer(sql)).compose(ClickHouseClient::checked);
  }

  /**
   * Runs a SELECT whose rows are read as they arrive: answers the ClickHouse response in {@code format}, paused, for
   * the caller to read with backpressure. Fails with {@link ClickHouseException} when ClickHouse refuses the query.
   */
  public Future<HttpClientResponse> selectStream(String sql, Map<String, String> parameters, String format) {
    if (streams == null) {
      streams = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(4));
    }
    QueryStringEncoder uri = new QueryStringEncoder(endpoint);
    uri.addParam("default_format", format);
    if (readOnly) {
      uri.addParam("readonly", "2");
    }
    querySettings.forEach(uri::addParam);
    parameters.forEach((name, value) -> uri.addParam("param_" + name, value));
    RequestOptions options = new RequestOptions()
      .setMethod(HttpMethod.POST)
      .setAbsoluteURI(uri.toString())
      .setIdleTimeout(settings.requestTimeoutMs())
      .putHeader("X-ClickHouse-User", settings.user())
      .putHeader("X-ClickHouse-Key", settings.password());
    return streams.request(options)
      .compose(request -> request.send(Buffer.buffer(sql)))
      .compose(response -> {
        if (response.statusCode() == 200) {
          response.pause();
          return Future.succeededFuture(response);
        }
        return response.body().compose(body -> Future.failedFuture(
          error(response.statusCode(), response.getHeader("X-ClickHouse-Exception-Code"), body.toString())));
      });
  }

  public Future<Void> close() {
    if (streams != null) {
      streams.close();
    }
    http.close();
    return Future.succeededFuture();
  }

  /** A request that writes: on a cluster, it returns once every shard has stored its rows. */
  private HttpRequest<Buffer> write() {
    HttpRequest<Buffer> request = request();
    if (settings.clustered()) {
      request.addQueryParam("distributed_foreground_insert", "1");
    }
    return request;
  }

  private HttpRequest<Buffer> request() {
    return http.postAbs(endpoint)
      .timeout(settings.requestTimeoutMs())
      .putHeader("X-ClickHouse-User", settings.user())
      .putHeader("X-ClickHouse-Key", settings.password());
  }

  private static Future<HttpResponse<Buffer>> checked(HttpResponse<Buffer> response) {
    if (response.statusCode() == 200) {
      return Future.succeededFuture(response);
    }
    String body = response.bodyAsString();
    return Future.failedFuture(error(response.statusCode(), response.getHeader("X-ClickHouse-Exception-Code"),
      body == null ? "" : body));
  }

  /** ClickHouse's refusal: its HTTP status, the code in {@code X-ClickHouse-Exception-Code}, its message. */
  private static ClickHouseException error(int status, String codeHeader, String body) {
    return new ClickHouseException(status, codeHeader == null ? 0 : Integer.parseInt(codeHeader.trim()), body.trim());
  }

  /** How an instant is written as a {@code {name:DateTime64(3, 'UTC')}} query parameter. */
  public static String dateTime64(Instant instant) {
    return DATE_TIME_64.format(instant);
  }

  private static List<JsonObject> jsonRows(HttpResponse<Buffer> response) {
    List<JsonObject> rows = new ArrayList<>();
    Buffer body = response.body();
    if (body == null) {
      return rows;
    }
    for (String line : body.toString().split("\n")) {
      if (!line.isBlank()) {
        rows.add(new JsonObject(line));
      }
    }
    return rows;
  }
}
