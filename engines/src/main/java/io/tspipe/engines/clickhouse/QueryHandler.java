package io.tspipe.engines.clickhouse;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * The ClickHouse HTTP interface over chDB: {@code /ping}, and queries on {@code /} with their data, settings,
 * parameters and errors as clickhouse-server answers them. Every request runs in a session of its own, which sets
 * the request's database and settings and is discarded afterwards, so nothing leaks between requests. Every answer
 * names the server ({@code X-ClickHouse-Server-Display-Name}) and the query ({@code X-ClickHouse-Query-Id}), as the
 * official clients expect. Responses are never compressed: {@code compress=1} is refused with BAD_ARGUMENTS rather
 * than answered with a body the client would misread (the official Java client and JDBC driver ask for it unless
 * told {@code compress=false}); request bodies may be gzip or deflate encoded, but not ClickHouse-compressed.
 */
public final class QueryHandler implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(QueryHandler.class);
  private static final Pattern SETTING_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final byte[] OK = "Ok.\n".getBytes(StandardCharsets.UTF_8);

  private final ChdbEngine engine;
  private final ErrorCodes errors;
  private final StatementPreparer statements;
  private final String timezone;
  private final String displayName;

  private QueryHandler(ChdbEngine engine, ErrorCodes errors, StatementPreparer statements, String timezone,
                       String displayName) {
    this.engine = engine;
    this.errors = errors;
    this.statements = statements;
    this.timezone = timezone;
    this.displayName = displayName;
  }

  /** A handler whose INSERT data is spooled in {@code spoolDirectory}, which it empties. */
  public static QueryHandler create(ChdbEngine engine, Path spoolDirectory) throws IOException, ClickHouseException {
    emptyDirectory(spoolDirectory);
    try (ChdbSession session = engine.openSession()) {
      ErrorCodes errors = ErrorCodes.load(session);
      String timezone = session.text("SELECT timezone()").strip();
      String displayName = session.text("SELECT hostName()").strip();
      return new QueryHandler(engine, errors, new StatementPreparer(spoolDirectory, errors), timezone, displayName);
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/ping") || path.equals("/") && isBareGet(exchange)) {
        send(exchange, 200, OK);
      } else if (!path.equals("/")) {
        send(exchange, 404, ("There is no handle " + path + "\n").getBytes(StandardCharsets.UTF_8));
      } else {
        String urlQuery = exchange.getRequestURI().getRawQuery();
        answerQuery(exchange, QueryRequest.parse(urlQuery, exchange.getRequestHeaders()::getFirst));
      }
    }
  }

  private void answerQuery(HttpExchange exchange, QueryRequest request) throws IOException {
    try {
      runQuery(exchange, request);
    } catch (ClickHouseException e) {
      sendError(exchange, request, e);
    } catch (RuntimeException e) {
      LOG.warn("query {} failed in the front end", request.queryId(), e);
      sendError(exchange, request, errors.error("STD_EXCEPTION", e.toString()));
    }
  }

  private void runQuery(HttpExchange exchange, QueryRequest request) throws IOException, ClickHouseException {
    if (request.compressedResponse()) {
      throw errors.error("BAD_ARGUMENTS", "compress=1 (a ClickHouse-compressed response) is not supported by the "
        + "local engine; turn response compression off in the client (clickhouse-jdbc and client-v2: compress=false)");
    }
    try (PreparedStatement statement = statements.prepare(request.query(), requestBody(exchange, request));
         ChdbSession session = engine.openSession()) {
      applyDatabaseAndSettings(session, request);
      try (ChdbResult result = session.query(statement.sql(), request.defaultFormat(), request.parameters())) {
        sendResult(exchange, request, result);
      }
    }
  }

  private void applyDatabaseAndSettings(ChdbSession session, QueryRequest request) throws ClickHouseException {
    if (request.database() != null) {
      session.execute("USE " + SqlQuoting.identifier(request.database()));
    }
    if (request.settings().isEmpty()) {
      return;
    }
    StringJoiner set = new StringJoiner(", ", "SET ", "");
    for (Map.Entry<String, String> setting : request.settings().entrySet()) {
      if (!SETTING_NAME.matcher(setting.getKey()).matches()) {
        throw errors.error("UNKNOWN_SETTING", "Setting " + setting.getKey() + " is neither a builtin setting nor "
          + "started with the prefix 'custom_' registered for user-defined settings");
      }
      set.add(setting.getKey() + " = " + SqlQuoting.string(setting.getValue()));
    }
    session.execute(set.toString());
  }

  private InputStream requestBody(HttpExchange exchange, QueryRequest request) throws IOException, ClickHouseException {
    if (request.compressedBody()) {
      throw errors.error("BAD_ARGUMENTS", "decompress=1 (ClickHouse-compressed request bodies) is not supported by "
        + "the local engine; turn request compression off in the client");
    }
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    InputStream body = exchange.getRequestBody();
    if (encoding == null || encoding.isEmpty() || encoding.equalsIgnoreCase("identity")) {
      return body;
    }
    if (encoding.equalsIgnoreCase("gzip") || encoding.equalsIgnoreCase("x-gzip")) {
      return new GZIPInputStream(body, 1 << 16);
    }
    if (encoding.equalsIgnoreCase("deflate")) {
      return new InflaterInputStream(body);
    }
    throw errors.error("BAD_ARGUMENTS", "Content-Encoding " + encoding + " is not supported by the local engine");
  }

  private void sendResult(HttpExchange exchange, QueryRequest request, ChdbResult result) throws IOException {
    Headers headers = exchange.getResponseHeaders();
    headers.set("Content-Type", ContentTypes.of(request.defaultFormat()));
    headers.set("X-ClickHouse-Query-Id", request.queryId());
    headers.set("X-ClickHouse-Format", request.defaultFormat());
    headers.set("X-ClickHouse-Timezone", timezone);
    headers.set("X-ClickHouse-Server-Display-Name", displayName);
    headers.set("X-ClickHouse-Summary", result.summary().toHeaderJson());
    long length = result.length();
    exchange.sendResponseHeaders(200, length == 0 ? -1 : length);
    try (OutputStream out = exchange.getResponseBody()) {
      result.writeTo(out);
    }
  }

  private void sendError(HttpExchange exchange, QueryRequest request, ClickHouseException error) throws IOException {
    int status = errors.httpStatus(error.code());
    String firstLine = error.getMessage().lines().findFirst().orElse("");
    LOG.info("query {} failed with {}: {}", request.queryId(), status, firstLine);
    Headers headers = exchange.getResponseHeaders();
    headers.set("X-ClickHouse-Query-Id", request.queryId());
    headers.set("X-ClickHouse-Exception-Code", Integer.toString(error.code()));
    headers.set("X-ClickHouse-Server-Display-Name", displayName);
    send(exchange, status, (error.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=UTF-8");
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static boolean isBareGet(HttpExchange exchange) {
    String method = exchange.getRequestMethod();
    return exchange.getRequestURI().getRawQuery() == null && (method.equals("GET") || method.equals("HEAD"));
  }

  private static void emptyDirectory(Path directory) throws IOException {
    Files.createDirectories(directory);
    try (Stream<Path> leftovers = Files.list(directory)) {
      for (Path leftover : leftovers.toList()) {
        Files.delete(leftover);
      }
    }
  }
}
