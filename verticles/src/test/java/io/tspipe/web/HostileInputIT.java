package io.tspipe.web;

import io.tspipe.testing.TestPipeline;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile input against the real web role, with its engines real behind it (ClickHouse prepared by the worker,
 * Meilisearch's index by the indexer, API keys and the admin key configured): ill-formed text in every parameter and
 * body field of every operation the contract lists, instants outside the years the API takes in every parameter
 * that takes one, and requests the HTTP layer or the router refuses before any handler. Every one is a refusal
 * with the JSON error body, never a 5xx; the same places with well-formed text and the first and last instants taken
 * reach the engines and are answered. Requests are written byte for byte on a socket, so nothing between the test
 * and the server repairs them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputIT {

  private static final String API_KEY = "0123456789abcdef0123";
  private static final String ADMIN_KEY = "hostile-input-admin-key";

  private TestPipeline pipeline;
  private int port;
  private ContractCases cases;

  @BeforeAll
  void deployTheWebRoleOverPreparedEngines() throws Exception {
    pipeline = TestPipeline.create("hostile-input");
    pipeline.config().getJsonObject("web").put("apiKeys", "hostile:" + API_KEY).put("adminKey", ADMIN_KEY);
    pipeline.deployWorker();
    pipeline.deployIndexer();
    String baseUrl = pipeline.deployWeb();
    port = Integer.parseInt(baseUrl.substring(baseUrl.lastIndexOf(':') + 1));
    cases = new ContractCases(ApiContract.load(pipeline.vertx()).await(60, TimeUnit.SECONDS).json());
    // the index is ready, and empty
    pipeline.awaitDocuments(0, Duration.ofMinutes(1));
  }

  @AfterAll
  void close() {
    pipeline.close();
  }

  // ---- ill-formed text

  @Test
  @DisplayName("ill-formed text in any parameter or body field is refused with 400 naming it; well-formed text is answered")
  void illFormedTextNeverReachesAnEngine() {
    List<Executable> checks = new ArrayList<>();
    for (ContractCases.Slot slot : cases.textSlots()) {
      if (slot.in() == ContractCases.In.QUERY || slot.in() == ContractCases.In.PATH) {
        for (String escapes : List.of("%ED%A0%80", "a%ED%B0%80b", "%ED%A0%80%ED%B0%80", "%FF")) {
          String uri = cases.uri(slot, Map.of(slot.name(), escapes));
          checks.add(() -> assertRefused(slot + " = " + escapes, send(slot.method(), uri, null), slot.name(), "UTF-8"));
        }
        for (String escapes : List.of("%C3%A9", "%F0%9F%98%80")) {
          String uri = cases.uri(slot, Map.of(slot.name(), escapes));
          checks.add(() -> assertAnswered(slot + " = " + escapes, send(slot.method(), uri, null), slot.name(), "UTF-8"));
        }
      } else {
        for (String text : List.of("\ud800", "a\udc00b", "\ud83d\ude00\ud83d")) {
          for (boolean rawBytes : List.of(false, true)) {
            Buffer body = cases.body(slot, ContractCases.jsonString(text, rawBytes));
            String field = slot.field(text.replaceAll("[\ud800-\udfff](?<![\ud800-\udbff][\udc00-\udfff])"
              + "|[\ud800-\udbff](?![\udc00-\udfff])", "\ufffd"));
            checks.add(() -> assertRefused(slot + " = " + body.toString(StandardCharsets.ISO_8859_1),
              send(slot.method(), slot.path(), body), field, "not well-formed Unicode"));
          }
        }
        Buffer wellFormed = cases.body(slot, ContractCases.jsonString("\u00e9\ud83d\ude00", false));
        checks.add(() -> assertAnswered(slot + " = é😀", send(slot.method(), slot.path(), wellFormed),
          slot.field("\u00e9\ud83d\ude00"), "Unicode"));
      }
    }
    assertTrue(checks.size() > 100, "cases: " + checks.size());
    assertAll(checks);

    // the request of the report: a lone surrogate in the search text, which Meilisearch refuses, once answered 503
    assertRefused("q = \\ud800", send("POST", "/api/v1/search", Buffer.buffer("{\"q\": \"\\ud800\"}")), "q",
      "not well-formed Unicode");
    Response found = send("POST", "/api/v1/search", Buffer.buffer("{\"q\": \"\u00e9\ud83d\ude00\"}", "UTF-8"));
    assertEquals(200, found.status(), found.text());
    assertEquals(0, found.json().getLong("total"));
  }

  // ---- instants

  @Test
  @DisplayName("an instant outside the years 1970 to 2099 is refused with 400 naming it; the first and last taken are answered")
  void instantsOutOfRangeNeverReachAnEngine() {
    List<Executable> checks = new ArrayList<>();
    for (ContractCases.Slot slot : cases.instantSlots()) {
      List<ContractCases.Slot> partners = slot.in() == ContractCases.In.QUERY ? cases.partners(slot) : List.of();
      boolean first = partners.stream().allMatch(partner -> cases.before(slot, partner));
      for (String instant : List.of("+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "0000-01-01T00:00:00Z",
        "1969-12-31T23:59:59.999Z", "2100-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "+999999999-12-31T23:59:59-18:00",
        "-999999999-01-01T00:00:00+18:00", "1970-01-01T00:30:00+01:00", "2099-12-31T23:30:00-01:00")) {
        String partner = first ? "2026-11-24T11:00:00Z" : "2026-11-24T10:00:00Z";
        checks.add(() -> assertRefused(slot + " = " + instant, sendInstant(slot, partners, instant, partner),
          slot.name(), ""));
      }
      if (ContractCases.SPAN_LIMITED_BODIES.contains(slot.operationId())) {
        continue;
      }
      for (String instant : first ? List.of("1970-01-01T00:00:00Z", "2099-12-31T23:00:00Z")
        : List.of("2099-12-31T23:59:59.999Z", "1970-01-01T01:00:00Z")) {
        String partner = OffsetDateTime.parse(instant).toInstant().plus(Duration.ofMinutes(first ? 30 : -30)).toString();
        checks.add(() -> {
          Response response = sendInstant(slot, partners, instant, partner);
          assertEquals(200, response.status(), slot + " = " + instant + " → " + response.text());
        });
      }
    }
    assertTrue(checks.size() > 80, "cases: " + checks.size());
    assertAll(checks);
  }

  private Response sendInstant(ContractCases.Slot slot, List<ContractCases.Slot> partners, String instant,
                               String partnerInstant) {
    if (slot.in() == ContractCases.In.BODY) {
      return send(slot.method(), slot.path(), cases.body(slot, ContractCases.jsonString(instant, false)));
    }
    Map<String, String> query = new LinkedHashMap<>();
    query.put(slot.name(), URLEncoder.encode(instant, StandardCharsets.UTF_8));
    partners.forEach(partner -> query.put(partner.name(), URLEncoder.encode(partnerInstant, StandardCharsets.UTF_8)));
    return send(slot.method(), cases.uri(slot, query), null);
  }

  // ---- refusals before any handler

  @Test
  @DisplayName("the HTTP layer's and the router's refusals carry the same JSON error body as every other refusal")
  void refusalsBeforeAnyHandlerAreJsonToo() {
    List<Executable> checks = new ArrayList<>();
    int line = WebVerticle.MAX_REQUEST_LINE_BYTES;
    // request lines around the limit, the URL long in its path or in its query
    for (int length : List.of(line - 100, line, line + 1, line + 2, 2 * line, 16 * line)) {
      for (boolean inPath : List.of(false, true)) {
        String prefix = inPath ? "GET /api/v1/events/" : "GET /api/v1/attacks?pad=";
        String uri = (prefix + "x".repeat(Math.max(0, length - prefix.length() - " HTTP/1.1".length())))
          .substring("GET ".length());
        checks.add(() -> {
          Response response = exchange(("GET " + uri + " HTTP/1.1\r\nHost: x\r\nX-API-Key: " + API_KEY
            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
          String what = (inPath ? "path" : "query") + " making a request line of " + length + " bytes";
          if (length > line) {
            assertError(what, response, 414, "uri_too_long");
          } else {
            assertError(what, response, 400, "bad_request");
            assertEquals(inPath ? "id" : "pad", response.json().getString("field"), what);
          }
        });
      }
    }
    // headers around the limit, in one header or many
    int headers = WebVerticle.MAX_HEADER_BYTES;
    for (int size : List.of(headers - 1000, headers + 1000, 8 * headers)) {
      for (boolean many : List.of(false, true)) {
        StringBuilder head = new StringBuilder("GET /api/v1/attacks?range=1h HTTP/1.1\r\nHost: x\r\nX-API-Key: ")
          .append(API_KEY).append("\r\nConnection: close\r\n");
        int fixed = head.length() - head.indexOf("\r\n") - 2;
        int pad = size - fixed;
        for (int i = 0; pad > 0; i++) {
          String name = "X-Pad-" + i + ": ";
          int value = many ? Math.min(pad - name.length() - 2, 60) : pad - name.length() - 2;
          head.append(name).append("y".repeat(Math.max(1, value))).append("\r\n");
          pad -= name.length() + Math.max(1, value) + 2;
        }
        byte[] request = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        checks.add(() -> {
          Response response = exchange(request);
          String what = (many ? "many headers" : "one header") + " making " + size + " bytes of headers";
          if (size > headers) {
            assertError(what, response, 431, "headers_too_large");
          } else {
            assertEquals(200, response.status(), what + " → " + response.text());
          }
        });
      }
    }
    // requests that are not HTTP/1.x, each answered and its connection closed
    for (String request : List.of("GET /api/v1/attacks HTTP/1.1 extra\r\nHost: x\r\n\r\n",
      "GET /api/v1/attacks HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n",
      "GET /api/v1/attacks HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n",
      "GET /api/v1/attacks HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
      "GET /api/v1/attacks HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n")) {
      checks.add(() -> assertError(request, exchange(request.getBytes(StandardCharsets.ISO_8859_1)), 400, "bad_request"));
    }
    // what the router refuses before any route runs, and a body over the limit
    checks.add(() -> {
      Response response = send("GET", "/api/v1/events/%zz", null);
      assertError("a path with a stray %", response, 400, "bad_request");
      assertEquals("path", response.json().getString("field"));
    });
    checks.add(() -> assertError("a path outside the API", send("GET", "/nothing-here", null), 404, "not_found"));
    checks.add(() -> assertError("a path under the API", send("GET", "/api/v1/nothing-here", null), 404, "not_found"));
    checks.add(() -> assertError("another method", send("POST", "/health/live", Buffer.buffer("{}")), 405,
      "method_not_allowed"));
    checks.add(() -> {
      Response response = send("POST", "/api/v1/search", Buffer.buffer("{\"q\": \"" + "x".repeat(70_000) + "\"}"));
      assertError("a body over web.maxBodyBytes", response, 413, "body_too_large");
      assertEquals("body", response.json().getString("field"));
    });
    assertAll(checks);
    assertEquals(200, send("GET", "/health/live", null).status(), "the server still answers");
  }

  // ---- assertions

  private static void assertError(String what, Response response, int status, String error) {
    assertEquals(status, response.status(), what + " → " + response.text());
    assertEquals("application/json", response.headers().get("content-type"), what);
    JsonObject body = response.json();
    assertEquals(error, body.getString("error"), what + " → " + body.encode());
    assertTrue(body.getValue("message") instanceof String message && !message.isBlank(), what);
    assertTrue(body.fieldNames().stream().allMatch(List.of("error", "message", "field")::contains), body::encode);
  }

  private static void assertRefused(String what, Response response, String field, String says) {
    assertError(what, response, 400, "bad_request");
    assertEquals(field, response.json().getString("field"), what + " → " + response.text());
    assertTrue(response.json().getString("message").contains(says), what + " → " + response.text());
  }

  /** Answered by the engines or refused for something else than its text: never a 5xx, never refused for Unicode. */
  private static void assertAnswered(String what, Response response, String field, String says) {
    assertTrue(response.status() < 500, what + " → " + response.status() + " " + response.text());
    assertNotEquals(0, response.status(), what);
    if (response.status() == 400) {
      assertFalse(field.equals(response.json().getString("field"))
        && response.json().getString("message").contains(says), what + " → " + response.text());
    }
  }

  // ---- the wire

  private record Response(int status, Map<String, String> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    JsonObject json() {
      return new JsonObject(Buffer.buffer(body));
    }
  }

  /** A request with the keys it needs, its body sent as the bytes given. */
  private Response send(String method, String uri, Buffer body) {
    Buffer request = Buffer.buffer(method + " " + uri + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: " + API_KEY
      + "\r\nAuthorization: Bearer " + ADMIN_KEY + "\r\nConnection: close\r\n");
    if (body != null) {
      request.appendString("Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n");
    }
    request.appendString("\r\n");
    if (body != null) {
      request.appendBuffer(body);
    }
    return exchange(request.getBytes());
  }

  /** Writes {@code request} on a new connection and reads the answer until the server closes it. */
  private Response exchange(byte[] request) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      return parse(all.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("no answer to " + new String(request, 0, Math.min(request.length, 200),
        StandardCharsets.ISO_8859_1), e);
    }
  }

  private static Response parse(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      return new Response(0, Map.of(), bytes);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    Map<String, String> headers = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    byte[] body = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    }
    return new Response(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
  }

  private static byte[] dechunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String text = new String(chunked, StandardCharsets.ISO_8859_1);
    int at = 0;
    while (at < text.length()) {
      int lineEnd = text.indexOf("\r\n", at);
      int size = Integer.parseInt(text.substring(at, lineEnd).trim(), 16);
      if (size == 0) {
        break;
      }
      out.write(chunked, lineEnd + 2, size);
      at = lineEnd + 2 + size + 2;
    }
    return out.toByteArray();
  }
}
