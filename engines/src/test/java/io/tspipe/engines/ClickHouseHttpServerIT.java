package io.tspipe.engines;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClickHouseHttpServerIT {

  private static final int ROWS = 20_000;

  private static ChildJvm server;
  private static URI url;
  private static HttpClient http;

  @BeforeAll
  static void start() throws Exception {
    Path data = ChildJvm.workDirectory("clickhouse-");
    int port = ChildJvm.freePort();
    Path libchdb = Path.of(System.getProperty("tspipe.engines.dir"), "chdb", "libchdb.so");
    server = ChildJvm.start(ClickHouseHttpServer.class, data.resolve("stdout.log"), "clickhouse ready",
      "--port", Integer.toString(port), "--path", data.resolve("clickhouse").toString(), "--lib", libchdb.toString());
    url = URI.create("http://127.0.0.1:" + port);
    http = HttpClient.newHttpClient();
    ok("", "CREATE DATABASE it");
  }

  @AfterAll
  static void stop() throws InterruptedException {
    assertEquals(0, server.stop(), "exit status after SIGTERM");
  }

  @Test
  @DisplayName("/ping and a bare GET / answer Ok., and the engine is ClickHouse 26.5")
  void answersPingAndVersion() throws Exception {
    assertEquals("Ok.\n", get("/ping").body());
    assertEquals("Ok.\n", get("/").body());
    assertTrue(get("/?query=" + encode("SELECT version()")).body().startsWith("26.5."));
  }

  @Test
  @DisplayName("results are TabSeparated unless default_format says otherwise, and a FORMAT clause wins over both")
  void choosesTheOutputFormat() throws Exception {
    assertEquals("1\ta\n", ok("", "SELECT 1, 'a'"));
    assertEquals("{\"n\":1}\n", ok("default_format=JSONEachRow", "SELECT 1 AS n"));
    assertEquals("\"n\"\n1\n", ok("default_format=JSONEachRow", "SELECT 1 AS n FORMAT CSVWithNames"));
  }

  @Test
  @DisplayName("database sets the current database, param_<name> fills {name:Type} placeholders")
  void usesDatabaseAndPlaceholders() throws Exception {
    ok("database=it", "CREATE TABLE people (id UInt32, name String) ENGINE = MergeTree ORDER BY id");
    ok("database=it&query=" + encode("INSERT INTO people VALUES"), "(1, 'ada'), (2, 'bob')");
    assertEquals("it\tbob\n", ok("database=it&param_id=2&param_like=b%25",
      "SELECT currentDatabase(), name FROM people WHERE id = {id:UInt32} AND name LIKE {like:String}"));
  }

  @Test
  @DisplayName("settings in the URL apply to their query only")
  void appliesSettingsPerQuery() throws Exception {
    String query = "SELECT getSetting('max_execution_time'), getSetting('date_time_input_format')";
    String defaults = ok("", query);
    assertEquals("17\tbest_effort_us\n", ok("max_execution_time=17&date_time_input_format=best_effort_us", query));
    assertEquals(defaults, ok("", query));
  }

  @Test
  @DisplayName("a retried insert with the same insert_deduplication_token is dropped, whatever its rows")
  void deduplicatesRetriedInserts() throws Exception {
    ok("database=it", "CREATE TABLE dedup (id UInt64, s String, ts DateTime64(3)) ENGINE = MergeTree ORDER BY id "
      + "SETTINGS non_replicated_deduplication_window = 1000");
    String insert = "database=it&query=" + encode("INSERT INTO dedup FORMAT RowBinary");
    ok(insert + "&insert_deduplication_token=batch-1", rows(0, 100));
    ok(insert + "&insert_deduplication_token=batch-1", rows(0, 100));
    ok(insert + "&insert_deduplication_token=batch-1", rows(100, 100));
    assertEquals("100\n", ok("database=it", "SELECT count() FROM dedup"));
    ok(insert + "&insert_deduplication_token=batch-2", rows(100, 100));
    assertEquals("200\n", ok("database=it", "SELECT count() FROM dedup"));
  }

  @Test
  @DisplayName("20k RowBinary rows arrive whole, blank lines and 0A 0A bytes included")
  void insertsRowBinary() throws Exception {
    ok("database=it", "CREATE TABLE rowbinary (id UInt64, s String, ts DateTime64(3)) ENGINE = MergeTree ORDER BY id");
    byte[] body = rows(0, ROWS);
    long start = System.nanoTime();
    HttpResponse<String> response = post("database=it&query=" + encode("INSERT INTO rowbinary FORMAT RowBinary"), body);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(200, response.statusCode(), response.body());
    System.out.printf("RowBinary insert of %d rows (%d bytes) over HTTP: %d ms%n", ROWS, body.length, millis);
    String summary = response.headers().firstValue("X-ClickHouse-Summary").orElseThrow();
    assertTrue(summary.contains("\"written_rows\":\"" + ROWS), summary);
    assertEquals(ROWS + "\t" + ROWS + "\n", ok("database=it", "SELECT count(), uniqExact(id) FROM rowbinary"));
    assertEquals("line\\n\\nbreaks 2570\n", ok("database=it", "SELECT s FROM rowbinary WHERE id = 2570"));
  }

  @Test
  @DisplayName("20k JSONEachRow rows arrive whole, an empty line included")
  void insertsJsonEachRow() throws Exception {
    ok("database=it", "CREATE TABLE json (id UInt64, s String, ts DateTime64(3)) ENGINE = MergeTree ORDER BY id");
    StringBuilder body = new StringBuilder();
    for (int id = 0; id < ROWS; id++) {
      body.append("{\"id\":").append(id).append(",\"s\":\"row ").append(id)
        .append("\",\"ts\":\"2026-01-01 00:00:00.123\"}\n");
      if (id == ROWS / 2) {
        body.append('\n');
      }
    }
    long start = System.nanoTime();
    ok("database=it&query=" + encode("INSERT INTO json FORMAT JSONEachRow"), body.toString());
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("JSONEachRow insert of %d rows (%d bytes) over HTTP: %d ms%n", ROWS, body.length(), millis);
    assertEquals(ROWS + "\n", ok("database=it", "SELECT uniqExact(id) FROM json"));
  }

  @Test
  @DisplayName("an INSERT whose statement and data both come in the body works like the server's")
  void insertsFromTheBodyAlone() throws Exception {
    ok("database=it", "CREATE TABLE body_only (id UInt8, s String) ENGINE = MergeTree ORDER BY id");
    ok("database=it", "INSERT INTO body_only FORMAT TSV\n1\tone\n2\ttwo\n");
    assertEquals("1\tone\n2\ttwo\n", ok("database=it", "SELECT * FROM body_only ORDER BY id"));
  }

  @Test
  @DisplayName("errors carry the server's HTTP status, X-ClickHouse-Exception-Code and the exception text")
  void reportsErrorsLikeTheServer() throws Exception {
    assertError(400, 62, post("", "SELEC 1"));
    assertError(404, 60, post("", "SELECT * FROM it.missing"));
    assertError(404, 81, post("database=missing", "SELECT 1"));
    assertError(400, 62, post("", "SELECT 1; SELECT 2"));
    assertError(404, 115, post("no_such_setting=1", "SELECT 1"));
  }

  @Test
  @DisplayName("credentials in headers, parameters or basic auth are accepted and ignored")
  void ignoresCredentials() throws Exception {
    String basic = Base64.getEncoder().encodeToString("default:secret".getBytes(StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(url.resolve("/?user=default&password=secret"))
      .header("X-ClickHouse-User", "default")
      .header("X-ClickHouse-Key", "secret")
      .header("Authorization", "Basic " + basic)
      .POST(HttpRequest.BodyPublishers.ofString("SELECT 1"))
      .build();
    assertEquals("1\n", http.send(request, HttpResponse.BodyHandlers.ofString()).body());
  }

  @Test
  @DisplayName("concurrent inserts and queries run side by side")
  void runsRequestsConcurrently() throws Exception {
    ok("database=it", "CREATE TABLE concurrent (id UInt64, s String, ts DateTime64(3)) ENGINE = MergeTree ORDER BY id");
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < 4; i++) {
      String insert = "database=it&query=" + encode("INSERT INTO concurrent FORMAT RowBinary");
      responses.add(postAsync(insert, rows(i * 5000L, 5000)));
      responses.add(postAsync("", "SELECT sleep(1)".getBytes(StandardCharsets.UTF_8)));
    }
    for (CompletableFuture<HttpResponse<String>> response : responses) {
      assertEquals(200, response.get().statusCode(), response.get().body());
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis < 3000, "4 x sleep(1) took " + millis + " ms: requests did not run in parallel");
    assertEquals("20000\n", ok("database=it", "SELECT uniqExact(id) FROM concurrent"));
  }

  @Test
  @DisplayName("the official JDBC driver (compress=false) reads typed rows, with typed parameters, and server errors")
  void servesTheJdbcDriver() throws Exception {
    ok("database=it", "CREATE TABLE jdbc_events (id UInt64, user String, at DateTime64(3, 'UTC'), score Float64, "
      + "tags Array(String), ok Nullable(Bool)) ENGINE = MergeTree ORDER BY id");
    ok("database=it", "INSERT INTO jdbc_events VALUES (1, 'ada', '2026-01-01 00:00:00.123', 0.5, ['a', 'b'], true), "
      + "(2, 'bob''s', '2026-01-01 00:00:01.000', 1.5, [], NULL), (3, 'ada', '2026-01-02 00:00:00.000', 2.5, ['c'], false)");
    String jdbcUrl = "jdbc:clickhouse:http://127.0.0.1:" + url.getPort() + "/it?compress=false";
    try (Connection connection = DriverManager.getConnection(jdbcUrl, "default", "")) {
      try (PreparedStatement select = connection.prepareStatement("SELECT id, user, at, score, tags, ok, "
        + "currentDatabase() AS db FROM jdbc_events WHERE user = ? AND at >= ? ORDER BY id")) {
        select.setString(1, "ada");
        select.setTimestamp(2, Timestamp.valueOf(LocalDateTime.of(2026, 1, 1, 0, 0)));
        try (ResultSet rows = select.executeQuery()) {
          assertTrue(rows.next());
          assertEquals(1L, rows.getLong("id"));
          assertEquals("ada", rows.getString("user"));
          assertEquals("2026-01-01 00:00:00.123", rows.getString("at"));
          assertEquals(0.5, rows.getDouble("score"));
          assertArrayEquals(new Object[] {"a", "b"}, (Object[]) rows.getArray("tags").getArray());
          assertTrue(rows.getBoolean("ok"));
          assertEquals("it", rows.getString("db"));
          assertEquals("UInt64", rows.getMetaData().getColumnTypeName(1));
          assertTrue(rows.next());
          assertEquals(3L, rows.getLong("id"));
          assertFalse(rows.next());
        }
        select.setString(1, "bob's");
        try (ResultSet rows = select.executeQuery()) {
          assertTrue(rows.next());
          assertEquals(2L, rows.getLong("id"));
          rows.getBoolean("ok");
          assertTrue(rows.wasNull());
        }
      }
      try (Statement statement = connection.createStatement()) {
        SQLException missing = assertThrows(SQLException.class,
          () -> statement.executeQuery("SELECT * FROM it.missing"));
        assertTrue(missing.getMessage().startsWith("Code: 60. DB::Exception: "), missing.getMessage());
      }
    }
    String compressing = "jdbc:clickhouse:http://127.0.0.1:" + url.getPort() + "/it";
    try (Connection connection = DriverManager.getConnection(compressing, "default", "");
         Statement statement = connection.createStatement()) {
      SQLException refused = assertThrows(SQLException.class, () -> statement.executeQuery("SELECT 1"));
      assertTrue(refused.getMessage().contains("compress=false"), refused.getMessage());
    }
  }

  @Test
  @DisplayName("answers name the server and the query, as the official clients read them")
  void namesTheServerAndTheQuery() throws Exception {
    HttpResponse<String> answer = post("query_id=q-42", "SELECT 1");
    assertEquals("q-42", answer.headers().firstValue("X-ClickHouse-Query-Id").orElseThrow());
    assertFalse(answer.headers().firstValue("X-ClickHouse-Server-Display-Name").orElseThrow().isEmpty());
    assertEquals("TabSeparated", answer.headers().firstValue("X-ClickHouse-Format").orElseThrow());
    assertTrue(answer.headers().firstValue("X-ClickHouse-Timezone").isPresent());
    HttpResponse<String> refused = post("compress=1", "SELECT 1");
    assertError(400, 36, refused);
    assertFalse(refused.headers().firstValue("X-ClickHouse-Server-Display-Name").orElseThrow().isEmpty());
  }

  private static byte[] rows(long firstId, int count) {
    RowBinary rows = new RowBinary();
    for (long id = firstId; id < firstId + count; id++) {
      rows.uint64(id).string("line\n\nbreaks " + id).dateTime64Millis(1_767_225_600_000L + id);
    }
    return rows.bytes();
  }

  private static void assertError(int status, int code, HttpResponse<String> response) {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals(Integer.toString(code), response.headers().firstValue("X-ClickHouse-Exception-Code").orElseThrow());
    assertTrue(response.body().startsWith("Code: " + code + "."), response.body());
  }

  private static String ok(String urlQuery, String body) throws Exception {
    return ok(urlQuery, body.getBytes(StandardCharsets.UTF_8));
  }

  private static String ok(String urlQuery, byte[] body) throws Exception {
    HttpResponse<String> response = post(urlQuery, body);
    assertEquals(200, response.statusCode(), response.body());
    return response.body();
  }

  private static HttpResponse<String> get(String pathAndQuery) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(url.resolve(pathAndQuery)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String urlQuery, String body) throws Exception {
    return post(urlQuery, body.getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> post(String urlQuery, byte[] body) throws Exception {
    return postAsync(urlQuery, body).get();
  }

  private static CompletableFuture<HttpResponse<String>> postAsync(String urlQuery, byte[] body) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/?" + urlQuery))
      .POST(HttpRequest.BodyPublishers.ofByteArray(body))
      .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
