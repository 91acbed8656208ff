package io.tspipe.web;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.openapi.contract.OpenAPIVersion;
import io.vertx.openapi.contract.Operation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The contract document itself: it loads through the same vertx-openapi path the web role uses, is a valid OpenAPI
 * 3.1 document, covers every route of the web role's router with a complete operation, and its patterns accept every
 * value the handlers' own checks accept.
 */
@ExtendWith(VertxExtension.class)
class ApiContractTest {

  /**
   * Every route of the web role's router, as {@code WebVerticle} and the {@code AccessRoutes} it mounts register them
   * (health, live metrics and alerts, sessions, search, events, entities, attack control, export, suspicious, metrics,
   * quality, attack windows) and the route serving this document, as method and OpenAPI path, with the operation
   * that describes each. The SPA's routes ({@code /}, {@code /search}, {@code /quality}, {@code /entity/*},
   * {@code /assets/*}) and CORS preflights are not part of the API.
   */
  static final Map<String, String> ROUTES = routes(
    "GET /health/live", "getLiveness",
    "GET /health/ready", "getReadiness",
    "GET /api/v1/stream/metrics", "streamLiveMetrics",
    "GET /api/v1/stream/alerts", "streamAlerts",
    "POST /api/v1/search", "searchEvents",
    "GET /api/v1/events/{id}", "getEvent",
    "GET /api/v1/entities/{kind}/{value}", "getEntity",
    "POST /api/v1/generator/attack", "setAttackMode",
    "GET /api/v1/scenarios", "listScenarios",
    "POST /api/v1/generator/scenarios", "startScenario",
    "DELETE /api/v1/generator/scenarios/{runId}", "stopScenario",
    "GET /api/v1/export/events", "exportEvents",
    "GET /api/v1/suspicious", "listSuspiciousEntities",
    "GET /api/v1/metrics/kpis", "getKpis",
    "GET /api/v1/metrics/timeseries", "getTimeSeries",
    "GET /api/v1/quality", "getQuality",
    "GET /api/v1/ledger", "getLedger",
    "GET /api/v1/attacks", "listAttackWindows",
    "GET /api/v1/detections", "listDetections",
    "GET /api/v1/detections/score", "scoreDetections",
    "GET /api/v1/stream/detections", "streamDetections",
    "GET /api/v1/labels", "listLabels",
    "POST /api/v1/labels", "setLabel",
    "DELETE /api/v1/labels/{kind}/{value}/{label}", "removeLabel",
    "GET /api/v1/verdicts/{kind}/{value}", "getVerdict",
    "POST /api/v1/backtests", "startBacktest",
    "GET /api/v1/backtests", "listBacktests",
    "GET /api/v1/backtests/{id}", "getBacktest",
    "GET /api/v1/openapi.yaml", "getOpenApiDocument",
    "POST /api/v1/session", "openSession",
    "DELETE /api/v1/session", "closeSession");

  /** The operations whose handlers refuse a query parameter they do not take (Values.onlyKnown and its callers). */
  static final Set<String> REFUSING_UNKNOWN_QUERY = Set.of("getEvent", "getEntity", "exportEvents",
    "listSuspiciousEntities", "getKpis", "getTimeSeries", "getQuality", "getLedger", "listAttackWindows", "listScenarios",
    "listDetections", "scoreDetections", "streamDetections", "listLabels", "removeLabel", "getVerdict", "listBacktests",
    "getBacktest");

  private static final Set<String> TAGS = Set.of("search", "events", "entities", "metrics", "quality", "live", "export",
    "detections", "control", "access", "health", "meta");
  /** The operations that need no API key: outside /api, or the session endpoints that trade one. */
  private static final Set<String> OPEN = Set.of("getLiveness", "getReadiness", "openSession", "closeSession");

  private static Vertx vertx;
  private static ApiContract contract;
  private static JsonObject document;

  @BeforeAll
  static void load(Vertx vertx, VertxTestContext testContext) {
    ApiContractTest.vertx = vertx;
    ApiContract.load(vertx).onComplete(testContext.succeeding(loaded -> {
      contract = loaded;
      document = loaded.json();
      testContext.completeNow();
    }));
  }

