package io.tspipe.web;

import io.tspipe.generator.OutgoingEvent;
import io.tspipe.store.StoredValues;
import io.tspipe.testing.TestPipeline;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The search, event and entity APIs of the real web verticle, over a fixed data set that went through the real
 * pipeline (Kafka, worker into ClickHouse, indexer into Meilisearch). Every expected answer is computed here from the
 * data set itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchApiIT {

  private static final int EVENTS = 3_000;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private TestPipeline pipeline;
  private String baseUrl;
  private final List<JsonObject> events = new ArrayList<>();
  private final Map<String, Long> millis = new HashMap<>();
  private long windowStart;
  private long windowEnd;

  /** Good events of the generator, their timestamps spread one second apart over the last hour. */
  @BeforeAll
  void storeAndIndexAFixedDataSet() throws Exception {
    pipeline = TestPipeline.create("web-api");
    long newest = Instant.now().minusSeconds(5).toEpochMilli();
    List<OutgoingEvent> records = new ArrayList<>();
    for (OutgoingEvent record : TestPipeline.generate(EVENTS + 100, false, 31).records()) {
      if (record.kind() != OutgoingEvent.Kind.GOOD || records.size() == EVENTS) {
        continue;
      }
      long at = newest - (EVENTS - records.size()) * 1000L;
      JsonObject event = new JsonObject(record.value()).put("timestamp", StoredValues.formatMillis(at));
      events.add(event);
      millis.put(event.getString("id"), at);
      records.add(new OutgoingEvent(record.type(), record.key(), event.encode(), OutgoingEvent.Kind.GOOD));
    }
    windowStart = newest - 2_000_000L;
    windowEnd = newest - 1_000_000L;
    pipeline.deployWorker();
    pipeline.deployIndexer();
    baseUrl = pipeline.deployWeb();
    pipeline.produce(records);
    pipeline.produceRaw(pipeline.kafka().attackWindowsTopic(), "window", new JsonObject()
      .put("windowId", UUID.randomUUID().toString())
      .put("startedAt", StoredValues.formatMillis(windowStart))
      .put("endedAt", StoredValues.formatMillis(windowEnd))
      .put("trigger", "forced").encode());
    pipeline.awaitNumber("SELECT count() FROM ${db}.events", EVENTS, Duration.ofMinutes(2));
    pipeline.awaitNumber("SELECT count() FROM ${db}.attack_windows", 1, Duration.ofMinutes(1));
    pipeline.awaitDocuments(EVENTS, Duration.ofMinutes(2));
  }

  @AfterAll
  void close() {
    pipeline.close();
  }

  @Test
  @DisplayName("every filter, alone and combined, answers exactly the events it describes")
  void filtersAreExact() throws Exception {
    String topCountry = mostCommon(e -> geo(e, "country"));
    String topIp = mostCommon(e -> e.getString("sourceIp"));
    String topUser = mostCommon(e -> e.getString("userId"));
    String topEmail = mostCommon(e -> e.getString("recipientEmail"));
    long from = newestMillis() - 1_800_000L;
    long to = newestMillis() - 600_000L;
    Map<JsonObject, Predicate<JsonObject>> cases = new java.util.LinkedHashMap<>();
    cases.put(filters("type", List.of("api_request")), e -> type(e, "api_request"));
    cases.put(filters("type", List.of("account_activity", "email_send")), e -> !type(e, "api_request"));
    cases.put(new JsonObject().put("type", new JsonArray().add("account_activity")).put("success", false),
      e -> type(e, "account_activity") && !e.getBoolean("success"));
    cases.put(filters("action", List.of("login", "logout")),
      e -> in(e.getString("action"), "login", "logout"));
    cases.put(new JsonObject().put("method", new JsonArray().add("POST").add("GET")).put("status", new JsonArray()
        .add(new JsonObject().put("min", 500).put("max", 599)).add(new JsonObject().put("min", 429))),
      e -> in(e.getString("method"), "POST", "GET")
        && (status(e) >= 500 && status(e) <= 599 || status(e) == 429));
    cases.put(new JsonObject().put("status", new JsonArray().add(new JsonObject().put("min", 200).put("max", 299))),
      e -> status(e) >= 200 && status(e) <= 299);
    cases.put(filters("bounceType", List.of("hard", "soft")), e -> in(e.getString("bounceType"), "hard", "soft"));
    cases.put(filters("country", List.of(topCountry)), e -> topCountry.equals(geo(e, "country")));
    cases.put(new JsonObject().put("ip", topIp), e -> topIp.equals(e.getString("sourceIp")));
    cases.put(new JsonObject().put("userId", topUser.toUpperCase()), e -> topUser.equals(e.getString("userId")));
    cases.put(new JsonObject().put("email", topEmail), e -> topEmail.equals(e.getString("recipientEmail")));
    cases.put(new JsonObject().put("from", StoredValues.formatMillis(from)).put("to", StoredValues.formatMillis(to)),
      e -> millis.get(e.getString("id")) >= from && millis.get(e.getString("id")) < to);
    cases.put(new JsonObject().put("from", StoredValues.formatMillis(from)).put("type", new JsonArray().add("account_activity"))
        .put("success", true).put("country", new JsonArray().add(topCountry)),
      e -> millis.get(e.getString("id")) >= from && type(e, "account_activity") && e.getBoolean("success")
        && topCountry.equals(geo(e, "country")));

    for (Map.Entry<JsonObject, Predicate<JsonObject>> filterCase : cases.entrySet()) {
      Set<String> expected = ids(events.stream().filter(filterCase.getValue()).toList());
      assertTrue(expected.size() > 0, "the data set has events for " + filterCase.getKey());
      Set<String> found = allIds(new JsonObject().put("filters", filterCase.getKey()));
      assertEquals(expected, found, "hits for filters " + filterCase.getKey());
    }
  }

  @Test
  @DisplayName("free text finds an event by its user, IP and email")
  void freeTextFindsByIdentifiers() throws Exception {
    JsonObject email = events.stream().filter(e -> type(e, "email_send")).findFirst().orElseThrow();
    for (String field : List.of("userId", "sourceIp", "recipientEmail")) {
      String value = email.getString(field);
      JsonObject answer = search(new JsonObject().put("q", value).put("limit", 100));
      assertTrue(answer.getJsonArray("hits").stream().map(hit -> ((JsonObject) hit).getString("id"))
        .anyMatch(email.getString("id")::equals), "'" + value + "' finds " + email.getString("id"));
      assertTrue(answer.getJsonArray("hits").stream().allMatch(hit -> ((JsonObject) hit).encode().contains(value)),
        "every hit of '" + value + "' holds it");
    }
  }

  @Test
  @DisplayName("facet counts equal the counts of the data set")
  void facetsCount() throws Exception {
    JsonObject answer = search(new JsonObject().put("limit", 1)
      .put("facets", new JsonArray().add("type").add("method").add("statusCode").add("country").add("success").add("bounceType")));
    assertEquals(EVENTS, answer.getLong("total"));
    JsonObject facets = answer.getJsonObject("facets");
    assertEquals(counts(e -> e.getString("type")), facets.getJsonObject("type").getMap());
    assertEquals(counts(e -> e.getString("method")), facets.getJsonObject("method").getMap());
    assertEquals(counts(e -> e.getValue("statusCode") == null ? null : String.valueOf(status(e))),
      facets.getJsonObject("statusCode").getMap());
    assertEquals(counts(e -> geo(e, "country")), facets.getJsonObject("country").getMap());
    assertEquals(counts(e -> e.getValue("success") == null ? null : String.valueOf(e.getBoolean("success"))),
      facets.getJsonObject("success").getMap());
    assertEquals(counts(e -> e.getString("bounceType")), facets.getJsonObject("bounceType").getMap());

    JsonObject failedLogins = search(new JsonObject().put("limit", 1).put("facets", new JsonArray().add("country"))
      .put("filters", new JsonObject().put("action", new JsonArray().add("login")).put("success", false)));
    Map<String, Object> expected = counts(e -> "login".equals(e.getString("action")) && !e.getBoolean("success")
      ? geo(e, "country") : null);
    assertEquals(expected, failedLogins.getJsonObject("facets").getJsonObject("country").getMap());
  }

  @Test
  @DisplayName("sorting by time and by response time orders the hits as the data set orders")
  void sorts() throws Exception {
    List<Long> newestFirst = events.stream().map(e -> millis.get(e.getString("id"))).sorted(Comparator.reverseOrder())
      .limit(100).toList();
    JsonObject answer = search(new JsonObject().put("limit", 100));
    assertEquals("timestamp:desc", answer.getString("sort"));
    assertEquals(newestFirst, answer.getJsonArray("hits").stream()
      .map(hit -> Instant.parse(((JsonObject) hit).getString("timestamp")).toEpochMilli()).toList());

    List<Long> oldestFirst = events.stream().map(e -> millis.get(e.getString("id"))).sorted().limit(100).toList();
    assertEquals(oldestFirst, search(new JsonObject().put("limit", 100).put("sort", "timestamp:asc"))
      .getJsonArray("hits").stream().map(hit -> Instant.parse(((JsonObject) hit).getString("timestamp")).toEpochMilli())
      .toList());

    List<Long> slowest = events.stream().filter(e -> type(e, "api_request")).map(e -> e.getLong("responseTimeMs"))
      .sorted(Comparator.reverseOrder()).limit(100).toList();
    JsonObject bySlowest = search(new JsonObject().put("limit", 100).put("sort", "responseTimeMs:desc")
      .put("filters", new JsonObject().put("type", new JsonArray().add("api_request"))));
    assertEquals(slowest, bySlowest.getJsonArray("hits").stream()
      .map(hit -> ((JsonObject) hit).getLong("responseTimeMs")).toList());
  }

  @Test
  @DisplayName("pages partition the hits: every event once, page counts right, past the end empty")
  void paginates() throws Exception {
    List<JsonObject> emails = events.stream().filter(e -> type(e, "email_send")).toList();
    JsonObject request = new JsonObject().put("limit", 37)
      .put("filters", new JsonObject().put("type", new JsonArray().add("email_send")));
    JsonObject first = search(request.copy().put("page", 1));
    long pages = (emails.size() + 36) / 37;
    assertEquals(emails.size(), first.getLong("total"));
    assertEquals(pages, first.getLong("totalPages"));
    List<String> seen = new ArrayList<>();
    for (int page = 1; page <= pages; page++) {
      JsonObject answer = search(request.copy().put("page", page));
      assertEquals(page, answer.getInteger("page"));
      answer.getJsonArray("hits").forEach(hit -> seen.add(((JsonObject) hit).getString("id")));
    }
    assertEquals(emails.size(), seen.size(), "no event on two pages");
    assertEquals(ids(emails), new HashSet<>(seen));
    assertTrue(search(request.copy().put("page", (int) pages + 1)).getJsonArray("hits").isEmpty());
  }

  @Test
  @DisplayName("a hit and GET /api/v1/events/{id} give back the event as it was produced")
  void eventsRoundTrip() throws Exception {
    for (String type : List.of("account_activity", "api_request", "email_send")) {
      JsonObject original = events.stream().filter(e -> type(e, type)).findFirst().orElseThrow();
      Answer stored = get("/api/v1/events/" + original.getString("id").toUpperCase());
      assertEquals(200, stored.status(), stored.body().encode());
      assertEquals(original, stored.body().getJsonObject("event"));
      assertEquals(pipeline.kafka().topicOf(io.tspipe.event.EventType.fromWireName(type).orElseThrow()),
        stored.body().getJsonObject("storage").getString("topic"));
      JsonObject hit = search(new JsonObject().put("filters", new JsonObject().put("userId", original.getString("userId")))
        .put("limit", 100)).getJsonArray("hits").stream().map(JsonObject.class::cast)
        .filter(candidate -> candidate.getString("id").equals(original.getString("id"))).findFirst().orElseThrow();
      assertEquals(original, hit);
    }
    Answer missing = get("/api/v1/events/" + UUID.randomUUID());
    assertEquals(404, missing.status());
    assertEquals("not_found", missing.body().getString("error"));
  }

  @Test
  @DisplayName("an entity profile counts what the data set holds and offers its related entities to pivot on")
  void entityProfiles() throws Exception {
    String user = mostCommon(e -> e.getString("userId"));
    List<JsonObject> ofUser = events.stream().filter(e -> user.equals(e.getString("userId"))).toList();
    Answer profile = get("/api/v1/entities/user/" + user + "?recent=5");
    assertEquals(200, profile.status(), profile.body().encode());
    JsonObject body = profile.body();
    assertEquals(ofUser.size(), body.getLong("events"));
    assertEquals(failures(ofUser), body.getLong("failures"));
    assertEquals(StoredValues.formatMillis(ofUser.stream().mapToLong(e -> millis.get(e.getString("id"))).min().orElseThrow()),
      body.getString("firstSeen"));
    assertEquals(StoredValues.formatMillis(ofUser.stream().mapToLong(e -> millis.get(e.getString("id"))).max().orElseThrow()),
      body.getString("lastSeen"));
    for (String type : List.of("account_activity", "api_request", "email_send")) {
      List<JsonObject> typed = ofUser.stream().filter(e -> type(e, type)).toList();
      if (typed.isEmpty()) {
        assertNull(body.getJsonObject("byType").getJsonObject(type));
      } else {
        assertEquals(typed.size(), body.getJsonObject("byType").getJsonObject(type).getLong("events"), type);
        assertEquals(failures(typed), body.getJsonObject("byType").getJsonObject(type).getLong("failures"), type);
      }
    }
    Set<String> ips = ofUser.stream().map(e -> e.getString("sourceIp")).collect(Collectors.toSet());
    assertEquals(ips.size(), body.getJsonObject("distinct").getLong("ips"));
    assertEquals(Math.min(ips.size(), 20), body.getJsonObject("related").getJsonArray("ips").size());
    assertTrue(body.getJsonObject("related").getJsonArray("ips").stream()
      .allMatch(related -> ips.contains(((JsonObject) related).getString("value"))));
    assertEquals(ofUser.stream().map(e -> e.getString("recipientEmail")).filter(java.util.Objects::nonNull)
      .collect(Collectors.toSet()).size(), body.getJsonObject("related").getJsonArray("emails").size());
    List<Long> recent = ofUser.stream().map(e -> millis.get(e.getString("id"))).sorted(Comparator.reverseOrder())
      .limit(5).toList();
    assertEquals(recent, body.getJsonArray("recentEvents").stream()
      .map(e -> Instant.parse(((JsonObject) e).getString("timestamp")).toEpochMilli()).toList());
    long inWindow = ofUser.stream().filter(e -> millis.get(e.getString("id")) >= windowStart
      && millis.get(e.getString("id")) <= windowEnd).count();
    assertEquals(inWindow, body.getJsonObject("attackWindows").getLong("eventsInWindows"));

    // pivot: from the user's busiest IP to the users behind it
    String ip = body.getJsonObject("related").getJsonArray("ips").getJsonObject(0).getString("value");
    Answer ipProfile = get(body.getJsonObject("related").getJsonArray("ips").getJsonObject(0).getString("href"));
    assertEquals(200, ipProfile.status(), ipProfile.body().encode());
    Set<String> usersOfIp = events.stream().filter(e -> ip.equals(e.getString("sourceIp")))
      .map(e -> e.getString("userId")).collect(Collectors.toSet());
    assertEquals(usersOfIp.size(), ipProfile.body().getJsonObject("distinct").getLong("users"));
    assertTrue(ipProfile.body().getJsonObject("related").getJsonArray("users").stream()
      .anyMatch(related -> user.equals(((JsonObject) related).getString("value"))));

    String email = mostCommon(e -> e.getString("recipientEmail"));
    Answer emailProfile = get("/api/v1/entities/email/" + URLEncoder.encode(email, StandardCharsets.UTF_8));
    assertEquals(200, emailProfile.status(), emailProfile.body().encode());
    assertEquals(events.stream().filter(e -> email.equals(e.getString("recipientEmail"))).count(),
      emailProfile.body().getLong("events"));

    assertEquals(404, get("/api/v1/entities/ip/203.0.113.254").status());
  }

  @Test
  @DisplayName("injection attempts in every field are refused naming the field, or are harmless")
  void injectionIsRefusedOrHarmless() throws Exception {
    Map<String, String> refused = new java.util.LinkedHashMap<>();
    refused.put("{\"filter\": \"type = api_request OR 1 = 1\"}", "filter");
    refused.put("{\"filters\": {\"type\": [\"api_request\\\" OR type EXISTS OR type = \\\"x\"]}}", "filters.type[0]");
    refused.put("{\"filters\": {\"country\": [\"US\\\" OR country EXISTS\"]}}", "filters.country[0]");
    refused.put("{\"filters\": {\"action\": [\"login OR success = true\"]}}", "filters.action[0]");
    refused.put("{\"filters\": {\"method\": [\"GET] OR type EXISTS OR method IN [GET\"]}}", "filters.method[0]");
    refused.put("{\"filters\": {\"bounceType\": [\"hard\\\" OR 1\"]}}", "filters.bounceType[0]");
    refused.put("{\"filters\": {\"status\": [{\"min\": \"500 OR statusCode EXISTS\"}]}}", "filters.status[0].min");
    refused.put("{\"filters\": {\"success\": \"true OR 1=1\"}}", "filters.success");
    refused.put("{\"filters\": {\"from\": \"0 OR timestamp EXISTS\"}}", "filters.from");
    refused.put("{\"filters\": {\"ip\": \"1.2.3.4\\\" OR sourceIp EXISTS OR sourceIp = \\\"\"}}", "filters.ip");
    refused.put("{\"filters\": {\"userId\": \"x\\\" OR userId EXISTS\"}}", "filters.userId");
    refused.put("{\"filters\": {\"email\": \"a@b.c\\\" OR recipientEmail EXISTS\"}}", "filters.email");
    refused.put("{\"sort\": \"timestamp:desc\\\", \\\"userId:asc\"}", "sort");
    refused.put("{\"facets\": [\"*\"]}", "facets[0]");
    refused.put("{\"page\": \"1; DROP TABLE events\"}", "page");
    refused.put("{\"limit\": 1000000}", "limit");
    refused.put("not json at all", "body");
    for (Map.Entry<String, String> attempt : refused.entrySet()) {
      Answer answer = post("/api/v1/search", attempt.getKey());
      assertEquals(400, answer.status(), attempt.getKey() + " → " + answer.body().encode());
      assertEquals(attempt.getValue(), answer.body().getString("field"), attempt.getKey());
      assertEquals("bad_request", answer.body().getString("error"));
    }

    // values that are valid in shape but carry filter syntax only ever match as literals
    String quoting = "x\"OR\"1\"=\"1@example.org";
    assertEquals(0, search(new JsonObject().put("filters", new JsonObject().put("email", quoting))).getLong("total"));
    String quotingBackslash = "x\\\"OR\\\"1@example.org";
    assertEquals(0, search(new JsonObject().put("filters", new JsonObject().put("email", quotingBackslash))).getLong("total"));
    for (String q : List.of("\" OR 1=1 --", "type = api_request OR type EXISTS", "'; DROP TABLE events; --")) {
      Answer answer = post("/api/v1/search", new JsonObject().put("q", q).encode());
      assertEquals(200, answer.status(), q + " → " + answer.body().encode());
      assertTrue(answer.body().getLong("total") < EVENTS, "'" + q + "' is text, not a filter that matches all");
    }
    for (String q : List.of("*", "\\", "\"", "-", "\u0000")) {
      assertEquals(200, post("/api/v1/search", new JsonObject().put("q", q).encode()).status(), q);
    }

    for (String path : List.of("/api/v1/events/1%20OR%201=1", "/api/v1/events/'%20OR%20''='",
      "/api/v1/entities/user/'%20OR%201=1%20--", "/api/v1/entities/ip/1.2.3.4'%20OR%20'1'='1",
      "/api/v1/entities/ip/localhost", "/api/v1/entities/email/a'%20OR%20'1'='1", "/api/v1/entities/table/events")) {
      Answer answer = get(path);
      assertEquals(400, answer.status(), path + " → " + answer.body().encode());
      assertTrue(answer.body().getString("field") != null, path);
    }
    for (String path : List.of("/api/v1/entities/email/" + URLEncoder.encode("x'OR'1'='1@a.bc", StandardCharsets.UTF_8),
      "/api/v1/entities/email/" + URLEncoder.encode("a\\'@b.co", StandardCharsets.UTF_8))) {
      assertEquals(404, get(path).status(), path);
    }
    assertEquals(400, get("/api/v1/entities/user/" + events.get(0).getString("userId") + "?recent=1;DROP").status());

    Answer tooLarge = post("/api/v1/search", new JsonObject().put("q", "x".repeat(70_000)).encode());
    assertEquals(413, tooLarge.status());
    assertEquals("body", tooLarge.body().getString("field"));
    assertEquals(404, get("/api/v1/nothing-here").status());

    assertEquals(EVENTS, pipeline.awaitResult(pipeline.search().documentCount()));
    assertEquals(EVENTS, pipeline.number("SELECT count() FROM ${db}.events"));
  }

  // --- the data set

  private String mostCommon(Function<JsonObject, String> key) {
    return events.stream().map(key).filter(java.util.Objects::nonNull)
      .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
      .entrySet().stream().max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
      .orElseThrow().getKey();
  }

  private Map<String, Object> counts(Function<JsonObject, String> key) {
    return events.stream().map(key).filter(java.util.Objects::nonNull)
      .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
      .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, entry -> (Object) entry.getValue().intValue()));
  }

  private long newestMillis() {
    return millis.values().stream().mapToLong(Long::longValue).max().orElseThrow();
  }

  private static long failures(List<JsonObject> events) {
    return events.stream().filter(e -> type(e, "api_request") ? status(e) >= 400 : !e.getBoolean("success", true)).count();
  }

  private static boolean in(String value, String... values) {
    return value != null && List.of(values).contains(value);
  }

  private static boolean type(JsonObject event, String type) {
    return type.equals(event.getString("type"));
  }

  private static int status(JsonObject event) {
    return event.getInteger("statusCode", 0);
  }

  private static String geo(JsonObject event, String field) {
    JsonObject geo = event.getJsonObject("geo");
    return geo == null ? null : geo.getString(field);
  }

  private static JsonObject filters(String field, List<String> values) {
    return new JsonObject().put(field, new JsonArray(new ArrayList<>(values)));
  }

  private static Set<String> ids(List<JsonObject> events) {
    return events.stream().map(e -> e.getString("id")).collect(Collectors.toSet());
  }

  // --- the API

  /** Every hit of a search, page by page. */
  private Set<String> allIds(JsonObject request) throws Exception {
    Set<String> ids = new HashSet<>();
    for (int page = 1; ; page++) {
      JsonObject answer = search(request.copy().put("page", page).put("limit", 100));
      answer.getJsonArray("hits").forEach(hit -> ids.add(((JsonObject) hit).getString("id")));
      if (page >= answer.getLong("totalPages")) {
        assertEquals(answer.getLong("total"), (long) ids.size(), "total of " + request);
        return ids;
      }
    }
  }

  private JsonObject search(JsonObject request) throws Exception {
    Answer answer = post("/api/v1/search", request.encode());
    assertEquals(200, answer.status(), request + " → " + answer.body().encode());
    return answer.body();
  }

  private record Answer(int status, JsonObject body) {
  }

  private Answer post(String path, String body) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
      .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private Answer get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
  }

  private static Answer send(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
      HttpResponse.BodyHandlers.ofString());
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""), response.body());
    return new Answer(response.statusCode(), new JsonObject(response.body()));
  }
}