  private static Map<String, String> routes(String... pairs) {
    Map<String, String> routes = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      routes.put(pairs[i], pairs[i + 1]);
    }
    return routes;
  }

  @Test
  void isAValidOpenApi31DocumentThatLoadsThroughVertxOpenApi(VertxTestContext testContext) throws Exception {
    assertEquals(OpenAPIVersion.V3_1, contract.openApi().getVersion());
    assertTrue(document.getString("openapi").startsWith("3.1."));
    // checked again here, on its own, against the official OpenAPI 3.1 schema
    OpenAPIVersion.V3_1.getRepository(vertx, "app://")
      .compose(repository -> OpenAPIVersion.V3_1.validateContract(vertx, repository, document))
      .onComplete(testContext.succeeding(result -> testContext.verify(() -> {
        assertTrue(result.getValid(), () -> String.valueOf(result.getErrors()));
        testContext.completeNow();
      })));
    assertEquals(new JsonArray().add(new JsonObject().put("url", "/")
        .put("description", "the web role itself (the API is under /api/v1, health under /health)")),
      document.getJsonArray("servers"));
    try (InputStream in = ApiContract.class.getClassLoader().getResourceAsStream(ApiContract.RESOURCE)) {
      assertArrayEquals(in.readAllBytes(), contract.document().getBytes(), "document() is the resource as it is");
    }
  }

  @Test
  void aMissingResourceFailsTheLoad(VertxTestContext testContext) {
    ApiContract.load(vertx, "no-such-openapi.yaml").onComplete(testContext.failing(failure -> testContext.verify(() -> {
      assertTrue(String.valueOf(failure.getMessage()).contains("no-such-openapi.yaml"), failure.toString());
      testContext.completeNow();
    })));
  }

  @Test
  void everyRouteHasAnOperationAndEveryOperationARoute() {
    for (Map.Entry<String, String> route : ROUTES.entrySet()) {
      String[] parts = route.getKey().split(" ");
      String concrete = parts[1].replace("{id}", "6f1c5a8e-7a51-4c2e-9b8e-5d1f6a2b7c90")
        .replace("{runId}", "6f1c5a8e-7a51-4c2e-9b8e-5d1f6a2b7c90")
        .replace("{kind}", "ip").replace("{value}", "198.51.100.7").replace("{label}", "abuse_source");
      Operation found = contract.openApi().findOperation(concrete, HttpMethod.valueOf(parts[0]));
      assertNotNull(found, route.getKey() + " has no operation");
      assertEquals(route.getValue(), found.getOperationId(), route.getKey());
      assertEquals(parts[1], found.getOpenAPIPath(), route.getKey());
    }
    assertEquals(new TreeSet<>(ROUTES.values()), new TreeSet<>(contract.operationIds()),
      "the contract describes exactly the routes");
    assertEquals(ROUTES.size(), contract.openApi().operations().size());
  }

  /**
   * Reads the web role's sources as they are now ({@code WebVerticle} and what it mounts) and checks that every
   * {@code router.<method>("…")} they register under {@code /api} or {@code /health} is described, so a route added
   * without its contract fails here.
   */
  @Test
  void everyRouteTheWebRoleRegistersIsDescribed() throws Exception {
    Path sources = Path.of("src/main/java/io/tspipe/web");
    assumeTrue(Files.isDirectory(sources), "run from the verticles module");
    StringBuilder text = new StringBuilder();
    try (var files = Files.walk(sources)) {
      for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
        text.append(Files.readString(file)).append('\n');
      }
    }
    Matcher routes = Pattern.compile("router\\.(get|post|put|delete|patch)\\(\"([^\"]+)\"\\)").matcher(text);
    Set<String> described = new TreeSet<>();
    Set<String> missing = new TreeSet<>();
    while (routes.find()) {
      String path = routes.group(2).replaceAll(":([A-Za-z0-9_]+)", "{$1}");
      if (path.contains("*") || !(path.startsWith("/api/") || path.startsWith("/health/"))) {
        continue;
      }
      String key = routes.group(1).toUpperCase() + " " + path;
      (ROUTES.containsKey(key) ? described : missing).add(key);
    }
    assertTrue(missing.isEmpty(), "routes of the web role with no operation in openapi.yaml: " + missing);
    assertTrue(described.size() >= 15, "found the routes: " + described);
  }

  @Test
  void everyOperationIsComplete() {
    Set<String> declaredTags = document.getJsonArray("tags").stream().map(tag -> ((JsonObject) tag).getString("name"))
      .collect(Collectors.toSet());
    assertEquals(TAGS, declaredTags);
    Set<String> ids = new LinkedHashSet<>();
    forEachOperation((path, method, operation) -> {
      String where = method.toUpperCase() + " " + path;
      String id = operation.getString("operationId");
      assertNotNull(id, where + " has no operationId");
      assertTrue(id.matches("[a-z][A-Za-z0-9]+"), where + ": " + id);
      assertTrue(ids.add(id), "duplicate operationId " + id);
      assertFalse(operation.getString("summary", "").isBlank(), where + " has no summary");
      assertFalse(operation.getString("description", "").isBlank(), where + " has no description");
      JsonArray tags = operation.getJsonArray("tags");
      assertTrue(tags != null && !tags.isEmpty() && declaredTags.containsAll(tags.getList()), where + " tags " + tags);
      JsonObject responses = operation.getJsonObject("responses");
      String success = responses.fieldNames().stream().filter(code -> code.startsWith("2")).findFirst().orElse(null);
      assertNotNull(success, where + " has no 2xx response");
      assertFalse(responses.getJsonObject(success).getJsonObject("content", new JsonObject()).isEmpty(),
        where + " says nothing of what it answers");
      for (String code : responses.fieldNames()) {
        JsonObject response = response(responses.getJsonObject(code));
        assertFalse(response.getString("description", "").isBlank(), where + " " + code + " has no description");
        if (code.startsWith("4") || (code.startsWith("5") && !path.startsWith("/health"))) {
          assertEquals("#/components/schemas/Error", response.getJsonObject("content").getJsonObject("application/json")
            .getJsonObject("schema").getString("$ref"), where + " " + code + " answers the Error schema");
        }
      }
      boolean hasParameters = operation.getJsonArray("parameters", new JsonArray()).size() > 0;
      boolean hasBody = operation.containsKey("requestBody");
      if (hasParameters || hasBody) {
        assertTrue(responses.containsKey("400"), where + " refuses bad input with 400");
      }
      if (hasBody) {
        assertTrue(responses.containsKey("413"), where + " takes a body, so it may be too large");
        assertTrue(operation.getJsonObject("requestBody").getBoolean("required"), where);
      }
      assertEquals(REFUSING_UNKNOWN_QUERY.contains(id),
        operation.getBoolean(ApiContract.REFUSE_UNKNOWN_QUERY, false), where + " refuses unknown query parameters");
      if (OPEN.contains(id)) {
        assertEquals(new JsonArray(), operation.getJsonArray("security"), where + " needs no key");
      } else {
        assertTrue(path.startsWith("/api/"), where);
        assertTrue(responses.containsKey("401"), where + " answers 401 without a key when keys are configured");
      }
    });
    assertEquals(ROUTES.size(), ids.size());
  }

  @Test
  void theLiveFeedsAreServerSentEventsAndTheRestJson() {
    forEachOperation((path, method, operation) -> {
      JsonObject responses = operation.getJsonObject("responses");
      String success = responses.fieldNames().stream().filter(code -> code.startsWith("2")).sorted().findFirst().orElseThrow();
      JsonObject content = responses.getJsonObject(success).getJsonObject("content");
      String id = operation.getString("operationId");
      Set<String> types = content.fieldNames();
      switch (id) {
        case "streamLiveMetrics", "streamAlerts", "streamDetections" -> {
          assertEquals(Set.of("text/event-stream"), types, id);
          assertTrue(operation.getJsonObject("x-sse-data").getString("$ref").startsWith("#/components/schemas/"), id);
        }
        case "exportEvents" -> assertEquals(Set.of("application/x-ndjson", "text/csv"), types, id);
        case "getOpenApiDocument" -> assertEquals(Set.of("application/yaml"), types, id);
        default -> assertEquals(Set.of("application/json"), types, id);
      }
    });
  }

  @Test
  void theApiNeedsAnApiKeyOrSessionAndTheAttackControlTheAdminKeyToo() {
    JsonArray keyOrSession = new JsonArray().add(new JsonObject().put("apiKey", new JsonArray()))
      .add(new JsonObject().put("session", new JsonArray()));
    assertEquals(keyOrSession, document.getJsonArray("security"));
    JsonObject schemes = document.getJsonObject("components").getJsonObject("securitySchemes");
    assertEquals("apiKey", schemes.getJsonObject("apiKey").getString("type"));
    assertEquals("header", schemes.getJsonObject("apiKey").getString("in"));
    assertEquals(io.tspipe.web.access.ApiKeys.HEADER, schemes.getJsonObject("apiKey").getString("name"));
    assertEquals("apiKey", schemes.getJsonObject("session").getString("type"));
    assertEquals("cookie", schemes.getJsonObject("session").getString("in"));
    assertEquals(io.tspipe.web.access.ApiKeys.COOKIE, schemes.getJsonObject("session").getString("name"));
    assertEquals("http", schemes.getJsonObject("adminKey").getString("type"));
    assertEquals("bearer", schemes.getJsonObject("adminKey").getString("scheme"));
    JsonObject operation = document.getJsonObject("paths").getJsonObject("/api/v1/generator/attack").getJsonObject("post");
    assertEquals(new JsonArray()
        .add(new JsonObject().put("apiKey", new JsonArray()).put("adminKey", new JsonArray()))
        .add(new JsonObject().put("session", new JsonArray()).put("adminKey", new JsonArray())),
      operation.getJsonArray("security"));
    assertTrue(operation.getJsonObject("responses").fieldNames().containsAll(Set.of("200", "400", "401", "403", "413", "503")));
    for (String[] admin : List.of(new String[]{"/api/v1/generator/scenarios", "post", "202"},
      new String[]{"/api/v1/generator/scenarios/{runId}", "delete", "202"}, new String[]{"/api/v1/labels", "post", "201"},
      new String[]{"/api/v1/labels/{kind}/{value}/{label}", "delete", "200"})) {
      JsonObject guarded = document.getJsonObject("paths").getJsonObject(admin[0]).getJsonObject(admin[1]);
      assertEquals(operation.getJsonArray("security"), guarded.getJsonArray("security"), admin[0]);
      assertTrue(guarded.getJsonObject("responses").fieldNames().containsAll(Set.of(admin[2], "400", "401", "403", "503")),
        admin[0]);
    }
  }

  @Test
  void theScenarioSchemasAreTheCatalogue() {
    List<String> names = java.util.Arrays.stream(io.tspipe.truth.Scenario.values())
      .map(io.tspipe.truth.Scenario::wireName).toList();
    assertEquals(names, schema("ScenarioName").getJsonArray("enum").getList());
    JsonObject properties = schema("ScenarioStartRequest").getJsonObject("properties");
    for (io.tspipe.truth.Scenario scenario : io.tspipe.truth.Scenario.values()) {
      for (io.tspipe.truth.ScenarioParameter knob : scenario.parameters()) {
        JsonObject described = properties.getJsonObject(knob.name());
        if (described != null) {
          assertEquals(knob.type().wireName(), described.getString("type"), scenario + " " + knob.name());
          assertEquals(knob.min(), described.getNumber("minimum").doubleValue(), scenario + " " + knob.name());
          assertEquals(knob.max(), described.getNumber("maximum").doubleValue(), scenario + " " + knob.name());
        }
      }
    }
    assertEquals(Set.of("scenario", "intensity", "durationSeconds"), properties.fieldNames());
  }

  @Test
  void theErrorSchemaIsErrorMessageAndField() {
    JsonObject error = schema("Error");
    assertEquals(new JsonArray().add("error").add("message"), error.getJsonArray("required"));
    assertEquals(Set.of("error", "message", "field"), error.getJsonObject("properties").fieldNames());
  }

  @Test
  void checkRefusesAnUnknownOperationAtWiringTime() {
    assertThrows(IllegalArgumentException.class, () -> contract.validator("noSuchOperation"));
  }

  // ---- the patterns accept everything the handlers' checks accept

  private static final String UUID_OK = "6f1c5a8e-7a51-4c2e-9b8e-5d1f6a2b7c90";

  @Test
  void everyInstantTheHandlersReadMatchesTheInstantPattern() {
    Pattern instant = pattern(schema("InstantParameter"));
    JsonObject filters = schema("SearchFilters").getJsonObject("properties");
    assertEquals(instant.pattern(), filters.getJsonObject("from").getString("pattern"), "filters.from reads instants alike");
    assertEquals(instant.pattern(), filters.getJsonObject("to").getString("pattern"), "filters.to reads instants alike");
    List<String> accepted = new ArrayList<>();
    Random random = new Random(42);
    String[] years = {"2026", "1970", "0001", "9999", "-0001", "+10000", "+999999999", "-999999999", "2026", "12026",
      "1969", "2099", "2100", "+2026", "0000", "2000", "2026", "1999"};
    String[] times = {"10:00", "10:00:00", "10:00:00.", "10:00:00.5", "10:00:00.123", "10:00:00.123456789",
      "10:00:00.1234567890", "23:59:59", "24:00", "10:00:60", "9:00", "10:0"};
    String[] offsets = {"Z", "z", "+01:00", "-01:00", "+01", "+1", "+0100", "+01:00:30", "+010030", "+18:00", "-18:00",
      "+19:00", "+01:00:3", "", "UTC", "+01:00Z", "[Europe/Paris]"};
    String[] separators = {"T", "t", " "};
    for (int i = 0; i < 20_000; i++) {
      String candidate = years[random.nextInt(years.length)] + "-" + two(random.nextInt(14)) + "-" + two(random.nextInt(33))
        + separators[random.nextInt(separators.length)] + times[random.nextInt(times.length)]
        + offsets[random.nextInt(offsets.length)];
      if (parses(candidate)) {
        accepted.add(candidate);
        assertTrue(instant.matcher(candidate).find(), candidate + " is read by the handlers but refused by the contract");
      } else {
        assertThrows(BadRequest.class, () -> Values.instant("from", candidate));
      }
    }
    assertTrue(accepted.size() > 1_000, "the sample holds many readable instants: " + accepted.size());
    for (String refused : List.of("yesterday", "0 OR 1=1", "2026-11-24", "1795514400000", "2026-11-24 10:00:00Z")) {
      assertFalse(instant.matcher(refused).find(), refused);
    }
  }

  private static boolean parses(String text) {
    try {
      Values.instant("from", text);
      return OffsetDateTime.parse(text) != null;
    } catch (BadRequest | DateTimeParseException refused) {
      return false;
    }
  }

  private static String two(int n) {
    return n < 10 ? "0" + n : String.valueOf(n);
  }

  @Test
  void everyAddressTheHandlersAcceptMatchesItsPattern() {
    JsonObject filters = schema("SearchFilters").getJsonObject("properties");
    Pattern ip = pattern(filters.getJsonObject("ip"));
    Pattern email = pattern(filters.getJsonObject("email"));
    Pattern userId = pattern(filters.getJsonObject("userId"));
    JsonObject entity = parameter("/api/v1/entities/{kind}/{value}", "get", "value");
    Pattern entityValue = pattern(entity);
    int maxEntityLength = entity.getInteger("maxLength");
    Pattern kind = pattern(parameter("/api/v1/entities/{kind}/{value}", "get", "kind"));
    Pattern eventId = pattern(schema("Uuid"));

    List<String> ips = List.of("198.51.100.7", "0.0.0.0", "255.255.255.255", "10.1.2.3", "::", "::1", "2001:db8::1",
      "2001:DB8::1", "2001:0db8:0000:0000:0000:0000:0000:0001", "fe80::1:2:3:4", "::ffff:192.0.2.128",
      "::192.0.2.128", "1:2:3:4:5:6:7:8", "1::8", "1:2:3:4:5:6:1.2.3.4", "ABCD:EF01::", "2001:db8:0:0:0:0:2:1",
      "0:0:0:0:0:0:0:0", "1::", "::ffff:0:0");
    for (String address : ips) {
      assertEquals(address, Values.ip("filters.ip", address), "the handlers take " + address);
      assertTrue(ip.matcher(address).find(), address + " is refused by filters.ip");
      assertTrue(entityValue.matcher(address).find() && address.length() <= maxEntityLength, address + " as an entity");
    }
    Random random = new Random(7);
    for (int i = 0; i < 5_000; i++) {
      StringBuilder candidate = new StringBuilder();
      int length = 2 + random.nextInt(30);
      for (int c = 0; c < length; c++) {
        candidate.append("0123456789abcdefABCDEF:.:::"
          .charAt(random.nextInt(27)));
      }
      String text = candidate.toString();
      boolean taken;
      try {
        Values.ip("filters.ip", text);
        taken = true;
      } catch (BadRequest refused) {
        taken = false;
      }
      if (taken) {
        assertTrue(ip.matcher(text).find(), text + " is an address to the handlers but refused by the contract");
        assertTrue(entityValue.matcher(text).find(), text + " as an entity");
      }
    }
    for (String refused : List.of("example.org", "localhost", "1.2.3.4' OR '1'='1", "10.0.0.1 OR userId EXISTS",
      "256.1.1.1", "1.2.3")) {
      assertFalse(ip.matcher(refused).find(), refused);
    }

    List<String> emails = List.of("ana@example.org", "a\"b\\c@example.org", "x'OR'1'='1@a.bc", "a\\'@b.co",
      "x\"OR\"1\"=\"1@example.org", "ünï@exämple.de", "a+tag@sub.example.co.uk", "\"quoted\"@example.org",
      "a@b.c", "a@b.c.d", "a..b@c.d", "{}@[].()", "x".repeat(300) + "@example.org", "a@b\u00a0.c");
    for (String address : emails) {
      assertEquals(address, Values.email("filters.email", address), "the handlers take " + address);
      assertTrue(email.matcher(address).find(), address + " is refused by filters.email");
      assertTrue(entityValue.matcher(address).find(), address + " as an entity");
    }
    for (String refused : List.of("x\" OR type EXISTS", "a@b", "@b.c", "a b@c.d", "a@b.c\u000b", "a@@b.c")) {
      assertFalse(email.matcher(refused).find(), refused);
      assertThrows(BadRequest.class, () -> Values.email("filters.email", refused), refused);
    }

    for (String uuid : List.of(UUID_OK, UUID_OK.toUpperCase(), "00000000-0000-0000-0000-000000000000")) {
      Values.uuid("id", uuid);
      assertTrue(userId.matcher(uuid).find() && eventId.matcher(uuid).find() && entityValue.matcher(uuid).find(), uuid);
    }
    for (String refused : List.of("42", "x\" OR userId EXISTS", "1 OR 1=1", UUID_OK + "0", "urn:uuid:" + UUID_OK)) {
      assertFalse(userId.matcher(refused).find() || eventId.matcher(refused).find(), refused);
    }

    for (String name : List.of("user", "ip", "email", "USER", "Ip", "eMaIl")) {
      assertTrue(kind.matcher(name).find(), name);
    }
    for (String refused : List.of("table", "users", "", "ip ")) {
      assertFalse(kind.matcher(refused).find(), refused);
    }
  }

  @Test
  void plainWordsDescribeWhatASchemaTakes() {
    assertEquals("an integer from 1 to 100", RefusalWords.describe(new JsonObject().put("type", new JsonArray().add("integer").add("null"))
      .put("minimum", 1).put("maximum", 100)));
    assertEquals("one of 15m, 1h", RefusalWords.describe(new JsonObject().put("type", "string")
      .put("enum", new JsonArray().add("15m").add("1h"))));
    assertEquals("a multiple of 60 from 60 to 86400", RefusalWords.describe(new JsonObject().put("type", "integer")
      .put("minimum", 60).put("maximum", 86400).put("multipleOf", 60)));
    assertEquals("an instant", RefusalWords.describe(new JsonObject().put("type", "string").put(ApiContract.EXPECTED, "an instant")));
  }

  // ---- helpers

  private interface OperationVisitor {
    void visit(String path, String method, JsonObject operation);
  }

  private static void forEachOperation(OperationVisitor visitor) {
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (Set.of("get", "post", "put", "delete", "patch", "head", "options", "trace").contains(method)) {
          visitor.visit(path, method, item.getJsonObject(method));
        }
      }
    }
  }

  private static JsonObject response(JsonObject response) {
    String ref = response.getString("$ref");
    if (ref == null) {
      return response;
    }
    return document.getJsonObject("components").getJsonObject("responses").getJsonObject(ref.substring(ref.lastIndexOf('/') + 1));
  }

  private static JsonObject schema(String name) {
    return document.getJsonObject("components").getJsonObject("schemas").getJsonObject(name);
  }

  private static JsonObject parameter(String path, String method, String name) {
    return document.getJsonObject("paths").getJsonObject(path).getJsonObject(method).getJsonArray("parameters").stream()
      .map(JsonObject.class::cast).filter(parameter -> name.equals(parameter.getString("name"))).findFirst()
      .orElseThrow().getJsonObject("schema");
  }

  /** A schema's pattern as the validator runs it: java.util.regex, {@code find()}. */
  private static Pattern pattern(JsonObject schema) {
    return Pattern.compile(schema.getString("pattern"));
  }
}
